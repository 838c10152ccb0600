import type {CompatibilityRow, JsonObject, ModelRef} from '../types.js'
import {isObject, rest} from './document.js'
import {hardwareRef} from './hardware.js'
import {modelFrom} from './model.js'
import {lastErrorLine} from './status.js'
import {str} from './units.js'

/**
 * A functionality report `{stats, model_results: {<model>: {<hw>: bool}}, detailed_results: [{model,
 * hardware, success, return_code, stdout, stderr}]}` -> one compatibility row per model x hardware.
 * detailed_results wins (it has the error); model_results entries without detail still count.
 */
export function mapFunctionalityReport(
  report: Record<string, unknown>,
  opts: {models?: Record<string, ModelRef>; simulatedSet: Set<string>; suite?: string},
): CompatibilityRow[] {
  const rows: CompatibilityRow[] = []
  const seen = new Set<string>()
  const model = (key: string): ModelRef => opts.models?.[key] ?? modelFrom(null, key)
  const base: JsonObject = opts.suite ? {suite: opts.suite} : {}
  for (const r of Array.isArray(report.detailed_results) ? report.detailed_results : []) {
    if (!isObject(r)) continue
    const key = String(r.model)
    const hardware = hardwareRef(String(r.hardware))
    seen.add(`${key}|${hardware.type}`)
    const ok = r.success === true
    const err = ok ? {errorType: null, message: null} : lastErrorLine(r.stderr)
    rows.push({
      model: model(key),
      hardware,
      isCompatible: typeof r.success === 'boolean' ? r.success : null,
      errorMessage: err.message,
      errorType: err.errorType,
      metadata: {...base, ...rest(r, ['model', 'hardware', 'success'])} as JsonObject,
      simulated: opts.simulatedSet.has(hardware.type),
    })
  }
  for (const [key, perHw] of Object.entries(isObject(report.model_results) ? report.model_results : {})) {
    for (const [hw, ok] of Object.entries(isObject(perHw) ? perHw : {})) {
      const hardware = hardwareRef(hw)
      if (seen.has(`${key}|${hardware.type}`)) continue
      rows.push({model: model(key), hardware, isCompatible: typeof ok === 'boolean' ? ok : null, metadata: {...base, source: 'model_results'}, simulated: opts.simulatedSet.has(hardware.type)})
    }
  }
  return rows
}

export function statsTimestamp(report: Record<string, unknown>): string | null {
  return isObject(report.stats) ? str(report.stats.timestamp) : null
}

/**
 * Rows of several suites of one report, one per model x hardware (a run tests each pair once:
 * hardware_compatibility holds one row per run, model and hardware). Suites often re-run the
 * same pair (the `cuda` suite of a CPU-only machine falls back to the CPU and reports the same
 * CPU result as the `cpu` suite). The row kept is the one from the suite named after its
 * hardware, else the first; the others' suites and verdicts stay in its metadata
 * (`alsoReportedBy`), so nothing the file says is lost.
 */
export function oneRowPerPair(rows: CompatibilityRow[]): CompatibilityRow[] {
  const byPair = new Map<string, CompatibilityRow[]>()
  for (const r of rows) {
    const key = `${r.model.name}|${r.hardware.type}|${r.hardware.deviceName ?? ''}`
    byPair.set(key, [...(byPair.get(key) ?? []), r])
  }
  return [...byPair.values()].map((group) => {
    if (group.length === 1) return group[0]
    const suiteOf = (r: CompatibilityRow) => str(r.metadata?.suite)
    const kept = group.find((r) => suiteOf(r) === r.hardware.type) ?? group[0]
    const others = group.filter((r) => r !== kept).map((r) => ({suite: suiteOf(r), isCompatible: r.isCompatible, errorMessage: r.errorMessage ?? null}))
    return {...kept, metadata: {...(kept.metadata ?? {}), alsoReportedBy: others} as JsonObject}
  })
}
