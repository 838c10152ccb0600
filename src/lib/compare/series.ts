import type {Database} from '../db/connection.js'
import type {Plain} from '../db/values.js'
import {RUN_ORDER_ASC_SQL, RUN_TIME_SQL, sameSeriesSql, SERIES_COLUMNS} from '../series/definition.js'
import type {MetricSpec} from './metrics.js'
import {median} from './stats.js'

/**
 * Loads one metric's whole history for every series (src/lib/series/definition.ts: model x
 * hardware x machine x precision x batch size x test case x simulated) that has a value in the
 * `keyRuns`. Several rows of one series in one run collapse to their median; points come in run
 * order (RUN_ORDER_ASC_SQL), each with its rank in that order so later code never re-sorts by
 * text timestamps.
 */

export interface SeriesKey {
  modelId: number
  modelName: string
  modelFamily: string | null
  hardwareId: number
  hardwareType: string
  deviceName: string | null
  machine: string | null
  testCase: string | null
  batchSize: number | null
  precision: string | null
  simulated: boolean
}

export interface RunPoint {
  runId: number
  /** Rank of the run in run order (over the whole database). */
  ord: number
  /** Measurement time (started_at, else completed_at; null when unknown). */
  at: string | null
  branch: string | null
  commit: string | null
  /** The metric for this run (median of the run's rows for the series). */
  value: number
  resultIds: number[]
}

export interface SeriesHistory {
  /** Stable text id: model|hardware type|device|machine|test case|batch|precision|simulated. */
  id: string
  key: SeriesKey
  points: RunPoint[]
}

export interface UnpairedSeries {
  id: string
  key: SeriesKey
  side: 'baseline-only' | 'candidate-only'
  runs: number[]
}

export interface SeriesFilters {
  models?: string[]
  families?: string[]
  hardware?: string[]
  machines?: string[]
}

interface SeriesRow {
  model_id: number
  model_name: string
  model_family: string | null
  hardware_id: number
  hardware_type: string
  device_name: string | null
  machine: string | null
  test_case: string | null
  batch_size: number | null
  precision: string | null
  is_simulated: boolean
  /** Per row of the series, in run order: run, result and value. */
  runs: number[]
  results: number[]
  vals: number[]
  [k: string]: Plain
}

interface RunRow {
  run_id: number
  ord: number
  at: string | null
  branch: string | null
  commit: string | null
  [k: string]: Plain
}

export function seriesId(k: SeriesKey): string {
  return [k.modelName, k.hardwareType, k.deviceName ?? '', k.machine ?? '', k.testCase ?? '', k.batchSize ?? '', k.precision ?? '', k.simulated ? 'simulated' : '']
    .join('|')
}

export const idList = (list: readonly number[]) => (list.length ? list.map((n) => String(Math.floor(n))).join(',') : 'NULL')

/** Where-clause for the filters (values bound as parameters). */
function filterSql(filters: SeriesFilters, params: string[]): string {
  const parts: string[] = []
  const add = (column: string, values: string[] | undefined, lower = false) => {
    if (!values?.length) return
    parts.push(`${lower ? `lower(${column})` : column} IN (${values.map(() => '?').join(', ')})`)
    params.push(...values.map((v) => (lower ? v.toLowerCase() : v)))
  }
  add('m.model_name', filters.models)
  add('m.model_family', filters.families, true)
  add('hp.hardware_type', filters.hardware, true)
  add('tr.machine', filters.machines)
  return parts.length ? ` AND ${parts.join(' AND ')}` : ''
}

export interface HistoryOptions {
  metric: MetricSpec
  /** Series with a value in these runs are loaded (all series when undefined). */
  keyRuns?: readonly number[]
  filters?: SeriesFilters
  includeSimulated?: boolean
}

export async function loadHistories(db: Database, options: HistoryOptions): Promise<SeriesHistory[]> {
  const params: string[] = [options.metric.name]
  const base = `pr.metric = ?` + (options.includeSimulated ? '' : ' AND NOT pr.is_simulated') + filterSql(options.filters ?? {}, params)
  const from = `metric_values pr JOIN test_runs tr ON tr.run_id = pr.run_id
     JOIN models m ON m.model_id = pr.model_id JOIN hardware_platforms hp ON hp.hardware_id = pr.hardware_id`
  const keyed = options.keyRuns === undefined ? '' : `AND EXISTS (
       SELECT 1 FROM metric_values k JOIN test_runs tk ON tk.run_id = k.run_id
       WHERE k.metric = pr.metric AND k.run_id IN (${idList(options.keyRuns)}) AND ${sameSeriesSql('k', 'pr', 'tk', 'tr')})`
  // One row per series with its values as lists (in run order), and the runs apart: the
  // strings of a series and of a run cross from DuckDB once, not once per value.
  const rows = `WITH ord AS (SELECT tr.run_id, row_number() OVER (ORDER BY ${RUN_ORDER_ASC_SQL}) AS ord FROM test_runs tr),
     compare_rows AS (
       SELECT pr.result_id, pr.run_id, o.ord, ${SERIES_COLUMNS.join(', ')}, m.model_name, m.model_family, hp.hardware_type, hp.device_name, pr.value
       FROM ${from} JOIN ord o ON o.run_id = pr.run_id
       WHERE ${base} AND pr.value IS NOT NULL AND isfinite(pr.value) ${keyed})`
  const seriesRows = await db.all<SeriesRow>(
    `${rows}
     SELECT model_id, hardware_id, machine, precision, batch_size, test_case, is_simulated,
            any_value(model_name) AS model_name, any_value(model_family) AS model_family,
            any_value(hardware_type) AS hardware_type, any_value(device_name) AS device_name,
            list(run_id ORDER BY ord, result_id) AS runs, list(result_id ORDER BY ord, result_id) AS results,
            list(value ORDER BY ord, result_id) AS vals
     FROM compare_rows GROUP BY ALL`,
    params,
  )
  // The runs' order and context from test_runs alone (re-reading compare_rows would redo the whole scan).
  const runIds = [...new Set(seriesRows.flatMap((r) => r.runs))]
  const runRows = runIds.length === 0 ? [] : await db.all<RunRow>(
    `WITH ord AS (SELECT tr.run_id, row_number() OVER (ORDER BY ${RUN_ORDER_ASC_SQL}) AS ord FROM test_runs tr)
     SELECT tr.run_id, o.ord, ${RUN_TIME_SQL} AS at, tr.git_branch AS branch, tr.git_commit AS "commit"
     FROM test_runs tr JOIN ord o ON o.run_id = tr.run_id WHERE tr.run_id IN (SELECT unnest(?::BIGINT[]))`,
    [`[${idList(runIds)}]`],
  )
  const runs = new Map(runRows.map((r) => [r.run_id, r]))
  return seriesRows.map((r) => toHistory(r, runs)).sort((a, b) => a.id.localeCompare(b.id))
}

function toHistory(r: SeriesRow, runs: Map<number, RunRow>): SeriesHistory {
  const key: SeriesKey = {
    modelId: r.model_id, modelName: r.model_name, modelFamily: r.model_family, hardwareId: r.hardware_id,
    hardwareType: r.hardware_type, deviceName: r.device_name, machine: r.machine, testCase: r.test_case, batchSize: r.batch_size,
    precision: r.precision, simulated: r.is_simulated,
  }
  const points: RunPoint[] = []
  for (let i = 0; i < r.runs.length; ) {
    // Several rows of the series in one run collapse to their median.
    let j = i
    while (j + 1 < r.runs.length && r.runs[j + 1] === r.runs[i]) j++
    const run = runs.get(r.runs[i])!
    points.push({runId: run.run_id, ord: run.ord, at: run.at, branch: run.branch, commit: run.commit,
      value: j === i ? r.vals[i] : median(r.vals.slice(i, j + 1)), resultIds: r.results.slice(i, j + 1)})
    i = j + 1
  }
  return {id: seriesId(key), key, points}
}

/**
 * Raw iteration values of the given results in the metric's units: performance_batch_results
 * latencies (throughput of one iteration is batch_size * 1000 / latency_ms) or result_metrics'
 * samples JSON. Keyed by result id.
 */
export async function loadSamples(db: Database, metric: MetricSpec, resultIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>()
  if (metric.samples === 'none' || resultIds.length === 0) return out
  const ids = `(SELECT unnest(?::BIGINT[]))`
  const param = [`[${idList(resultIds)}]`]
  if (metric.samples === 'json') {
    const rows = await db.all<{result_id: number; samples: string}>(
      `SELECT result_id, samples::VARCHAR AS samples FROM result_metrics WHERE metric = ? AND samples IS NOT NULL AND result_id IN ${ids}`,
      [metric.name, ...param],
    )
    for (const r of rows) {
      const parsed: unknown = JSON.parse(r.samples)
      if (Array.isArray(parsed)) out.set(r.result_id, parsed.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)))
    }
    return out
  }
  const rows = await db.all<{result_id: number; latency_ms: number; batch_size: number | null}>(
    `SELECT pbr.result_id, pbr.latency_ms, coalesce(pbr.batch_size, pr.batch_size) AS batch_size
     FROM performance_batch_results pbr JOIN performance_results pr ON pr.result_id = pbr.result_id
     WHERE pbr.latency_ms > 0 AND pbr.result_id IN ${ids}
     ORDER BY pbr.result_id, pbr.batch_index`,
    param,
  )
  for (const r of rows) {
    const v = metric.samples === 'throughput' ? ((r.batch_size ?? 1) * 1000) / r.latency_ms : r.latency_ms
    const list = out.get(r.result_id)
    if (list) list.push(v)
    else out.set(r.result_id, [v])
  }
  return out
}

/**
 * The newest run (run order) holding a value of the metric for a series that also has an earlier
 * run: a candidate that `window:N` can compare. Null when every series has one run only.
 */
export async function newestRunWithHistory(db: Database, options: Omit<HistoryOptions, 'keyRuns'>): Promise<{runId: number; testName: string} | null> {
  const params: string[] = [options.metric.name]
  const where = `pr.metric = ? AND pr.value IS NOT NULL` + (options.includeSimulated ? '' : ' AND NOT pr.is_simulated') + filterSql(options.filters ?? {}, params)
  const row = await db.one<{run_id: number; test_name: string}>(
    `WITH ord AS (SELECT tr.run_id, row_number() OVER (ORDER BY ${RUN_ORDER_ASC_SQL}) AS ord FROM test_runs tr),
     points AS (
       SELECT o.run_id, o.ord, min(o.ord) OVER (PARTITION BY ${SERIES_COLUMNS.join(', ')}) AS first_ord
       FROM metric_values pr JOIN test_runs tr ON tr.run_id = pr.run_id JOIN ord o ON o.run_id = pr.run_id
         JOIN models m ON m.model_id = pr.model_id JOIN hardware_platforms hp ON hp.hardware_id = pr.hardware_id
       WHERE ${where})
     SELECT p.run_id, tr.test_name FROM points p JOIN test_runs tr ON tr.run_id = p.run_id
     WHERE p.ord > p.first_ord ORDER BY p.ord DESC LIMIT 1`,
    params,
  )
  return row ? {runId: row.run_id, testName: row.test_name} : null
}
