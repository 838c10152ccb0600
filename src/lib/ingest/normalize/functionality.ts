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
