import {detect, validate} from '../../../schema/formats/api_feature_checks.js'
import {fileStem, newDocument, runMetadata} from '../normalize/document.js'
import {parseStatusOrError} from '../normalize/status.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

/**
 * No model, hardware or time in the document: the API under test is named by the file
 * (`claude_test_results.json` -> module `claude_test_results`), which is what the path is for.
 */
export const apiFeatureChecksAdapter: ShapeAdapter = {
  name: 'api_feature_checks',
  category: 'integration',
  priority: 20,
  description: 'Flat map of API feature checks, every value a status string: one integration row per check',
  detect,
  validate,
  map(doc, ctx) {
    const module = fileStem(ctx)
    const entries = Object.entries(doc as Record<string, unknown>)
    const other = Object.fromEntries(entries.filter(([, v]) => typeof v !== 'string')) as JsonObject
    const out = newDocument({testName: module, testType: 'integration', startedAt: null, metadata: runMetadata(ctx, false, other)})
    for (const [check, value] of entries) {
      if (typeof value !== 'string') continue
      const parsed = parseStatusOrError(value)
      out.integration.push({
        testModule: module,
        testName: check,
        status: parsed.status,
        errorMessage: parsed.passed ? null : parsed.detail ?? value,
        metadata: {statusText: value},
        simulated: parsed.simulated,
      })
    }
    out.run.success = out.integration.every((r) => r.status === 'pass' || r.status === 'skip')
    return out
  },
}
