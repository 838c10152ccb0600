import {detect, validate} from '../../../schema/formats/web_platform_batch.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {simulatedHardware} from '../normalize/simulation.js'
import {timeRange} from '../normalize/time.js'
import {webResultRow} from '../normalize/web.js'
import type {ShapeAdapter} from '../types.js'

export const webPlatformBatchAdapter: ShapeAdapter = {
  name: 'web_platform_batch',
  category: 'web_platform',
  priority: 50,
  description: 'A web platform run over many models: {platform, models_tested, results: [web platform result]}',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const results = d.results as Array<Record<string, unknown>>
    const {startedAt, completedAt} = timeRange([d.timestamp, ...results.map((r) => r.timestamp)])
    const out = newDocument({testName: fileStem(ctx), testType: 'web_platform', startedAt, completedAt, metadata: runMetadata(ctx, startedAt !== null, rest(d, ['results', 'timestamp']))})
    const simSet = simulatedHardware(d)
    out.webPlatform = results.map((r) => webResultRow(r, simSet))
    out.run.success = out.webPlatform.every((r) => r.success === true)
    return out
  },
}
