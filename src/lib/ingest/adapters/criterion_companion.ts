import {criterionCompanion} from '../../../schema/formats/companions.js'
import {fileStem, isObject, newDocument} from '../normalize/document.js'
import type {ShapeAdapter} from '../types.js'

/**
 * Criterion's `benchmark.json`, `sample.json`, `tukey.json` and `change/estimates.json`: read by
 * the criterion adapter beside `estimates.json` (names, samples) or not needed (the outlier fences
 * and the change are recomputed by the reports and `db:compare`). Recorded in the ledger as companion files: no run, no rows, never "unrecognized".
 */
export const criterionCompanionAdapter: ShapeAdapter = {
  name: 'criterion_companion',
  category: 'performance',
  // Below every row format: the old sample.json (two arrays of numbers) is a generic shape.
  priority: 5,
  description: 'Criterion.rs benchmark.json / sample.json / change/estimates.json: companion files of estimates.json (recorded, no rows)',
  detect: criterionCompanion,
  validate: criterionCompanion,
  map(doc, ctx) {
    const what = isObject(doc)
      ? 'full_id' in doc ? 'benchmark id' : 'iters' in doc ? 'samples' : 'change against the baseline'
      : Array.isArray(doc) && doc.length === 4 && typeof doc[0] === 'number' ? 'tukey fences' : 'samples'
    const out = newDocument({testName: fileStem(ctx), testType: 'benchmark', metadata: {tool: 'criterion', companion: what}})
    out.companionOf = what === 'benchmark id' || what === 'samples' ? 'estimates.json in the same directory' : 'nothing (benchdb computes outliers and changes itself)'
    return out
  },
}
