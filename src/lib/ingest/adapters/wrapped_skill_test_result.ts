import {detect, validate} from '../../../schema/formats/wrapped_skill_test_result.js'
import {fileStem, isObject, newDocument, runMetadata} from '../normalize/document.js'
import {addSkillResult, modelKeyFromTestFile} from '../normalize/skillResult.js'
import {timeRange} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {ShapeAdapter} from '../types.js'

export const wrappedSkillTestResultAdapter: ShapeAdapter = {
  name: 'wrapped_skill_test_result',
  category: 'performance',
  priority: 50,
  description: 'Runner wrapper {metadata: {test_file, timestamp, execution_time}, results: <skill test result>}',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const meta = isObject(d.metadata) ? d.metadata : {}
    const results = d.results as Record<string, unknown>
    const inner = isObject(results.metadata) ? results.metadata : {}
    // Without test_file, the runner's model key (`hf_bert`) still names the test and the model.
    const runnerModel = str(meta.model)
    const testFile = str(meta.test_file) ?? (runnerModel ? `test_${runnerModel}.py` : null)
    const examples = Array.isArray(results.examples) ? results.examples : []
    const {startedAt, completedAt} = timeRange([meta.timestamp, inner.test_timestamp, ...examples.map((e) => (isObject(e) ? e.timestamp : null))])
    const out = newDocument({
      testName: testFile ?? fileStem(ctx),
      testType: 'skill_test',
      startedAt,
      completedAt,
      executionTimeSeconds: num(meta.execution_time),
      metadata: runMetadata(ctx, startedAt !== null, {wrapperMetadata: meta as never}),
    })
    const module = testFile ? testFile.split('/').pop()!.replace(/\.py$/, '') : fileStem(ctx)
    addSkillResult(out, results, module, testFile ? modelKeyFromTestFile(testFile) : null)
    out.run.success = out.integration.every((r) => r.status !== 'fail' && r.status !== 'error')
    return out
  },
}
