import {METRICS} from '../../lib/metrics/catalogue.js'

/**
 * Schema version 4: the context that makes numbers comparable, and metrics stored as what they are.
 *
 * - test_runs gains the run's context (repository, CI provider, run id (ci_run) and URL, machine, run name, free
 *   tags) beside the contract's git_commit/git_branch, and `time_source`: whether started_at came
 *   from the file's content ('file'), its file or folder name ('filename'), or nowhere ('unknown',
 *   started_at NULL). Ingestion time stays in created_at and is never used as measurement time.
 * - performance_results gains `is_inferred` (the row was found by the inferring fallback adapter)
 *   and `source_pointer` (the JSON pointer it came from).
 * - result_metrics holds every measured value that is not the exact meaning of a contract column
 *   (tokens/s, TTFT, energy, custom counters ...), in its catalogue unit, with raw samples.
 * - metric_values is the one long view reports read: contract columns and result_metrics alike.
 *
 * Contract tables keep every column; only columns are added.
 */
const COLUMN_METRICS = METRICS.filter((m) => m.column)

const contractMetricRows = COLUMN_METRICS.map(
  (m) => `('${m.name}', pr.${m.column}, '${m.unit}', ${m.direction === 'higher'})`,
).join(',\n      ')

const SERIES_COLUMNS = `pr.result_id, pr.run_id, pr.model_id, pr.hardware_id, pr.test_case, pr.batch_size, pr.precision,
    pr.is_simulated, pr.is_inferred, pr.source_file_id`

export const V4_RUN_CONTEXT: string[] = [
  `ALTER TABLE test_runs ADD COLUMN git_repository VARCHAR`,
  `ALTER TABLE test_runs ADD COLUMN ci_provider VARCHAR`,
  `ALTER TABLE test_runs ADD COLUMN ci_run VARCHAR`,
  `ALTER TABLE test_runs ADD COLUMN ci_run_url VARCHAR`,
  `ALTER TABLE test_runs ADD COLUMN machine VARCHAR`,
  `ALTER TABLE test_runs ADD COLUMN run_name VARCHAR`,
  `ALTER TABLE test_runs ADD COLUMN tags JSON`,
  `ALTER TABLE test_runs ADD COLUMN time_source VARCHAR`,
  // Rows of older versions: a started_at they hold came from the file or its name (the old
  // adapters never stored mtime there); the ingest of this version re-derives it precisely.
  `UPDATE test_runs SET time_source = CASE WHEN started_at IS NULL THEN 'unknown' ELSE 'file' END`,
  `ALTER TABLE performance_results ADD COLUMN is_inferred BOOLEAN DEFAULT false`,
  `ALTER TABLE performance_results ADD COLUMN source_pointer VARCHAR`,
  `UPDATE performance_results SET is_inferred = false`,
  `CREATE SEQUENCE IF NOT EXISTS seq_metric_id START 1`,
  `CREATE TABLE result_metrics (
    metric_id BIGINT PRIMARY KEY DEFAULT nextval('seq_metric_id'),
    result_id BIGINT NOT NULL,
    metric VARCHAR NOT NULL,
    value DOUBLE,
    unit VARCHAR NOT NULL,
    higher_is_better BOOLEAN,
    samples JSON,
    source_pointer VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP),
    source_file_id BIGINT
  )`,
  `CREATE OR REPLACE VIEW metric_values AS
  SELECT ${SERIES_COLUMNS}, c.metric, c.value, c.unit, c.higher_is_better, NULL::JSON AS samples, pr.source_pointer
  FROM performance_results pr,
    LATERAL (VALUES
      ${contractMetricRows}
    ) AS c(metric, value, unit, higher_is_better)
  WHERE c.value IS NOT NULL
  UNION ALL
  SELECT ${SERIES_COLUMNS}, rm.metric, rm.value, rm.unit, rm.higher_is_better, rm.samples, coalesce(rm.source_pointer, pr.source_pointer)
  FROM result_metrics rm JOIN performance_results pr ON pr.result_id = rm.result_id`,
]
