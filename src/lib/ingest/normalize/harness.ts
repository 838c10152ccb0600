import {toMs} from '../../metrics/units.js'
import {hardwareRef} from './hardware.js'
import {latencyPercentiles} from './percentiles.js'
import {num} from './units.js'
import type {BatchSampleRow, HardwareRef, JsonObject, MetricValue, ModelRef, PerformanceRow} from '../types.js'

/**
 * What the general benchmark harnesses (pytest-benchmark, Google Benchmark, hyperfine, asv,
 * Criterion, JMH, BenchmarkDotNet) have in common: a series named by the benchmark itself, a CPU,
 * and time-per-operation statistics in some unit that become `latency` in ms (the contract column)
 * plus statistic-suffixed metrics (`latency_median`, `latency_stddev` ...) in result_metrics.
 */

/** The series identity of a non-model benchmark: its own name (with parameters), never a model family. */
export function benchmarkModel(name: string, tool: string, metadata: JsonObject | null = null): ModelRef {
  return {name, family: null, modality: 'benchmark', source: tool, metadata: metadata && Object.keys(metadata).length ? metadata : null}
}

/** The CPU the file names (its brand string), or a bare `cpu` when it names none. */
export function cpuHardware(deviceName: string | null | undefined, metadata: JsonObject | null = null): HardwareRef {
  const device = typeof deviceName === 'string' && deviceName.trim() !== '' ? deviceName.trim() : null
  return hardwareRef('cpu', {deviceName: device, metadata: metadata && Object.keys(metadata).length ? metadata : null})
}

/** Statistic name (catalogue suffix) -> value in the file's time unit. `mean` is the latency itself. */
export type TimeStats = Partial<Record<'mean' | 'median' | 'min' | 'max' | 'stddev' | 'mad' | 'p25' | 'p75' | 'p95' | 'p999' | 'ci_lower' | 'ci_upper', number | null>>

/**
 * Time statistics in `unit` as the row's latency (ms) and `latency_<statistic>` metrics, each
 * with the JSON pointer it was read from (`pointers[stat]`). Unknown units throw: the adapter's
 * schema only lets known units through, so a throw is a bug, not a data problem.
 */
export function timeStatistics(stats: TimeStats, unit: string, pointers: Partial<Record<keyof TimeStats, string>> = {}): {averageLatencyMs: number | null; metricValues: MetricValue[]} {
  const ms = (v: number) => {
    const r = toMs(v, unit)
    if (r === null) throw new Error(`unknown time unit "${unit}"`)
    return r
  }
  let averageLatencyMs: number | null = null
  const metricValues: MetricValue[] = []
  for (const [stat, v] of Object.entries(stats) as Array<[keyof TimeStats, number | null | undefined]>) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue
    if (stat === 'mean') averageLatencyMs = ms(v)
    else metricValues.push({metric: `latency_${stat}`, value: ms(v), unit: 'ms', pointer: pointers[stat] ?? null})
  }
  return {averageLatencyMs, metricValues}
}

/**
 * Per-iteration times (already in ms) as performance_batch_results rows plus the p50/p90/p99 the
 * engine's one percentile method gives (see normalize/percentiles.ts).
 */
export function sampleRows(samplesMs: readonly number[]): Pick<PerformanceRow, 'samples' | 'latencyP50Ms' | 'latencyP90Ms' | 'latencyP99Ms'> {
  if (samplesMs.length === 0) return {}
  const samples: BatchSampleRow[] = samplesMs.map((latencyMs, batchIndex) => ({batchIndex, latencyMs}))
  return {samples, ...latencyPercentiles(samplesMs)}
}

/** The finite numbers of a list, converted by `f`; the positions of anything else (for `unmapped`). */
export function numbersOf(list: readonly unknown[], f: (v: number) => number = (v) => v): {values: number[]; skipped: number[]} {
  const values: number[] = []
  const skipped: number[] = []
  // A numeric string ("0.002") is its number, as everywhere a number is read (units.ts num()).
  list.forEach((v, i) => {
    const n = num(v)
    if (n === null) skipped.push(i)
    else values.push(f(n))
  })
  return {values, skipped}
}

/** JSON pointer segment escaping (RFC 6901). */
export function ptr(...parts: Array<string | number>): string {
  return parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}

const INT32 = 2 ** 31 - 1

/** A count for an INTEGER column: harnesses run billions of iterations, which the column cannot hold. */
export function int32(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT32 ? v : null
}
