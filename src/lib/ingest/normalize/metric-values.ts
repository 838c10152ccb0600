import type {BatchSampleRow, MetricValue} from '../types.js'

/**
 * Collects a row's MetricValues, skipping absent or non-finite values, so an adapter lists what a
 * format can carry without a null check per key (older versions of a tool leave keys out).
 */
export class MetricList {
  readonly values: MetricValue[] = []

  add(metric: string, value: number | null | undefined, unit: string, pointer: string | null, extra: {higherIsBetter?: boolean | null; samples?: number[] | null} = {}): this {
    if (typeof value !== 'number' || !Number.isFinite(value)) return this
    const v: MetricValue = {metric, value, unit, pointer}
    if (extra.higherIsBetter !== undefined) v.higherIsBetter = extra.higherIsBetter
    if (extra.samples && extra.samples.length > 0) v.samples = extra.samples
    this.values.push(v)
    return this
  }
}

/** Per-iteration latencies (ms) as performance_batch_results rows (the regression statistics read them). */
export function latencySamples(ms: readonly number[] | null | undefined): BatchSampleRow[] | undefined {
  if (!ms || ms.length === 0) return undefined
  return ms.map((latencyMs, batchIndex) => ({batchIndex, latencyMs}))
}

/** Arithmetic mean, or null for no values. */
export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null
}

/** A number written with thousands separators (`1,234`) or exponent, or null when it is not one. */
export function parseNumber(text: string): number | null {
  const t = text.replace(/,(?=\d{3}\b)/g, '')
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null
  const v = Number(t)
  return Number.isFinite(v) ? v : null
}
