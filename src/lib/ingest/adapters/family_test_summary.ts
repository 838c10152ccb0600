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
    for (const [family, c] of Object.entries(d.by_family as Record<string, {total?: number; successful: number; success_rate?: number | null}>)) {
      // Without `total`, a success rate of 1 (or 100 %) still says every model passed.
      const allPassed = typeof c.total === 'number' ? c.successful === c.total : typeof c.success_rate === 'number' ? c.success_rate === 1 || c.success_rate === 100 : null
      out.integration.push({
        testModule: 'skills',
        testClass: 'by_family',
        testName: family,
        status: allPassed === true ? 'pass' : allPassed === false ? 'fail' : 'error',
        errorMessage: allPassed !== false ? (allPassed === null ? 'neither total nor success_rate given' : null) : typeof c.total === 'number' ? `${c.total - c.successful} of ${c.total} models failed` : `success rate ${c.success_rate}`,
        metadata: {...c, family},
        simulated: false,
      })
    }
    return out
  },
}
