import type {BenchDb} from '../db/bench-db.js'
import {compareHardwareNames, dimensionNames, queryRows} from './common.js'
import {comparisonFromScan} from './compare.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {matrixFromScan} from './matrix.js'
import {scanPerformance} from './perf-scan.js'
import type {MetaOptions, ResultMeta} from './meta.js'
import {filterConditions, Params, whereClause} from './where.js'

/** One hardware type: what it is, how much ran on it, how fast against cpu, and what runs there. */
export interface HardwareReportRow {
  hardware: string
  devices: string[]
  memoryGb: number | null
  results: number
  modelsBenchmarked: number
  /** Geometric mean throughput speed-up against cpu over the models measured on both. */
  speedupVsCpu: number | null
  speedupModels: number
  compatible: number
  incompatible: number
  partial: number
  untested: number
}

export interface HardwareReport {
  kind: 'report'
  report: 'hardware'
  meta: ResultMeta
  rows: HardwareReportRow[]
}

export async function hardwareReport(bench: BenchDb, filters: ReportFilters = {}, options: MetaOptions = {}): Promise<HardwareReport> {
  const f = normaliseFilters(filters)
  const hp = new Params()
  const hConds = filterConditions({hardware: f.hardware}, {hp: 'hp'}, hp)
  const platforms = await queryRows<{hardware: string; devices: string[]; memoryGb: number | null}>(
    bench,
    `SELECT hardware_type AS hardware, list_sort(list_distinct(list(device_name))) AS devices, max(memory_gb) AS "memoryGb"
     FROM hardware_platforms hp ${whereClause(hConds)} GROUP BY hardware_type`,
    hp,
  )
  // One scan of performance_results (without --hardware: the comparison needs its cpu baseline)
  // serves the comparison and the matrix, whose cells count benchmark results per model and type.
  const scan = await scanPerformance(bench, {...f, hardware: undefined}, {metrics: ['throughput'], machine: true})
  const names = await dimensionNames(bench)
  const comparison = comparisonFromScan(bench, {metric: 'throughput', baseline: 'cpu', filters: f}, scan, names)
  const matrix = await matrixFromScan(bench, {...options, filters: f}, scan, names)
  const perf = matrix.hardware.map((hardware, j) => {
    const cells = matrix.rows.map((_r, i) => matrix.cells[i * matrix.hardware.length + j])
    return {hardware, results: cells.reduce((s, c) => s + c.benchmarks, 0), modelsBenchmarked: cells.filter((c) => c.benchmarks > 0).length}
  })
  const perfBy = new Map(perf.map((r) => [r.hardware, r]))
  const speedBy = new Map(comparison.summary.map((s) => [s.hardware, s]))
  const rows = platforms
    .sort((a, b) => compareHardwareNames(a.hardware, b.hardware))
    .map((pl) => {
      const j = matrix.hardware.indexOf(pl.hardware)
      const cells = j < 0 ? [] : matrix.rows.map((_r, i) => matrix.cells[i * matrix.hardware.length + j])
      const n = (state: string) => cells.filter((c) => c.state === state).length
      const s = speedBy.get(pl.hardware)
      return {
        hardware: pl.hardware, devices: pl.devices.filter((d) => d !== null), memoryGb: pl.memoryGb,
        results: perfBy.get(pl.hardware)?.results ?? 0, modelsBenchmarked: perfBy.get(pl.hardware)?.modelsBenchmarked ?? 0,
        speedupVsCpu: s?.speedup ?? null, speedupModels: s?.models ?? 0,
        compatible: n('compatible'), incompatible: n('incompatible'), partial: n('partial'), untested: n('untested'),
      }
    })
  return {kind: 'report', report: 'hardware', meta: matrix.meta, rows}
}
