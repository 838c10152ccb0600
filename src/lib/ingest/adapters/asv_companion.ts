import {asvCompanion} from '../../../schema/formats/companions.js'
import {fileStem, isObject, newDocument} from '../normalize/document.js'
import type {ShapeAdapter} from '../types.js'

/**
 * asv's `machine.json` (beside a machine's results) and `benchmarks.json` (above them): read by
 * the asv adapter for each results file. Recorded in the ledger as companion files: no run, no rows.
 */
export const asvCompanionAdapter: ShapeAdapter = {
  name: 'asv_companion',
  category: 'performance',
  priority: 5,
  description: 'asv machine.json / benchmarks.json: companion files of asv results (recorded, no rows)',
  detect: asvCompanion,
  validate: asvCompanion,
  map(doc, ctx) {
    const machine = isObject(doc) && typeof doc.machine === 'string'
    const out = newDocument({testName: fileStem(ctx), testType: 'benchmark', metadata: {tool: 'asv', companion: machine ? 'machine' : 'benchmarks'}})
    out.companionOf = machine ? 'the asv results files in the same directory' : 'the asv results files in the directories below'
    return out
  },
}
