import {detect, validate} from '../../../schema/formats/hardware_coverage_report.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelFrom} from '../normalize/model.js'
import {toIsoUtc} from '../normalize/time.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

/**
 * No benchmark data: a static scan of test files for per-platform methods. It is mapped as
 * compatibility evidence (is_compatible = `supported`; the method flags in metadata, with
 * metadata.evidence = 'static_code_coverage' so it is never mistaken for a run).
 */
export const hardwareCoverageReportAdapter: ShapeAdapter = {
  name: 'hardware_coverage_report',
  category: 'hardware',
  priority: 50,
  description: 'Static hardware coverage of test files (platform_coverage + model_results[].platforms): compatibility evidence per model x platform',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const out = newDocument({testName: fileStem(ctx), testType: 'hardware_coverage', startedAt, metadata: runMetadata(ctx, startedAt !== null, rest(d, ['model_results', 'timestamp']))})
    for (const m of d.model_results as Array<Record<string, unknown>>) {
      const model = modelFrom(null, m.model as string)
      for (const [hw, flags] of Object.entries(m.platforms as Record<string, Record<string, boolean>>)) {
        out.compatibility.push({
          model,
          hardware: hardwareRef(hw),
          isCompatible: typeof flags.supported === 'boolean' ? flags.supported : null,
          metadata: {evidence: 'static_code_coverage', ...flags, ...rest(m, ['model', 'platforms'])} as JsonObject,
          simulated: false,
        })
      }
    }
    return out
  },
}
