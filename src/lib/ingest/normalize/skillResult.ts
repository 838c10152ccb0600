import type {JsonObject, ModelRef, NormalizedDocument} from '../types.js'
import {isObject, rest} from './document.js'
import {inferFamily, modelFrom} from './model.js'
import {simulatedHardware} from './simulation.js'
import {mapStatusMap} from './statusMap.js'
import {str} from './units.js'

/** Model of a skill test: metadata.model_name when canonical, else the key (`bert`) from model_type or the local path. */
export function skillModel(meta: Record<string, unknown>, fallbackKey: string | null): ModelRef | null {
  const name = str(meta.model_name) ?? str(meta.model) ?? str(meta.test_model)
  const key = str(meta.model_type) ?? (name ? inferFamily(name) : null) ?? fallbackKey
  if (!name && !key) return null
  return modelFrom(name, key ?? name!)
}

/** `test_hf_bert.py` / `skills/test_hf_t5.py` -> `bert` / `t5`; null for non-model tests. */
export function modelKeyFromTestFile(file: string): string | null {
  const m = /test_hf_([\w]+?)(?:\.py)?$/.exec(file.split('/').pop() ?? file)
  return m ? m[1] : null
}

/**
 * A skill test result `{status: {<statusMap>}, examples: [...], metadata: {...}}` added into `out`:
 * integration rows per check, compatibility per platform, examples attached to their platform.
 */
export function addSkillResult(out: NormalizedDocument, result: Record<string, unknown>, testModule: string, fallbackKey: string | null): void {
  const meta = isObject(result.metadata) ? result.metadata : {}
  const model = skillModel(meta, fallbackKey)
  const mapped = mapStatusMap(isObject(result.status) ? result.status : {}, {
    testModule,
    model,
    simulatedSet: simulatedHardware(result),
    examples: Array.isArray(result.examples) ? result.examples : [],
  })
  out.integration.push(...mapped.integration)
  out.compatibility.push(...mapped.compatibility)
  out.performance.push(...mapped.performance)
  if (model) out.models.push(model)
  // Per test module, so several results in one file never overwrite each other.
  const runMeta = (out.run.metadata ??= {})
  const perModule = ((runMeta.skillResults ??= {}) as JsonObject)
  perModule[testModule] = {...mapped.general, resultMetadata: meta as JsonObject, ...rest(result, ['status', 'examples', 'metadata'])}
}
