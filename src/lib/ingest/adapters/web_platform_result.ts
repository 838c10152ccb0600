import {detect, validate} from '../../../schema/formats/web_platform_result.js'
import {fileStem, newDocument, runMetadata} from '../normalize/document.js'
import {simulatedHardware} from '../normalize/simulation.js'
import {toIsoUtc} from '../normalize/time.js'
import {webResultRow} from '../normalize/web.js'
import type {ShapeAdapter} from '../types.js'

export const webPlatformResultAdapter: ShapeAdapter = {
  name: 'web_platform_result',
  category: 'web_platform',
  priority: 50,
  description: 'One WebNN/WebGPU model test result with metrics (inference/load ms, memory MB) and simulation flags',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const out = newDocument({testName: fileStem(ctx), testType: 'web_platform', startedAt, metadata: runMetadata(ctx, startedAt !== null)})
    const row = webResultRow(d, simulatedHardware(d))
    out.webPlatform.push(row)
    out.run.success = row.success
    return out
  },
}
