import {RUN_TIME_SQL} from '../series/definition.js'
import type {Database} from '../db/connection.js'
import {normalizePage, pageOf, whereClause, type Page, type PageOf, type ResultFilters} from './filters.js'

/** One performance_results row with its model and hardware names, as the API and CLI list it. */
export type PerformanceItem = {
  result_id: number
  run_id: number | null
  model_name: string
  model_family: string | null
  hardware_type: string
  device_name: string | null
  test_case: string | null
  batch_size: number | null
  precision: string | null
  average_latency_ms: number | null
  throughput_items_per_second: number | null
  memory_peak_mb: number | null
  latency_p50_ms: number | null
  latency_p90_ms: number | null
  latency_p99_ms: number | null
  is_simulated: boolean
  /** Read by the inferring fallback; source_pointer is where in its file. */
  is_inferred: boolean
  source_pointer: string | null
  measured_at: string | null
}

/** Measurement time (NULL: unknown), never when the row was stored. */
const EVIDENCE_TIME = RUN_TIME_SQL

/**
 * Performance results matching the filters, newest evidence first (ties by result id, so pages are
 * stable), one page at a time with the total match count. Simulated rows are excluded by default.
 */
export async function listPerformance(db: Database, filters: ResultFilters = {}, page: Partial<Page> = {}): Promise<PageOf<PerformanceItem>> {
  const p = normalizePage(page)
  const where = whereClause(filters, EVIDENCE_TIME)
  const from = `FROM performance_results pr
    JOIN models m ON m.model_id = pr.model_id
    JOIN hardware_platforms hp ON hp.hardware_id = pr.hardware_id
    LEFT JOIN test_runs tr ON tr.run_id = pr.run_id
    ${where.sql}`
  // count(*) OVER () gives the total with the page in one scan.
  const rows = await db.all<PerformanceItem & {total_count: number}>(
    `SELECT pr.result_id, pr.run_id, m.model_name, m.model_family, hp.hardware_type, hp.device_name,
            pr.test_case, pr.batch_size, pr.precision, pr.average_latency_ms, pr.throughput_items_per_second,
            pr.memory_peak_mb, pr.latency_p50_ms, pr.latency_p90_ms, pr.latency_p99_ms, pr.is_simulated,
            coalesce(pr.is_inferred, false) AS is_inferred, pr.source_pointer,
            ${EVIDENCE_TIME} AS measured_at, count(*) OVER () AS total_count
     ${from}
     ORDER BY measured_at DESC, pr.result_id DESC
     LIMIT ${p.limit} OFFSET ${p.offset}`,
    where.params,
  )
  let total = rows[0]?.total_count
  if (total === undefined) {
    // An offset past the end returns no rows, so the window total is not there: count separately.
    total = p.offset === 0 ? 0 : Number(await db.scalar<number>(`SELECT count(*) ${from}`, where.params))
  }
  return pageOf(rows.map(({total_count: _t, ...r}) => r as PerformanceItem), total, p)
}
