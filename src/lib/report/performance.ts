import type {BenchDb} from '../db/bench-db.js'
import type {ReportDocument, Table} from '../render/types.js'
import {countFactRows, hardwareOrder, queryRows} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, simulatedNote, type MetaOptions, type ResultMeta} from './meta.js'
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

export function performanceTable(report: PerformanceReport): Table {
  return {
    title: 'Performance by model, hardware and batch size',
    columns: [
      {key: 'model', title: 'Model'},
      {key: 'family', title: 'Family'},
      {key: 'hardware', title: 'Hardware'},
      {key: 'batchSize', title: 'Batch', format: 'integer'},
      {key: 'precision', title: 'Precision'},
      {key: 'results', title: 'Results', format: 'integer'},
      {key: 'throughput', title: 'Throughput', unit: 'items/s', format: 'number'},
      {key: 'latencyMs', title: 'Latency', unit: 'ms', format: 'number'},
      {key: 'latencyP50Ms', title: 'p50', unit: 'ms', format: 'number'},
      {key: 'latencyP99Ms', title: 'p99', unit: 'ms', format: 'number'},
      {key: 'memoryPeakMb', title: 'Peak memory', unit: 'MB', format: 'number'},
      {key: 'lastMeasured', title: 'Last measured', format: 'date'},
    ],
    rows: report.rows as unknown as Record<string, unknown>[],
    notes: simulatedNote(report.meta),
  }
}

export function performanceDocument(report: PerformanceReport): ReportDocument {
  const table = performanceTable(report)
  const blocks: ReportDocument['sections'][number]['blocks'] = []
  if (report.rows.length === 0) blocks.push({kind: 'paragraph', text: 'No performance results match these filters.'})
  blocks.push({kind: 'table', table})
  return {
    title: 'Performance report',
    subtitle: `${report.rows.length} model/hardware/batch combination(s) from ${report.meta.rowsUsed} result(s)`,
    sections: [{heading: 'Performance', blocks}],
    provenance: report.meta,
  }
}
