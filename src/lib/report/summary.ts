import type {BenchDb} from '../db/bench-db.js'
import {addCounts, countFactRows, queryRows} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {compatibilityMatrix} from './matrix.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {PERF_ALIASES, PERF_FROM} from './performance.js'
import {evidenceTime, filterConditions, Params, whereClause} from './where.js'

export interface SummaryOverview {
  models: number
  hardwareTypes: number
  runs: number
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
  /** Hardware type with the highest average throughput (over all batch sizes and runs). */
  bestHardware: string | null
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
}

/** A one-page overview: what the database holds and, per model, where it runs and runs fastest. */
export async function summaryReport(bench: BenchDb, filters: ReportFilters = {}, options: MetaOptions = {}): Promise<SummaryReport> {
  const f = normaliseFilters(filters)
  const p = new Params()
  const perfConds = filterConditions(f, PERF_ALIASES, p)
  const perfUsed = f.includeSimulated ? perfConds : [...perfConds, 'NOT pr.is_simulated']
  const perf = (await queryRows<Omit<SummaryOverview, 'compatibilityTests' | 'integrationTests' | 'webPlatformResults'>>(
    bench,
    `SELECT count(DISTINCT pr.model_id) AS models, count(DISTINCT hp.hardware_type) AS "hardwareTypes",
            count(DISTINCT pr.run_id) AS runs, count(*) AS "performanceResults",
            min(${evidenceTime('pr')}) AS "firstMeasured", max(${evidenceTime('pr')}) AS "lastMeasured"
     FROM ${PERF_FROM} ${whereClause(perfUsed)}`,
    p,
  ))[0]
  const best = await queryRows<{model: string; hardwareBenchmarked: number; bestHardware: string; bestThroughput: number}>(
    bench,
    `WITH per_hw AS (
       SELECT m.model_name AS model, hp.hardware_type AS hardware, avg(pr.throughput_items_per_second) AS tput
       FROM ${PERF_FROM} ${whereClause(perfUsed)} GROUP BY ALL)
     SELECT model, count(*) AS "hardwareBenchmarked", arg_max(hardware, tput) AS "bestHardware", max(tput) AS "bestThroughput"
     FROM per_hw GROUP BY model`,
    p,
  )
  const perfCounts = await countFactRows(bench, PERF_FROM, perfConds, p, 'pr.is_simulated', Boolean(f.includeSimulated))
  const other = async (table: string, alias: string, join: 'JOIN' | 'LEFT JOIN') => {
    const op = new Params()
    const from = `${table} ${alias} ${join} models m ON m.model_id = ${alias}.model_id ${join} hardware_platforms hp ON hp.hardware_id = ${alias}.hardware_id
      LEFT JOIN test_runs tr ON tr.run_id = ${alias}.run_id`
    const conds = filterConditions(f, {m: 'm', hp: 'hp', time: evidenceTime(alias)}, op)
    return countFactRows(bench, from, conds, op, `${alias}.is_simulated`, Boolean(f.includeSimulated))
  }
  const compat = await other('hardware_compatibility', 'hc', 'JOIN')
  const integ = await other('integration_test_results', 'itr', 'LEFT JOIN')
  const web = await other('web_platform_results', 'wpr', 'JOIN')

  const matrix = await compatibilityMatrix(bench, {filters: f})
  const bestBy = new Map(best.map((b) => [b.model, b]))
  const families = new Map(
    (await queryRows<{model: string; family: string | null}>(bench, 'SELECT model_name AS model, model_family AS family FROM models', new Params())).map(
      (r) => [r.model, r.family],
    ),
  )
  const models: SummaryModelRow[] = matrix.rows.map((model, i) => {
    const cells = matrix.cells.slice(i * matrix.hardware.length, (i + 1) * matrix.hardware.length)
    const n = (state: string) => cells.filter((c) => c.state === state).length
    const b = bestBy.get(model)
    return {
      model, family: families.get(model) ?? null, hardwareBenchmarked: b?.hardwareBenchmarked ?? 0,
      bestHardware: b?.bestHardware ?? null, bestThroughput: b?.bestThroughput ?? null,
      compatible: n('compatible'), incompatible: n('incompatible'), partial: n('partial'), untested: n('untested'),
    }
  })
  const overview: SummaryOverview = {
    models: perf?.models ?? 0, hardwareTypes: perf?.hardwareTypes ?? 0, runs: perf?.runs ?? 0,
    performanceResults: perf?.performanceResults ?? 0, compatibilityTests: compat.rowsUsed, integrationTests: integ.rowsUsed,
    webPlatformResults: web.rowsUsed, firstMeasured: perf?.firstMeasured ?? null, lastMeasured: perf?.lastMeasured ?? null,
  }
  const counts = addCounts(perfCounts, compat, integ, web)
  return {kind: 'report', report: 'summary', meta: makeMeta(bench, f, counts, options), overview, models}
}
