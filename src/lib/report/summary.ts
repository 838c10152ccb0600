import type {BenchDb} from '../db/bench-db.js'
import {RUN_TIME_SQL} from '../series/definition.js'
import {addCounts, dimensionNames} from './common.js'
import {factConditions, keep, runTimesIfSince} from './scope.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {summaryChart} from './documents-reports.js'
import {matrixFromScan, matrixRows} from './matrix.js'
import {earlier, isoTime, later, metricIndex, scanPerformance, select, type PerfGroup} from './perf-scan.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {Params, whereClause} from './where.js'

export interface SummaryOverview {
  models: number
  hardwareTypes: number
  runs: number
  /** Of `runs`, those whose time is unknown (their file and name carry none): they date nothing. */
  undatedRuns: number
  performanceResults: number
  compatibilityTests: number
  integrationTests: number
  webPlatformResults: number
  firstMeasured: string | null
  lastMeasured: string | null
}

/** One model: where it was benchmarked, its fastest hardware, and its compatibility cells. */
export interface SummaryModelRow {
  model: string
  family: string | null
  hardwareBenchmarked: number
  /**
   * The fastest series: the hardware type, device, machine, batch size and precision with the
   * highest average throughput (items/s) over its runs. Series are never averaged together.
   */
  bestHardware: string | null
  bestDevice: string | null
  bestMachine: string | null
  bestBatchSize: number | null
  bestPrecision: string | null
  /** items/s (throughput_items_per_second): other units (tokens/s ...) never share this column. */
  bestThroughput: number | null
  compatible: number
  incompatible: number
  partial: number
  untested: number
}

export interface SummaryReport {
  kind: 'report'
  report: 'summary'
  meta: ResultMeta
  overview: SummaryOverview
  models: SummaryModelRow[]
  /** Models left out because they have no evidence at all (every cell untested); 0 with --all. */
  hiddenModels: number
}

/** A one-page overview: what the database holds and, per model, where it runs and runs fastest. */
export async function summaryReport(bench: BenchDb, filters: ReportFilters = {}, options: MetaOptions = {}): Promise<SummaryReport> {
  const f = normaliseFilters(filters)
  // One scan of performance_results serves the per-model figures and the matrix's benchmark evidence.
  const scan = await scanPerformance(bench, f, {
    metrics: ['throughput'], first: true, machine: true,
  })
  const names = await dimensionNames(bench)
  const {used, simulatedExcluded} = select(scan, f)
  const tput = metricIndex(scan, 'throughput')
  // Per model: its hardware types, and its series' throughput sums (a series: hardware row, machine, batch size, precision).
  const perModelHw = new Map<string, Set<string>>()
  const perModelSeries = new Map<string, Map<string, {g: PerfGroup; n: number; sum: number}>>()
  let first: number | null = null
  let last: number | null = null
  let n = 0
  for (const g of used) {
    n += g.n
    first = earlier(first, g.first)
    last = later(last, g.last)
    const model = names.models.get(g.modelId)!.model
    const hw = names.hardware.get(g.hardwareId)!
    const hws = perModelHw.get(model) ?? new Set<string>()
    hws.add(hw)
    perModelHw.set(model, hws)
    if (g.count[tput] === 0) continue
    const bySeries = perModelSeries.get(model) ?? new Map<string, {g: PerfGroup; n: number; sum: number}>()
    const key = `${g.hardwareId}\u0000${g.machine}\u0000${g.batchSize}\u0000${g.precision}\u0000${g.simulated}`
    const acc = bySeries.get(key) ?? {g, n: 0, sum: 0}
    acc.n += g.count[tput]
    acc.sum += g.sum[tput]
    bySeries.set(key, acc)
    perModelSeries.set(model, bySeries)
  }
  const best = (model: string) => {
    let top: {g: PerfGroup; v: number} | null = null
    for (const a of perModelSeries.get(model)?.values() ?? []) {
      const v = a.sum / a.n
      if (!top || v > top.v) top = {g: a.g, v}
    }
    return {
      hardwareBenchmarked: perModelHw.get(model)?.size ?? 0, bestHardware: top ? names.hardware.get(top.g.hardwareId)! : null,
      bestDevice: top ? (names.devices.get(top.g.hardwareId) ?? null) : null, bestMachine: top?.g.machine ?? null,
      bestBatchSize: top?.g.batchSize ?? null, bestPrecision: top?.g.precision ?? null, bestThroughput: top?.v ?? null,
    }
  }
  // The chart (models and their best throughput) is known now; the compatibility counts come later.
  // (Its bars are the models with a throughput; models without one are not drawn, hidden or not.)
  const rows = matrixRows(names, f)
  if (options.prefetchChart && rows.length) options.prefetchChart(summaryChart({models: rows.map((model) => ({...emptyRow(model), ...best(model)}))}))

  const p = new Params()
  const conditions = factConditions(f, 'pr', p, {perf: true})
  const rt = runTimesIfSince(f)
  // A grouped subquery, not count(DISTINCT): DuckDB runs it as a parallel hash aggregate, 2.5x
  // faster over a million rows; count(run_id) leaves out NULL as count(DISTINCT) did.
  const runCounts = await bench.db.one<{n: number; undated: number}>(
    `${rt.with}SELECT count(g.run_id)::INTEGER AS n, count(g.run_id) FILTER (WHERE ${RUN_TIME_SQL} IS NULL)::INTEGER AS undated
     FROM (SELECT pr.run_id FROM performance_results pr${rt.from} ${whereClause([...conditions, keep('pr', f)])} GROUP BY pr.run_id) g
     LEFT JOIN test_runs tr ON tr.run_id = g.run_id`,
    p.values,
  )
  const runs = Number(runCounts?.n ?? 0)
  const perfCounts = {rowsUsed: n, simulatedExcluded}
  const other = async (table: string, alias: string) => {
    const op = new Params()
    const row = await bench.db.one<{n: number; sim: number}>(
      `${rt.with}SELECT count(*) FILTER (WHERE ${keep(alias, f)}) AS n, count(*) FILTER (WHERE ${alias}.is_simulated) AS sim
       FROM ${table} ${alias}${rt.from} ${whereClause(factConditions(f, alias, op))}`,
      op.values,
    )
    return {rowsUsed: Number(row?.n ?? 0), simulatedExcluded: f.includeSimulated ? 0 : Number(row?.sim ?? 0)}
  }
  const compat = await other('hardware_compatibility', 'hc')
  const integ = await other('integration_test_results', 'itr')
  const web = await other('web_platform_results', 'wpr')

  // States only: the summary counts cells per state and shows no evidence times or failure texts.
  const matrix = await matrixFromScan(bench, {filters: f, detail: false}, scan, names)
  const families = new Map([...names.models.values()].map((m) => [m.model, m.family]))
  const models: SummaryModelRow[] = matrix.rows.map((model, i) => {
    const count = {compatible: 0, incompatible: 0, partial: 0, untested: 0}
    for (let j = i * matrix.hardware.length; j < (i + 1) * matrix.hardware.length; j++) count[matrix.cells[j].state]++
    return {
      model, family: families.get(model) ?? null, ...best(model),
      compatible: count.compatible, incompatible: count.incompatible, partial: count.partial, untested: count.untested,
    }
  })
  const overview: SummaryOverview = {
    models: new Set(used.map((g) => g.modelId)).size,
    hardwareTypes: new Set(used.map((g) => names.hardware.get(g.hardwareId))).size,
    runs, undatedRuns: Number(runCounts?.undated ?? 0), performanceResults: n, compatibilityTests: compat.rowsUsed, integrationTests: integ.rowsUsed,
    webPlatformResults: web.rowsUsed, firstMeasured: isoTime(first), lastMeasured: isoTime(last),
  }
  const counts = addCounts(perfCounts, compat, integ, web)
  return {kind: 'report', report: 'summary', meta: makeMeta(bench, f, counts, options), overview, models, hiddenModels: matrix.hiddenRows}
}

const emptyRow = (model: string): SummaryModelRow => ({
  model, family: null, hardwareBenchmarked: 0, bestHardware: null, bestDevice: null, bestMachine: null, bestBatchSize: null, bestPrecision: null,
  bestThroughput: null, compatible: 0, incompatible: 0, partial: 0, untested: 0,
})
