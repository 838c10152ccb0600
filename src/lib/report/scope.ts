import type {ReportFilters} from './filters.js'
import {oneOf, type Params} from './where.js'

/**
 * Fast filtering of fact tables by ids. Reports over a million performance rows must not join
 * every row to models, hardware and test_runs just to filter or to find a row's evidence time, so:
 * - dimension filters become semi-joins on ids (`model_id IN (SELECT ... FROM models ...)`);
 * - the evidence time of a row (its run's start or end as the file or its name recorded it, NULL
 *   when unknown: series/definition.ts's RUN_TIME_SQL) comes from a list indexed by run_id,
 *   built once per query from test_runs: `rt.l[run_id]`.
 * Queries add `WITH rt AS (RUN_TIMES)` and `, rt` to their FROM.
 */
export const RUN_TIMES = `SELECT list(coalesce(tr.started_at, tr.completed_at) ORDER BY r.i) AS l
  FROM range(1, coalesce((SELECT max(run_id) FROM test_runs), 0) + 1) r(i) LEFT JOIN test_runs tr ON tr.run_id = r.i`

/**
 * The RUN_TIMES CTE and FROM item for queries that need evidence times only to apply --since
 * (building the list costs a few ms per query, so it is left out without --since).
 */
export const runTimesIfSince = (f: ReportFilters) => (f.since === undefined ? {with: '', from: ''} : {with: `WITH rt AS (${RUN_TIMES}) `, from: ', rt'})

/** A fact row's measurement time: its run's (NULL when the run is undated; never when the row was stored). */
export const evTime = (fact: string) => `rt.l[${fact}.run_id]`

/** `NOT fact.is_simulated` unless simulated rows are wanted. */
export const keep = (fact: string, f: ReportFilters) => (f.includeSimulated ? 'true' : `NOT ${fact}.is_simulated`)

/** Filter conditions on a fact table's own columns (batch size and precision only for performance rows). */
export function factConditions(f: ReportFilters, fact: string, p: Params, options: {perf?: boolean} = {}): string[] {
  const c: string[] = []
  const family = oneOf('model_family', f.family, p)
  if (family) c.push(`${fact}.model_id IN (SELECT model_id FROM models WHERE ${family})`)
  const model = oneOf('model_name', f.model, p)
  if (model) c.push(`${fact}.model_id IN (SELECT model_id FROM models WHERE ${model})`)
  const hardware = oneOf('hardware_type', f.hardware, p)
  if (hardware) c.push(`${fact}.hardware_id IN (SELECT hardware_id FROM hardware_platforms WHERE ${hardware})`)
  if (options.perf && f.batchSize !== undefined) c.push(`${fact}.batch_size = ${p.bind(f.batchSize)}`)
  if (options.perf && f.precision !== undefined) c.push(`lower(${fact}.precision) = lower(${p.bind(f.precision)})`)
  if (options.perf && f.excludeInferred) c.push(`NOT coalesce(${fact}.is_inferred, false)`)
  if (f.since !== undefined) c.push(`${evTime(fact)} >= ${p.bind(f.since)}::TIMESTAMP`)
  return c
}
