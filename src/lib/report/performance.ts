import type {BenchDb} from '../db/bench-db.js'
import {hardwareOrder, queryRows} from './common.js'
import {factConditions, evTime, RUN_TIMES} from './scope.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {evidenceTime, Params, whereClause} from './where.js'

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
  const p = new Params()
  const conditions = factConditions(f, 'pr', p, {perf: true})
  const used = f.includeSimulated ? conditions : [...conditions, 'NOT pr.is_simulated']
  // Aggregate on ids with the filters in WHERE (cheaper than FILTER on every aggregate), then name them.
  const grouped = await queryRows<PerformanceRow>(
    bench,
    `WITH rt AS (${RUN_TIMES}), agg AS (
       SELECT pr.model_id, pr.hardware_id, pr.batch_size, pr.precision, count(*) AS results,
              avg(pr.throughput_items_per_second) AS throughput, avg(pr.average_latency_ms) AS lat,
              avg(pr.latency_p50_ms) AS p50, avg(pr.latency_p90_ms) AS p90, avg(pr.latency_p99_ms) AS p99,
              avg(pr.memory_peak_mb) AS mem, max(${evTime('pr')}) AS last
       FROM performance_results pr, rt ${whereClause(used)}
       GROUP BY ALL)
     SELECT m.model_name AS model, m.model_family AS family, hp.hardware_type AS hardware, agg.batch_size AS "batchSize",
            agg.precision AS precision, agg.results, agg.throughput, agg.lat AS "latencyMs", agg.p50 AS "latencyP50Ms",
            agg.p90 AS "latencyP90Ms", agg.p99 AS "latencyP99Ms", agg.mem AS "memoryPeakMb", agg.last AS "lastMeasured"
     FROM agg JOIN models m ON m.model_id = agg.model_id JOIN hardware_platforms hp ON hp.hardware_id = agg.hardware_id
     ORDER BY model, ${hardwareOrder('hp.hardware_type')}, "batchSize" NULLS LAST, precision NULLS LAST`,
    p,
  )
  const simulatedExcluded = f.includeSimulated
    ? 0
    : Number(await bench.db.scalar(`WITH rt AS (${RUN_TIMES}) SELECT count(*) FROM performance_results pr, rt ${whereClause([...conditions, 'pr.is_simulated'])}`, p.values))
  // Two devices of one hardware type are two groups here; merge them so a type appears once.
  const rows = mergeHardwareGroups(grouped)
  const rowsUsed = rows.reduce((s, r) => s + r.results, 0)
  return {kind: 'report', report: 'performance', meta: makeMeta(bench, f, {rowsUsed, simulatedExcluded}, options), rows}
}

const AVG_KEYS = ['throughput', 'latencyMs', 'latencyP50Ms', 'latencyP90Ms', 'latencyP99Ms', 'memoryPeakMb'] as const

function mergeHardwareGroups(groups: PerformanceRow[]): PerformanceRow[] {
  const out = new Map<string, PerformanceRow>()
  for (const g of groups) {
    const key = JSON.stringify([g.model, g.hardware, g.batchSize, g.precision])
    const prev = out.get(key)
    if (!prev) {
      out.set(key, {...g})
      continue
    }
    // Weighted means; a null mean stays out of the weighting (no values in that group).
    for (const k of AVG_KEYS) {
      const a = prev[k]
      const b = g[k]
      prev[k] = a === null ? b : b === null ? a : (a * prev.results + b * g.results) / (prev.results + g.results)
    }
    prev.results += g.results
    prev.lastMeasured = prev.lastMeasured === null || (g.lastMeasured !== null && g.lastMeasured > prev.lastMeasured) ? g.lastMeasured : prev.lastMeasured
  }
  return [...out.values()]
}
