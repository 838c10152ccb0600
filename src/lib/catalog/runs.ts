import type {Database} from '../db/connection.js'
import {RUN_ORDER_DESC_SQL, RUN_TIME_SQL} from '../series/definition.js'
import {normalizePage, pageOf, parseSince, type Page, type PageOf} from './filters.js'

export type RunItem = {
  run_id: number
  test_name: string
  test_type: string
  started_at: string | null
  completed_at: string | null
  execution_time_seconds: number | null
  success: boolean | null
  git_commit: string | null
  git_branch: string | null
  performance_results: number
  compatibility_results: number
  integration_results: number
}

/**
 * Test runs, newest first in the one run order (series/definition.ts: measurement time, undated
 * runs last, ties by id): the order db:compare's `latest` uses, so the first run listed is the
 * `latest` one whenever it has results. `since` compares measurement time: undated runs never match.
 */
export async function listRuns(db: Database, options: {since?: string; testType?: string} = {}, page: Partial<Page> = {}): Promise<PageOf<RunItem>> {
  const p = normalizePage(page)
  const parts: string[] = []
  const params: string[] = []
  if (options.since !== undefined) {
    parts.push(`${RUN_TIME_SQL} >= ?::TIMESTAMP`)
    params.push(parseSince(options.since).replace('Z', ''))
  }
  if (options.testType !== undefined) {
    parts.push('tr.test_type = ?')
    params.push(options.testType)
  }
  const where = parts.length ? 'WHERE ' + parts.join(' AND ') : ''
  const total = Number(await db.scalar<number>(`SELECT count(*) FROM test_runs tr ${where}`, params))
  const items = await db.all<RunItem>(
    `SELECT tr.run_id, tr.test_name, tr.test_type, tr.started_at, tr.completed_at, tr.execution_time_seconds,
            tr.success, tr.git_commit, tr.git_branch,
            (SELECT count(*) FROM performance_results x WHERE x.run_id = tr.run_id) AS performance_results,
            (SELECT count(*) FROM hardware_compatibility x WHERE x.run_id = tr.run_id) AS compatibility_results,
            (SELECT count(*) FROM integration_test_results x WHERE x.run_id = tr.run_id) AS integration_results
     FROM test_runs tr ${where}
     ORDER BY ${RUN_ORDER_DESC_SQL}
     LIMIT ${p.limit} OFFSET ${p.offset}`,
    params,
  )
  return pageOf(items, total, p)
}
