import {METRICS, type MetricName} from './metrics.js'
import {evTime} from './scope.js'

/**
 * The SQL of performance_results' mergeable partial aggregates, shared by the persistent rollup
 * (rollup.ts builds its rows with it) and by the exact scans of reports (perf-scan.ts), so both
 * produce the same columns from the same expressions: a row count, the first and last evidence
 * time and, per metric, `<metric>_sum` / `<metric>_n` (sum and count of non-null values) and, for
 * percentiles, `<metric>_q_sum` / `<metric>_q_n` (the raw-sample quantile of rows that stored no
 * percentile). Partials of one key merge exactly by summing (and min/max for the times).
 */
export const ROLLUP_TABLE = 'perf_rollup'
export const ROLLUP_TOTAL_TABLE = 'perf_rollup_total'
export const ROLLUP_STATE_TABLE = 'perf_rollup_state'

/** Every metric the rollup keeps, in its column order. */
export const ROLLUP_METRICS: MetricName[] = ['throughput', 'latency', 'memory', 'p50', 'p90', 'p99']
export const PERCENTILE_METRICS: MetricName[] = ['p50', 'p90', 'p99']

/** Time bucket of the rollup: a month of evidence time (see bucketBound for `--since`). */
export const bucketOf = (time: string) => `date_trunc('month', ${time})`

/**
 * The first bucket start at or after `since` (a TIMESTAMP expression): buckets from it on lie
 * wholly after `since` and come from the rollup; rows before it (the boundary bucket) are scanned.
 */
export const bucketBound = (since: string) =>
  `(CASE WHEN ${bucketOf(since)} = ${since} THEN ${since} ELSE ${bucketOf(since)} + INTERVAL 1 MONTH END)`

const column = (m: MetricName) => `pr.${METRICS[m].column}`
const quantileOf = (m: MetricName) => (METRICS[m] as {quantile: number}).quantile

/**
 * Per-result quantiles of the raw samples (performance_batch_results), one column `q_<metric>` per
 * percentile; `where` narrows the results (e.g. to those above a watermark).
 */
export function sampleQuantilesCte(quantiles: MetricName[], where = ''): string {
  const qs = quantiles.map((m) => `quantile_cont(latency_ms, ${quantileOf(m)}) AS q_${m}`)
  return `bs AS (SELECT result_id, ${qs.join(', ')} FROM performance_batch_results
    WHERE latency_ms IS NOT NULL${where ? ` AND ${where}` : ''} GROUP BY result_id)`
}

/** The LEFT JOIN of `bs` (sampleQuantilesCte) onto performance_results `pr`. */
export const SAMPLE_JOIN = 'LEFT JOIN bs ON bs.result_id = pr.result_id'

/**
 * Partial aggregates over performance_results `pr` (with `rt` from RUN_TIMES in the FROM, and `bs`
 * joined when `quantiles` is not empty), named as the rollup's columns.
 */
export function partialAggregates(metrics: MetricName[], options: {first?: boolean; quantiles?: MetricName[]} = {}): string[] {
  const ev = evTime('pr')
  return [
    'count(*)::DOUBLE AS n',
    ...(options.first ? [`min(${ev}) AS first_at`] : []),
    `max(${ev}) AS last_at`,
    ...metrics.flatMap((m) => [`sum(${column(m)})::DOUBLE AS ${m}_sum`, `count(${column(m)})::DOUBLE AS ${m}_n`]),
    ...(options.quantiles ?? []).flatMap((m) => [
      `(sum(bs.q_${m}) FILTER (WHERE ${column(m)} IS NULL))::DOUBLE AS ${m}_q_sum`,
      `(count(bs.q_${m}) FILTER (WHERE ${column(m)} IS NULL))::DOUBLE AS ${m}_q_n`,
    ]),
  ]
}

/**
 * The value columns of merged groups, in PerfScan order (n, [first], last, then per metric sum and
 * count, then per quantile sum and count): `merge` sums partials (`parts` must have them), else
 * the rows are read as they are (a compacted rollup already has one row per key).
 */
export function groupValues(metrics: MetricName[], options: {first?: boolean; quantiles?: MetricName[]; merge: boolean}): string[] {
  const agg = (c: string) => (options.merge ? mergeColumn(c) : c)
  return [
    agg('n'),
    ...(options.first ? [`epoch_ms(${agg('first_at')})::DOUBLE`] : []),
    `epoch_ms(${agg('last_at')})::DOUBLE`,
    ...metrics.flatMap((m) => [agg(`${m}_sum`), agg(`${m}_n`)]),
    ...(options.quantiles ?? []).flatMap((m) => [agg(`${m}_q_sum`), agg(`${m}_q_n`)]),
  ]
}

/** The rollup's aggregate column names (for copying and compacting rows). */
export const ROLLUP_VALUE_COLUMNS = [
  'n', 'first_at', 'last_at',
  ...ROLLUP_METRICS.flatMap((m) => [`${m}_sum`, `${m}_n`]),
  ...PERCENTILE_METRICS.flatMap((m) => [`${m}_q_sum`, `${m}_q_n`]),
]

/** How partial columns merge when the rollup compacts itself. */
export const mergeColumn = (c: string) => (c === 'first_at' ? `min(${c})` : c === 'last_at' ? `max(${c})` : `sum(${c})`)

/** The rollup's key (bucket aside): the series key of src/lib/series/definition.ts except the test case. */
export const GROUP_KEYS = ['model_id', 'hardware_id', 'batch_size', 'precision', 'is_simulated', 'machine']
