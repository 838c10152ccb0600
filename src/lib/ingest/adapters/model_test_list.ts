import {detect, validate} from '../../../schema/formats/model_test_list.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {modelTestRow} from '../normalize/modelTests.js'
import {timeRange} from '../normalize/time.js'
import type {ShapeAdapter} from '../types.js'

export const modelTestListAdapter: ShapeAdapter = {
  name: 'model_test_list',
  category: 'model',
  priority: 45,
  description: 'Model test summary with a tests list [{model, status, ...}]: one integration row per test',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const tests = d.tests as Array<Record<string, unknown>>
    // Only successful tests carry a timestamp; the run spans those (null when none has one).
    const {startedAt, completedAt} = timeRange([d.timestamp, ...tests.map((t) => t.timestamp)])
    const out = newDocument({testName: fileStem(ctx), testType: 'model_test', startedAt, completedAt, metadata: runMetadata(ctx, startedAt !== null, rest(d, ['tests']))})
    for (const t of tests) out.integration.push(modelTestRow(String(t.model), t, 'new_model_tests'))
    out.models = out.integration.map((r) => r.model!)
    out.run.success = out.integration.every((r) => r.status === 'pass')
    return out
  },
}
