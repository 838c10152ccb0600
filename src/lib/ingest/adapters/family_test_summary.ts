import {detect, validate} from '../../../schema/formats/family_test_summary.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {toIsoUtc} from '../normalize/time.js'
import type {ShapeAdapter} from '../types.js'

/**
 * Aggregate counts, no per-model results: one integration row per family (pass when every model
 * of the family passed; the counts in metadata). No model rows: families are not models.
 */
export const familyTestSummaryAdapter: ShapeAdapter = {
  name: 'family_test_summary',
  category: 'model',
  priority: 45,
  description: 'Skill test counts per model family (by_family.<family> = {total, successful}): one integration row per family',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'model_test_summary',
      startedAt,
      success: typeof d.successful_models === 'number' ? d.successful_models === d.total_models : null,
      metadata: runMetadata(ctx, startedAt !== null, rest(d, ['by_family', 'timestamp'])),
    })
    for (const [family, c] of Object.entries(d.by_family as Record<string, {total: number; successful: number}>)) {
      out.integration.push({
        testModule: 'skills',
        testClass: 'by_family',
        testName: family,
        status: c.successful === c.total ? 'pass' : 'fail',
        errorMessage: c.successful === c.total ? null : `${c.total - c.successful} of ${c.total} models failed`,
        metadata: {...c, family},
        simulated: false,
      })
    }
    return out
  },
}
