import {detect, validate} from '../../../schema/formats/compatibility_matrix.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelRef} from '../normalize/model.js'
import {isSimulated, simulatedHardware} from '../normalize/simulation.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

/**
 * Cells name a family, not a model. A cell listing benchmark_results gives one row per listed
 * model; an empty cell gives one row whose model is the family key itself, flagged
 * `metadata.represents = 'model_family'` so queries can tell it from a real model.
 */
export const compatibilityMatrixAdapter: ShapeAdapter = {
  name: 'compatibility_matrix',
  category: 'compatibility',
  priority: 50,
  description: 'Family x hardware compatibility matrix (model_families.<family>.hardware_compatibility.<hw>)',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const simSet = simulatedHardware(d)
    const out = newDocument({testName: fileStem(ctx), testType: 'compatibility', startedAt, metadata: runMetadata(ctx, startedAt !== null, rest(d, ['model_families']))})
    const families = d.model_families as Record<string, {hardware_compatibility: Record<string, Record<string, unknown>>}>
    for (const [family, f] of Object.entries(families)) {
      for (const [hw, cell] of Object.entries(f.hardware_compatibility)) {
        const hardware = hardwareRef(hw)
        const results = (cell.benchmark_results as Array<Record<string, unknown>> | undefined) ?? []
        const base = {
          hardware,
          isCompatible: typeof cell.compatible === 'boolean' ? cell.compatible : null,
          compatibilityScore: num(cell.performance_rating),
          simulated: isSimulated({hardwareType: hardware.type, simulatedSet: simSet}),
        }
        const cellMeta: JsonObject = {family, ...rest(cell, ['compatible', 'benchmark_results'])}
        if (results.length === 0) {
          out.compatibility.push({...base, model: {name: family, family: null, metadata: {represents: 'model_family', nameSource: 'key'}}, metadata: cellMeta})
        }
        for (const r of results) {
          out.compatibility.push({...base, model: modelRef(String(r.model_name), {family}), metadata: {...cellMeta, benchmarkResult: r as JsonObject, benchmarkTimestamp: toIsoUtc(str(r.timestamp))}})
        }
      }
    }
    return out
  },
}
