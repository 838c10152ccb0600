import type {BenchDb} from '../db/bench-db.js'
import {countFactRows, hardwareOrder, queryRows} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {evidenceTime, filterConditions, Params, whereClause} from './where.js'

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
  const conditions = filterConditions(f, PERF_ALIASES, p)
  const used = f.includeSimulated ? conditions : [...conditions, 'NOT pr.is_simulated']
  const rows = await queryRows<PerformanceRow>(
    bench,
    `SELECT * FROM (SELECT m.model_name AS model, m.model_family AS family, hp.hardware_type AS hardware,
            pr.batch_size AS "batchSize", pr.precision AS precision, count(*) AS results,
            avg(pr.throughput_items_per_second) AS throughput, avg(pr.average_latency_ms) AS "latencyMs",
            avg(pr.latency_p50_ms) AS "latencyP50Ms", avg(pr.latency_p90_ms) AS "latencyP90Ms",
            avg(pr.latency_p99_ms) AS "latencyP99Ms", avg(pr.memory_peak_mb) AS "memoryPeakMb",
            max(${evidenceTime('pr')}) AS "lastMeasured"
     FROM ${PERF_FROM} ${whereClause(used)}
     GROUP BY ALL)
     ORDER BY model, ${hardwareOrder('hardware')}, "batchSize" NULLS LAST, precision NULLS LAST`,
    p,
  )
  const counts = await countFactRows(bench, PERF_FROM, conditions, p, 'pr.is_simulated', Boolean(f.includeSimulated))
  return {kind: 'report', report: 'performance', meta: makeMeta(bench, f, counts, options), rows}
}
