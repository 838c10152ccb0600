import {detect, validate} from '../../../schema/formats/functionality_report.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {mapFunctionalityReport, statsTimestamp} from '../normalize/functionality.js'
import {simulatedHardware} from '../normalize/simulation.js'
import {toIsoUtc} from '../normalize/time.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

export const functionalityReportAdapter: ShapeAdapter = {
  name: 'functionality_report',
  category: 'compatibility',
  priority: 45,
  description: 'Model functionality report (stats, model_results, detailed_results): one compatibility row per model x hardware',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(statsTimestamp(d))
    const stats = (d.stats ?? {}) as JsonObject
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'compatibility',
      startedAt,
      success: typeof stats.failed_tests === 'number' ? stats.failed_tests === 0 : null,
      metadata: runMetadata(ctx, startedAt !== null, rest(d, ['model_results', 'detailed_results'])),
    })
    out.compatibility = mapFunctionalityReport(d, {simulatedSet: simulatedHardware(d)})
    return out
  },
}
