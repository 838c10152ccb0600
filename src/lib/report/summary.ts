import type {BenchDb} from '../db/bench-db.js'
import {addCounts, queryRows} from './common.js'
import {evTime, factConditions, keep, RUN_TIMES} from './scope.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {compatibilityMatrix} from './matrix.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {Params, whereClause} from './where.js'

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
  const k = keep('pr', f)
  // One scan of performance_results per model x hardware id; distinct runs in a second, cheap one.
  const conditions = factConditions(f, 'pr', p, {perf: true})
  const used = f.includeSimulated ? conditions : [...conditions, 'NOT pr.is_simulated']
  const pairs = await queryRows<{model_id: number; hardware_id: number; n: number; tput: number | null; first: string | null; last: string | null}>(
    bench,
    `WITH rt AS (${RUN_TIMES})
     SELECT pr.model_id, pr.hardware_id, count(*) AS n, avg(pr.throughput_items_per_second) AS tput,
            min(${evTime('pr')}) AS first, max(${evTime('pr')}) AS last
     FROM performance_results pr, rt ${whereClause(used)} GROUP BY ALL`,
    p,
  )
  const totals = await bench.db.one<{runs: number; sim: number}>(
    `WITH rt AS (${RUN_TIMES}) SELECT count(DISTINCT pr.run_id) FILTER (WHERE ${k}) AS runs, count(*) FILTER (WHERE pr.is_simulated) AS sim
     FROM performance_results pr, rt ${whereClause(conditions)}`,
    p.values,
  )
  const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null || a <= b ? a : b)
  const latest = (a: string | null, b: string | null) => (a === null ? b : b === null || a >= b ? a : b)
  const total = {
    n: pairs.reduce((s, g) => s + g.n, 0), runs: Number(totals?.runs ?? 0), sim: Number(totals?.sim ?? 0),
    first: pairs.reduce<string | null>((a, g) => earliest(a, g.first), null), last: pairs.reduce<string | null>((a, g) => latest(a, g.last), null),
  }
  const names = await dimensionNames(bench)
  const perModelHw = new Map<string, Map<string, {n: number; sum: number}>>()
  for (const g of pairs) {
    const model = names.models.get(g.model_id!)!.model
    const hw = names.hardware.get(g.hardware_id!)!
    const byHw = perModelHw.get(model) ?? new Map<string, {n: number; sum: number}>()
    const acc = byHw.get(hw) ?? {n: 0, sum: 0}
    if (g.tput !== null) {
      acc.n += g.n
      acc.sum += g.tput * g.n
    }
    byHw.set(hw, acc)
    perModelHw.set(model, byHw)
  }
  const perfCounts = {rowsUsed: total.n, simulatedExcluded: f.includeSimulated ? 0 : total.sim}
  const other = async (table: string, alias: string) => {
    const op = new Params()
    const row = await bench.db.one<{n: number; sim: number}>(
      `WITH rt AS (${RUN_TIMES}) SELECT count(*) FILTER (WHERE ${keep(alias, f)}) AS n, count(*) FILTER (WHERE ${alias}.is_simulated) AS sim
       FROM ${table} ${alias}, rt ${whereClause(factConditions(f, alias, op))}`,
      op.values,
    )
    return {rowsUsed: Number(row?.n ?? 0), simulatedExcluded: f.includeSimulated ? 0 : Number(row?.sim ?? 0)}
  }
  const compat = await other('hardware_compatibility', 'hc')
  const integ = await other('integration_test_results', 'itr')
  const web = await other('web_platform_results', 'wpr')

  const matrix = await compatibilityMatrix(bench, {filters: f})
  const families = new Map([...names.models.values()].map((m) => [m.model, m.family]))
  const models: SummaryModelRow[] = matrix.rows.map((model, i) => {
    const cells = matrix.cells.slice(i * matrix.hardware.length, (i + 1) * matrix.hardware.length)
    const n = (state: string) => cells.filter((c) => c.state === state).length
    const hws = [...(perModelHw.get(model)?.entries() ?? [])]
    const best = hws.filter(([, a]) => a.n > 0).map(([hw, a]) => ({hw, v: a.sum / a.n})).sort((a, b) => b.v - a.v)[0]
    return {
      model, family: families.get(model) ?? null, hardwareBenchmarked: hws.length,
      bestHardware: best?.hw ?? null, bestThroughput: best?.v ?? null,
      compatible: n('compatible'), incompatible: n('incompatible'), partial: n('partial'), untested: n('untested'),
    }
  })
  const overview: SummaryOverview = {
    models: new Set(pairs.map((g) => g.model_id)).size,
    hardwareTypes: new Set(pairs.map((g) => names.hardware.get(g.hardware_id!))).size,
    runs: total.runs, performanceResults: total.n, compatibilityTests: compat.rowsUsed, integrationTests: integ.rowsUsed,
    webPlatformResults: web.rowsUsed, firstMeasured: total.first, lastMeasured: total.last,
  }
  const counts = addCounts(perfCounts, compat, integ, web)
  return {kind: 'report', report: 'summary', meta: makeMeta(bench, f, counts, options), overview, models}
}

/** Model and hardware names by id (small tables, read whole). */
export async function dimensionNames(bench: BenchDb) {
  const models = await queryRows<{id: number; model: string; family: string | null}>(
    bench, 'SELECT model_id AS id, model_name AS model, model_family AS family FROM models', new Params())
  const hardware = await queryRows<{id: number; hardware: string}>(bench, 'SELECT hardware_id AS id, hardware_type AS hardware FROM hardware_platforms', new Params())
  return {models: new Map(models.map((m) => [m.id, m])), hardware: new Map(hardware.map((h) => [h.id, h.hardware]))}
}
