/**
 * The one definition of a series and of run order, used by every report, chart, comparison and
 * API answer (so the CLI, the API and the dashboard can never disagree about what "the same
 * thing measured again" or "the latest run" means).
 *
 * A series is: model x hardware (type and device: one hardware_platforms row) x machine (the host
 * or runner, from test_runs) x precision x batch size x test case x simulated. Nothing is averaged
 * across two series. A missing value (NULL precision, no machine) is a value of its own, compared
 * with IS NOT DISTINCT FROM, never a wildcard.
 *
 * Aliases expected by the fragments: `pr` performance_results (or metric_values), `tr` test_runs.
 */
export const SERIES_COLUMNS = [
  'pr.model_id',
  'pr.hardware_id',
  'tr.machine',
  'pr.precision',
  'pr.batch_size',
  'pr.test_case',
  'pr.is_simulated',
] as const

/** The series key as one SQL expression list, for GROUP BY / PARTITION BY. */
export const SERIES_KEY_SQL = SERIES_COLUMNS.join(', ')

/** A condition that two rows (aliases `a`/`b` for pr and `ta`/`tb` for tr) are in the same series. */
export function sameSeriesSql(a = 'a', b = 'b', ta = 'ta', tb = 'tb'): string {
  return SERIES_COLUMNS.map((c) => {
    const [alias, col] = c.split('.')
    const [x, y] = alias === 'tr' ? [ta, tb] : [a, b]
    return `${x}.${col} IS NOT DISTINCT FROM ${y}.${col}`
  }).join(' AND ')
}

/**
 * A run's measurement time: only what the file (or its name) says. Ingestion time (created_at)
 * and file mtimes are never measurement times. NULL means "time unknown".
 */
export const RUN_TIME_SQL = 'coalesce(tr.started_at, tr.completed_at)'

/**
 * Run order, oldest first: undated runs come before every dated one (so an undated run is never
 * "latest" nor the newest point of a trend), ties and undated runs by run id (ingest order).
 */
export const RUN_ORDER_ASC_SQL = `${RUN_TIME_SQL} ASC NULLS FIRST, tr.run_id ASC`
/** Newest first: the exact reverse of RUN_ORDER_ASC_SQL. */
export const RUN_ORDER_DESC_SQL = `${RUN_TIME_SQL} DESC NULLS LAST, tr.run_id DESC`
