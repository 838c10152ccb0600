import {detect, validate} from '../../../schema/formats/platform_results_test.js'
import {fileStem, isObject, newDocument, runMetadata} from '../normalize/document.js'
import {inferFamily} from '../normalize/model.js'
import {addSkillResult} from '../normalize/skillResult.js'
import {timeRange} from '../normalize/time.js'
import {str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

/**
 * Per-platform results are status maps without the platform prefix; prefixing them
 * (`cpu` + `init` -> `cpu_init`) lets the shared status-map mapping apply unchanged.
 * `success` then decides nothing on its own; it stays in the compatibility row's details.
 */
export const platformResultsTestAdapter: ShapeAdapter = {
  name: 'platform_results_test',
  category: 'hardware',
  priority: 45,
  description: 'Hardware test of one model: results.<platform> = {init, handler_created, execution_time, implementation_type, success}, metadata.model_path',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const meta = d.metadata as Record<string, unknown>
    const examples = Array.isArray(d.examples) ? d.examples : []
    const {startedAt, completedAt} = timeRange([meta.timestamp, ...examples.map((e) => (isObject(e) ? e.timestamp : null))])
    const out = newDocument({testName: fileStem(ctx), testType: 'hardware_test', startedAt, completedAt, metadata: runMetadata(ctx, startedAt !== null)})
    const status: JsonObject = {}
    for (const [platform, r] of Object.entries(d.results as Record<string, Record<string, unknown>>)) {
      for (const [k, v] of Object.entries(r)) status[`${platform.toLowerCase()}_${k}`] = v as JsonObject[string]
    }
    const name = str(meta.model_path) ?? str(meta.model_id)
    const key = name ? inferFamily(name) : null
    addSkillResult(out, {status, examples, metadata: {...meta, model_name: name}}, `test_hf_${key ?? 'model'}`, key)
    out.run.success = out.compatibility.every((r) => r.isCompatible !== false)
    return out
  },
}
