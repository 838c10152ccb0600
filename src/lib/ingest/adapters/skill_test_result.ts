import {detect, validate} from '../../../schema/formats/skill_test_result.js'
import {fileStem, isObject, newDocument, runMetadata} from '../normalize/document.js'
import {inferFamily} from '../normalize/model.js'
import {addSkillResult} from '../normalize/skillResult.js'
import {timeRange} from '../normalize/time.js'
import type {ShapeAdapter} from '../types.js'

export const skillTestResultAdapter: ShapeAdapter = {
  name: 'skill_test_result',
  category: 'integration',
  priority: 45,
  description: 'Skill test result: status map (platform checks), examples per platform, metadata.model_name',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const meta = d.metadata as Record<string, unknown>
    const times = [meta.test_timestamp, ...(Array.isArray(d.examples) ? d.examples.map((e) => (isObject(e) ? e.timestamp : null)) : [])]
    const {startedAt, completedAt} = timeRange(times)
    const out = newDocument({testName: fileStem(ctx), testType: 'skill_test', startedAt, completedAt, metadata: runMetadata(ctx, startedAt !== null)})
    // model_type is the key (`bert`); without it the key is inferred from the model name or local path.
    const key = typeof meta.model_type === 'string' ? meta.model_type : inferFamily(String(meta.model_name ?? ''))
    addSkillResult(out, d, `test_hf_${key ?? 'model'}`, key)
    out.run.success = out.integration.every((r) => r.status !== 'fail' && r.status !== 'error')
    return out
  },
}
