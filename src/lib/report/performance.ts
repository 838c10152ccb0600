import type {BenchDb} from '../db/bench-db.js'
import {byString, compareHardwareNames, dimensionNames, type DimensionNames} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import type {MetricName} from './metrics.js'
import {isoTime, later, metricIndex, scanPerformance, select, type PerfScan} from './perf-scan.js'
import {evidenceTime} from './where.js'

/** One model x hardware x batch size x precision: averages over every run that measured it. */
export interface PerformanceRow {
  model: string
  family: string | null
  hardware: string
  batchSize: number | null
  precision: string | null
  /** performance_results rows averaged. */
  results: number
  throughput: number | null
  latencyMs: number | null
  latencyP50Ms: number | null
  latencyP90Ms: number | null
  latencyP99Ms: number | null
  memoryPeakMb: number | null
  lastMeasured: string | null
}

export interface PerformanceReport {
  kind: 'report'
  report: 'performance'
  meta: ResultMeta
  rows: PerformanceRow[]
}

export const PERF_FROM = `performance_results pr
  JOIN models m ON m.model_id = pr.model_id
  JOIN hardware_platforms hp ON hp.hardware_id = pr.hardware_id
  LEFT JOIN test_runs tr ON tr.run_id = pr.run_id`

export const PERF_ALIASES = {m: 'm', hp: 'hp', perf: 'pr', time: evidenceTime('pr')}

export async function performanceReport(bench: BenchDb, filters: ReportFilters = {}, options: MetaOptions = {}): Promise<PerformanceReport> {
  const f = normaliseFilters(filters)
  const scan = await scanPerformance(bench, f, {metrics: PERF_METRICS.map(([m]) => m)})
  return performanceFromScan(bench, f, scan, await dimensionNames(bench), options)
}

const PERF_METRICS: [MetricName, 'throughput' | 'latencyMs' | 'latencyP50Ms' | 'latencyP90Ms' | 'latencyP99Ms' | 'memoryPeakMb'][] = [
  ['throughput', 'throughput'], ['latency', 'latencyMs'], ['p50', 'latencyP50Ms'], ['p90', 'latencyP90Ms'], ['p99', 'latencyP99Ms'], ['memory', 'memoryPeakMb'],
]

/**
 * Rows per model x hardware TYPE x batch size x precision: two devices of one type are one row,
 * their sums and counts merged, so each average is exact over all the rows behind it. Stored
 * percentiles only (the raw-sample fallback belongs to the comparison and trend).
 */
function performanceFromScan(bench: BenchDb, f: ReportFilters, scan: PerfScan, names: DimensionNames, options: MetaOptions): PerformanceReport {
  const {used, simulatedExcluded} = select(scan, f)
  const at = PERF_METRICS.map(([metric]) => metricIndex(scan, metric))
  type Merged = {row: PerformanceRow; rank: number; last: number | null; sum: number[]; count: number[]}
  const merged = new Map<string, Merged>()
  // Sort keys computed once per model and hardware type, so thousands of rows sort on numbers.
  const modelRank = rankOf([...names.models.values()].map((m) => m.model), byString)
  const hardwareRank = rankOf([...names.hardware.values()], compareHardwareNames)
  for (const g of used) {
    const model = names.models.get(g.modelId)!
    const hardware = names.hardware.get(g.hardwareId)!
    const key = `${g.modelId}|${hardware}|${g.batchSize}|${g.precision === null ? '\u0000' : g.precision}`
    let m = merged.get(key)
    if (!m) {
      const row: PerformanceRow = {
        model: model.model, family: model.family, hardware, batchSize: g.batchSize, precision: g.precision, results: 0,
        throughput: null, latencyMs: null, latencyP50Ms: null, latencyP90Ms: null, latencyP99Ms: null, memoryPeakMb: null, lastMeasured: null,
      }
      const rank = modelRank.get(model.model)! * 1000 + hardwareRank.get(hardware)!
      merged.set(key, (m = {row, rank, last: null, sum: PERF_METRICS.map(() => 0), count: PERF_METRICS.map(() => 0)}))
    }
    m.row.results += g.n
    m.last = later(m.last, g.last)
    for (let i = 0; i < at.length; i++) {
      m.sum[i] += g.sum[at[i]]
      m.count[i] += g.count[at[i]]
    }
  }
  const nullsLast = <T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : cmp(a, b))
  const ordered = [...merged.values()].sort(
    (a, b) =>
      a.rank - b.rank || nullsLast(a.row.batchSize, b.row.batchSize, (x, y) => x - y) || nullsLast(a.row.precision, b.row.precision, byString),
  )
  const iso = new Map<number | null, string | null>() // a few distinct run times behind thousands of rows
  const rows = ordered.map(({row, last, sum, count}) => {
    if (!iso.has(last)) iso.set(last, isoTime(last))
    row.lastMeasured = iso.get(last)!
    for (let i = 0; i < PERF_METRICS.length; i++) row[PERF_METRICS[i][1]] = count[i] > 0 ? sum[i] / count[i] : null
    return row
  })
  const rowsUsed = rows.reduce((s, r) => s + r.results, 0)
  return {kind: 'report', report: 'performance', meta: makeMeta(bench, f, {rowsUsed, simulatedExcluded}, options), rows}
}

/** Position of each distinct value in sorted order. */
function rankOf(values: string[], compare: (a: string, b: string) => number): Map<string, number> {
  return new Map([...new Set(values)].sort(compare).map((v, i) => [v, i]))
}
