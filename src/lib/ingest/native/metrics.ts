import {resolveMetric} from '../../metrics/catalogue.js'
import {scale, toCatalogueUnit} from '../../metrics/to-catalogue.js'
import {escapeToken as pointerToken} from '../json-locate.js'
import {MappingError} from '../mapping-error.js'
import type {BatchSampleRow, MetricValue} from '../types.js'

/** A metric as the native format writes it: a bare number, or {value, unit, higher_is_better, samples}. */
export type NativeMetric = number | null | {value: number | null; unit?: string; higher_is_better?: boolean; samples?: number[]}

/**
 * The metrics object of one native result as MetricValues in catalogue units. A catalogued name
 * (or alias, with an optional statistic suffix) is converted to the catalogue's unit (a bare
 * number is taken to be in it already); a given direction must agree with the catalogue's. A name
 * outside the catalogue is stored as written, and must say its unit and direction: benchdb never
 * guesses either. A null metric or value was not measured and is skipped. Latency samples also become performance_batch_results rows (ms).
 */
export function nativeMetrics(metrics: Record<string, NativeMetric>, at: string): {values: MetricValue[]; latencySamples: BatchSampleRow[]} {
  const values: MetricValue[] = []
  let latencySamples: BatchSampleRow[] = []
  for (const [name, raw] of Object.entries(metrics)) {
    const pointer = `${at}/${pointerToken(name)}`
    const m = typeof raw === 'number' || raw === null ? {value: raw} : raw
    // null (the metric or its value) = not measured: nothing is stored, and nothing checked.
    if (m.value === null) continue
    const value = m.value
    const resolved = resolveMetric(name)
    if (!resolved) {
      if (m.unit === undefined) throw new MappingError(`${pointer}/unit`, `custom metric "${name}" has no unit`, 'a "unit" for a metric outside the catalogue (see docs/formats.md)')
      if (m.higher_is_better === undefined) throw new MappingError(`${pointer}/higher_is_better`, `custom metric "${name}" has no direction`, '"higher_is_better": true or false for a metric outside the catalogue')
      values.push({metric: name, value, unit: m.unit, higherIsBetter: m.higher_is_better, samples: m.samples ?? null, pointer})
      continue
    }
    const unit = m.unit ?? resolved.entry.unit
    const converted = toCatalogueUnit(resolved.entry, value, unit)
    if (!converted) throw new MappingError(`${pointer}/unit`, `unit "${unit}" of metric "${name}" is not a unit of ${resolved.entry.label.toLowerCase()}`, `a ${resolved.entry.kind} unit convertible to ${resolved.entry.unit}`)
    if (m.higher_is_better !== undefined && resolved.direction !== null && m.higher_is_better !== (resolved.direction === 'higher')) {
      throw new MappingError(`${pointer}/higher_is_better`, `"${name}" is the catalogue's ${resolved.name}, for which ${resolved.direction} is better`, `higher_is_better: ${resolved.direction === 'higher'} (or leave it out)`)
    }
    const samples = m.samples?.map((s) => scale(s, converted.factor)) ?? null
    values.push({metric: resolved.name, value: converted.value, unit: resolved.entry.unit, higherIsBetter: resolved.direction === null ? null : resolved.direction === 'higher', samples, pointer})
    if (resolved.name === 'latency' && samples?.length) latencySamples = samples.map((latencyMs, batchIndex) => ({batchIndex, latencyMs}))
  }
  return {values, latencySamples}
}
