import type {BenchDb} from '../db/bench-db.js'
import {byString, compareHardwareNames, dimensionNames, sortedKeys, type DimensionNames} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import type {MetricName} from './metrics.js'
import {isoTime, later, metricIndex, scanPerformance, select, type PerfGroup, type PerfScan} from './perf-scan.js'

/** One series (model x hardware type and device x machine x batch size x precision): averages over every run that measured it. */
export interface PerformanceRow {
  model: string
  family: string | null
  hardware: string
  device: string | null
  machine: string | null
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

export async function performanceReport(bench: BenchDb, filters: ReportFilters = {}, options: MetaOptions = {}): Promise<PerformanceReport> {
  const f = normaliseFilters(filters)
  const scan = await scanPerformance(bench, f, {metrics: PERF_METRICS.map(([m]) => m), machine: true})
  return performanceFromScan(bench, f, scan, await dimensionNames(bench), options)
}

const PERF_METRICS: [MetricName, 'throughput' | 'latencyMs' | 'latencyP50Ms' | 'latencyP90Ms' | 'latencyP99Ms' | 'memoryPeakMb'][] = [
  ['throughput', 'throughput'], ['latency', 'latencyMs'], ['p50', 'latencyP50Ms'], ['p90', 'latencyP90Ms'], ['p99', 'latencyP99Ms'], ['memory', 'memoryPeakMb'],
]

/**
 * Rows per series: model x hardware row (type and device) x machine x batch size x precision. Two
 * devices of one type, or two machines, are two rows (never averaged together); groups of one
 * series merge their sums and counts, so each average is exact over all the rows behind it. Stored
 * percentiles only (the raw-sample fallback belongs to the comparison and trend).
 *
 * Thousands of groups become thousands of rows, so the merge works on numbers: each group's row
 * is identified by one integer built from the ranks of its model, hardware type, batch size and
 * precision in output order, which is at once the merge key and the sort key (string keys and a
 * comparator sort took ~30 ms for 8,000 groups; this takes a few).
 */
function performanceFromScan(bench: BenchDb, f: ReportFilters, scan: PerfScan, names: DimensionNames, options: MetaOptions): PerformanceReport {
  const {used, simulatedExcluded} = select(scan, f)
  const at = PERF_METRICS.map(([metric]) => metricIndex(scan, metric))
  const width = at.length
  // Output order: model name, hardware type (canonical order), batch size then precision (nulls last).
  const modelIds = [...names.models.keys()].sort((a, b) => byString(names.models.get(a)!.model, names.models.get(b)!.model) || a - b)
  const modelRank = new Map(modelIds.map((id, i) => [id, i]))
  const types = [...new Set(names.hardware.values())].sort(compareHardwareNames)
  const typeRank = new Map(types.map((t, i) => [t, i]))
  // Hardware rows in type order, then by device name: one rank per hardware row.
  const hardwareIds = [...names.hardware.keys()].sort((a, b) =>
    typeRank.get(names.hardware.get(a)!)! - typeRank.get(names.hardware.get(b)!)! || byString(names.devices.get(a) ?? '\uffff', names.devices.get(b) ?? '\uffff') || a - b)
  const hardwareRank = new Map(hardwareIds.map((id, i) => [id, i]))
  const machines = [...new Set(used.map((g) => g.machine))].sort((a, b) => (a === null ? 1 : b === null ? -1 : byString(a, b)))
  const machineRank = new Map(machines.map((m, i) => [m, i]))
  const batches = [...new Set(used.map((g) => g.batchSize))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b))
  const batchRank = new Map(batches.map((b, i) => [b, i]))
  const precisions = [...new Set(used.map((g) => g.precision))].sort((a, b) => (a === null ? 1 : b === null ? -1 : byString(a, b)))
  const precisionRank = new Map(precisions.map((p, i) => [p, i]))

  interface Merged {
    group: PerfGroup
    results: number
    last: number | null
    /** Where its sums (then counts) start in `acc`. */
    at: number
  }
  // One buffer for every merged row's sums and counts (a typed array each cost more than the rest).
  const acc = new Float64Array(used.length * 2 * width)
  const merged = new Map<number, Merged>()
  for (const g of used) {
    const key = ((((modelRank.get(g.modelId)! * hardwareIds.length + hardwareRank.get(g.hardwareId)!) * machines.length + machineRank.get(g.machine)!) *
      batches.length + batchRank.get(g.batchSize)!) * precisions.length) + precisionRank.get(g.precision)!
    let m = merged.get(key)
    if (!m) merged.set(key, (m = {group: g, results: 0, last: null, at: merged.size * 2 * width}))
    m.results += g.n
    m.last = later(m.last, g.last)
    for (let i = 0; i < width; i++) {
      acc[m.at + i] += g.sum[at[i]]
      acc[m.at + width + i] += g.count[at[i]]
    }
  }
  const avg = (m: Merged, i: number) => (acc[m.at + width + i] > 0 ? acc[m.at + i] / acc[m.at + width + i] : null)
  const iso = new Map<number | null, string | null>() // a few distinct run times behind thousands of rows
  const rows = sortedKeys(merged).map((key): PerformanceRow => {
    const m = merged.get(key)!
    const g = m.group
    if (!iso.has(m.last)) iso.set(m.last, isoTime(m.last))
    const model = names.models.get(g.modelId)!
    return {
      model: model.model, family: model.family, hardware: names.hardware.get(g.hardwareId)!, device: names.devices.get(g.hardwareId) ?? null,
      machine: g.machine, batchSize: g.batchSize, precision: g.precision,
      results: m.results, throughput: avg(m, 0), latencyMs: avg(m, 1), latencyP50Ms: avg(m, 2), latencyP90Ms: avg(m, 3), latencyP99Ms: avg(m, 4),
      memoryPeakMb: avg(m, 5), lastMeasured: iso.get(m.last)!,
    }
  })
  const rowsUsed = rows.reduce((s, r) => s + r.results, 0)
  return {kind: 'report', report: 'performance', meta: makeMeta(bench, f, {rowsUsed, simulatedExcluded}, options), rows}
}
