import type {BenchDb} from '../db/bench-db.js'
import {countFactRows, hardwareOrder, queryRows} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {evidenceTime, filterConditions, Params, whereClause} from './where.js'

/** One integration test (module + name) on one hardware type, over every run. */
export interface IntegrationTestRow {
  module: string
  testClass: string | null
  test: string
  hardware: string | null
  runs: number
  passed: number
  failed: number
  errored: number
  skipped: number
  /** passed / (runs - skipped); null when every run was skipped. */
  passRate: number | null
  failedAssertions: number
  latestStatus: string
  latestError: string | null
  lastRun: string | null
}

export interface IntegrationReport {
  kind: 'report'
  report: 'integration'
  meta: ResultMeta
  totals: {runs: number; passed: number; failed: number; errored: number; skipped: number}
  tests: IntegrationTestRow[]
}

const FROM = `integration_test_results itr
  LEFT JOIN models m ON m.model_id = itr.model_id
  LEFT JOIN hardware_platforms hp ON hp.hardware_id = itr.hardware_id
  LEFT JOIN test_runs tr ON tr.run_id = itr.run_id`

/** Integration tests: pass/fail counts, latest status and error per test. Batch size and precision do not apply. */
export async function integrationReport(bench: BenchDb, filters: ReportFilters = {}, options: MetaOptions = {}): Promise<IntegrationReport> {
  const f = normaliseFilters(filters)
  const p = new Params()
  const conditions = filterConditions(f, {m: 'm', hp: 'hp', time: evidenceTime('itr')}, p)
  const used = f.includeSimulated ? conditions : [...conditions, 'NOT itr.is_simulated']
  const tests = await queryRows<IntegrationTestRow>(
    bench,
    `WITH a AS (SELECT test_result_id, count(*) FILTER (WHERE NOT passed) AS failed FROM integration_test_assertions GROUP BY ALL)
     SELECT * FROM (SELECT itr.test_module AS module, any_value(itr.test_class) AS "testClass", itr.test_name AS test, hp.hardware_type AS hardware,
            count(*) AS runs, count(*) FILTER (WHERE status = 'pass') AS passed, count(*) FILTER (WHERE status = 'fail') AS failed,
            count(*) FILTER (WHERE status = 'error') AS errored, count(*) FILTER (WHERE status = 'skip') AS skipped,
            count(*) FILTER (WHERE status = 'pass') / nullif(count(*) FILTER (WHERE status <> 'skip'), 0) AS "passRate",
            coalesce(sum(a.failed), 0)::BIGINT AS "failedAssertions",
            arg_max(itr.status, ${evidenceTime('itr')}) AS "latestStatus",
            arg_max(itr.error_message, ${evidenceTime('itr')}) FILTER (WHERE status IN ('fail', 'error')) AS "latestError",
            max(${evidenceTime('itr')}) AS "lastRun"
     FROM ${FROM} LEFT JOIN a ON a.test_result_id = itr.test_result_id ${whereClause(used)}
     GROUP BY itr.test_module, itr.test_name, hp.hardware_type)
     ORDER BY module, test, ${hardwareOrder('hardware')}`,
    p,
  )
  const totals = {runs: 0, passed: 0, failed: 0, errored: 0, skipped: 0}
  for (const t of tests) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += t[k]
  const counts = await countFactRows(bench, FROM, conditions, p, 'itr.is_simulated', Boolean(f.includeSimulated))
  return {kind: 'report', report: 'integration', meta: makeMeta(bench, f, counts, options), totals, tests}
}
