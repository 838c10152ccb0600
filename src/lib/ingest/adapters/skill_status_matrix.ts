import {detect, validate} from '../../../schema/formats/skill_status_matrix.js'
import {fileStem, newDocument, runMetadata} from '../normalize/document.js'
import {modelFrom} from '../normalize/model.js'
import {addSkillResult} from '../normalize/skillResult.js'
import {parseStatusOrError} from '../normalize/status.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

export const skillStatusMatrixAdapter: ShapeAdapter = {
  name: 'skill_status_matrix',
  category: 'hardware',
  priority: 30,
  description: 'Several skill tests side by side: {test_<name>: status map | error string}; model from test_hf_<model> keys',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    // No timestamp anywhere in this shape: started_at stays null, the mtime goes to metadata.
    const tests = Object.entries(d).filter(([k]) => k.startsWith('test_'))
    const other = Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('test_'))) as JsonObject
    const out = newDocument({testName: fileStem(ctx), testType: 'skill_test', startedAt: null, metadata: runMetadata(ctx, false, other)})
    for (const [test, value] of tests) {
      const key = /^test_hf_(.+)$/.exec(test)?.[1] ?? null
      if (typeof value === 'string') {
        // A bare string is the exception the whole test died with (e.g. "'transformers'").
        const parsed = parseStatusOrError(value)
        out.integration.push({
          testModule: test,
          testName: 'run',
          status: parsed.status === 'pass' ? 'pass' : parsed.status === 'skip' ? 'skip' : 'error',
          model: key ? modelFrom(null, key) : null,
          errorMessage: parsed.passed ? null : value,
          metadata: {statusText: value},
          simulated: false,
        })
        continue
      }
      addSkillResult(out, {status: value, metadata: key ? {model_type: key} : {}}, test, key)
    }
    out.run.success = out.integration.every((r) => r.status !== 'fail' && r.status !== 'error')
    return out
  },
}
