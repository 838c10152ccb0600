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
 * model. An empty cell holds no evidence at all (the real files mark every untested cell
 * `compatible: false`), so it must not become an "incompatible" row, nor a fake model named after
 * the family: it is kept in the run's metadata (`familyCells`) and the raw document.
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
    const familyCells: JsonObject[] = []
    const out = newDocument({testName: fileStem(ctx), testType: 'compatibility', startedAt, metadata: {...runMetadata(ctx, startedAt !== null, rest(d, ['model_families'])), familyCells}})
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
          familyCells.push({hardware: hardware.type, compatible: base.isCompatible, ...cellMeta, evidence: 'none'})
        }
        for (const r of results) {
          out.compatibility.push({...base, model: modelRef(String(r.model_name), {family}), metadata: {...cellMeta, benchmarkResult: r as JsonObject, benchmarkTimestamp: toIsoUtc(str(r.timestamp))}})
        }
      }
    }
    return out
  },
}
