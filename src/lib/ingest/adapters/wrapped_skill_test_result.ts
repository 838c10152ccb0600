import {detect, validate} from '../../../schema/formats/wrapped_skill_test_result.js'
import {isObject, newDocument, runMetadata} from '../normalize/document.js'
import {addSkillResult, modelKeyFromTestFile} from '../normalize/skillResult.js'
import {timeRange} from '../normalize/time.js'
import {num} from '../normalize/units.js'
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
    const meta = d.metadata as Record<string, unknown>
    const results = d.results as Record<string, unknown>
    const inner = isObject(results.metadata) ? results.metadata : {}
    const testFile = meta.test_file as string
    const examples = Array.isArray(results.examples) ? results.examples : []
    const {startedAt, completedAt} = timeRange([meta.timestamp, inner.test_timestamp, ...examples.map((e) => (isObject(e) ? e.timestamp : null))])
    const out = newDocument({
      testName: testFile,
      testType: 'skill_test',
      startedAt,
      completedAt,
      executionTimeSeconds: num(meta.execution_time),
      metadata: runMetadata(ctx, startedAt !== null, {wrapperMetadata: meta as never}),
    })
    addSkillResult(out, results, testFile.split('/').pop()!.replace(/\.py$/, ''), modelKeyFromTestFile(testFile))
    out.run.success = out.integration.every((r) => r.status !== 'fail' && r.status !== 'error')
    return out
  },
}
