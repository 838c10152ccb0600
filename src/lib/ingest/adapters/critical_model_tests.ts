import {detect, validate} from '../../../schema/formats/critical_model_tests.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {modelTestRow} from '../normalize/modelTests.js'
import {toIsoUtc} from '../normalize/time.js'
import type {ShapeAdapter} from '../types.js'

export const criticalModelTestsAdapter: ShapeAdapter = {
  name: 'critical_model_tests',
  category: 'model',
  priority: 45,
  description: 'Model test summary with model_results keyed by model: one integration row per model',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.test_timestamp ?? d.timestamp)
    const out = newDocument({testName: fileStem(ctx), testType: 'model_test', startedAt, metadata: runMetadata(ctx, startedAt !== null, rest(d, ['model_results', 'test_timestamp']))})
    for (const [key, t] of Object.entries(d.model_results as Record<string, Record<string, unknown>>)) out.integration.push(modelTestRow(key, t, 'critical_model_tests'))
    out.models = out.integration.map((r) => r.model!)
    out.run.success = out.integration.every((r) => r.status === 'pass')
    return out
  },
}
