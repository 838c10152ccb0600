/**
 * Schema version 3: a persistent rollup of performance_results, so reports over millions of rows
 * read thousands of partial aggregates instead of scanning every row (src/lib/report/rollup.ts).
 *
 * `perf_rollup` holds mergeable partial aggregates per month of evidence time (bucket) x model id x
 * hardware id x batch size x precision x simulated: the row count, the first and last evidence time
 * and, per metric, the sum and count of the non-null values (and, for percentiles, the sum and count
 * of the raw-sample quantile of rows that stored none); `perf_rollup_total` the same without the
 * month (what a report without --since reads). Counts are DOUBLE (exact below 2^53) because DuckDB
 * sums doubles several times faster than BIGINTs (whose sums are HUGEINT). Several rows may share a
 * key (refreshes append the new rows' partials; a compaction merges them, and `segments` in the
 * state says whether that has happened since).
 *
 * `perf_rollup_state` (one row) says what the rollup covers: every performance_results row with
 * `result_id <= watermark`, of which there were `covered_rows` (and `covered_samples` raw samples
 * belonging to them), with the evidence times of runs `run_id <= run_watermark` fingerprinted.
 * A reader checks these against the tables (cheap counts); any difference (a deleted or superseded
 * row) and it scans the table directly, as before, until the next refresh rebuilds the rollup.
 *
 * Derived data only: dropping both tables' rows loses nothing. The schema contract's tables are
 * untouched. Read-only opens of a version 2 file do not need this migration (see `optional`).
 */
const VALUE_COLUMNS = `n DOUBLE NOT NULL,
    first_at TIMESTAMP,
    last_at TIMESTAMP,
    throughput_sum DOUBLE, throughput_n DOUBLE,
    latency_sum DOUBLE, latency_n DOUBLE,
    memory_sum DOUBLE, memory_n DOUBLE,
    p50_sum DOUBLE, p50_n DOUBLE,
    p90_sum DOUBLE, p90_n DOUBLE,
    p99_sum DOUBLE, p99_n DOUBLE,
    p50_q_sum DOUBLE, p50_q_n DOUBLE,
    p90_q_sum DOUBLE, p90_q_n DOUBLE,
    p99_q_sum DOUBLE, p99_q_n DOUBLE`

const KEY_COLUMNS = `model_id INTEGER NOT NULL,
    hardware_id INTEGER NOT NULL,
    batch_size INTEGER,
    precision VARCHAR,
    is_simulated BOOLEAN NOT NULL`

export const V3_PERF_ROLLUP: string[] = [
  `CREATE TABLE perf_rollup (
    bucket TIMESTAMP,
    ${KEY_COLUMNS},
    ${VALUE_COLUMNS}
  )`,
  `CREATE TABLE perf_rollup_total (
    ${KEY_COLUMNS},
    ${VALUE_COLUMNS}
  )`,
  `CREATE TABLE perf_rollup_state (
    id INTEGER PRIMARY KEY,
    watermark BIGINT NOT NULL,
    covered_rows BIGINT NOT NULL,
    covered_samples BIGINT NOT NULL,
    run_watermark BIGINT NOT NULL,
    runs_fingerprint VARCHAR NOT NULL,
    segments INTEGER NOT NULL,
    refreshed_at TIMESTAMP NOT NULL
  )`,
]
