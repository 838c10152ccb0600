import {BenchDb} from '../db/bench-db.js'
import type {Database} from '../db/connection.js'
import {FACT_TABLES_CHILD_FIRST} from '../ingest/table-specs.js'
import {actualRowCounts, countMismatch, loadLedger, rowsWritten} from './ledger.js'

export type ProblemKind =
  | 'orphan-foreign-key'
  | 'missing-ledger-row'
  | 'ledger-count-mismatch'
  | 'duplicate-result'
  | 'impossible-value'
  | 'simulated-marked-real'

export interface IntegrityProblem {
  kind: ProblemKind
  table: string
  /** Which check found it, in words. */
  check: string
  /** Number of rows affected. */
  count: number
  /** Up to 10 example keys (row ids). */
  examples: Array<number | string>
}

export interface IntegrityResult {
  database: string
  checks: number
  problems: IntegrityProblem[]
  ok: boolean
}

/** A check: SQL returning one `id` per offending row. */
interface RowCheck {
  kind: ProblemKind
  table: string
  check: string
  sql: string
}

const fk = (table: string, id: string, column: string, parent: string, parentId: string, nullable = true): RowCheck => ({
  kind: 'orphan-foreign-key',
  table,
  check: `${table}.${column} refers to a missing ${parent} row`,
  sql: `SELECT c.${id} AS id FROM ${table} c WHERE ${nullable ? `c.${column} IS NOT NULL AND ` : ''}NOT EXISTS (SELECT 1 FROM ${parent} p WHERE p.${parentId} = c.${column})`,
})

// Keyed by the fact tables' type: a new fact table without its id column here fails to compile.
const ID: Record<(typeof FACT_TABLES_CHILD_FIRST)[number], string> = {
  test_runs: 'run_id', performance_results: 'result_id', performance_batch_results: 'batch_id',
  hardware_compatibility: 'compatibility_id', integration_test_results: 'test_result_id',
  integration_test_assertions: 'assertion_id', web_platform_results: 'result_id', webgpu_advanced_features: 'feature_id',
  result_metrics: 'metric_id',
}

const negative = (table: keyof typeof ID, columns: string[]): RowCheck[] =>
  columns.map((c) => ({kind: 'impossible-value' as const, table, check: `${table}.${c} is negative`, sql: `SELECT ${ID[table]} AS id FROM ${table} WHERE ${c} < 0`}))

/** JSON that says a row is simulated: `simulated`, `is_simulated` or `simulation` true (or "true"/1). */
const saysSimulated = (col: string) =>
  ['simulated', 'is_simulated', 'simulation'].map((k) => `lower(coalesce(json_extract_string(${col}, '$.${k}'), '')) IN ('true', '1')`).join(' OR ')

function rowChecks(): RowCheck[] {
  return [
    fk('performance_results', 'result_id', 'run_id', 'test_runs', 'run_id'),
    fk('performance_results', 'result_id', 'model_id', 'models', 'model_id', false),
    fk('performance_results', 'result_id', 'hardware_id', 'hardware_platforms', 'hardware_id', false),
    fk('performance_batch_results', 'batch_id', 'result_id', 'performance_results', 'result_id', false),
    fk('result_metrics', 'metric_id', 'result_id', 'performance_results', 'result_id', false),
    fk('hardware_compatibility', 'compatibility_id', 'run_id', 'test_runs', 'run_id'),
    fk('hardware_compatibility', 'compatibility_id', 'model_id', 'models', 'model_id', false),
    fk('hardware_compatibility', 'compatibility_id', 'hardware_id', 'hardware_platforms', 'hardware_id', false),
    fk('integration_test_results', 'test_result_id', 'run_id', 'test_runs', 'run_id'),
    fk('integration_test_results', 'test_result_id', 'model_id', 'models', 'model_id'),
    fk('integration_test_results', 'test_result_id', 'hardware_id', 'hardware_platforms', 'hardware_id'),
    fk('integration_test_assertions', 'assertion_id', 'test_result_id', 'integration_test_results', 'test_result_id', false),
    fk('web_platform_results', 'result_id', 'run_id', 'test_runs', 'run_id'),
    fk('web_platform_results', 'result_id', 'model_id', 'models', 'model_id', false),
    fk('web_platform_results', 'result_id', 'hardware_id', 'hardware_platforms', 'hardware_id', false),
    fk('webgpu_advanced_features', 'feature_id', 'result_id', 'web_platform_results', 'result_id', false),
    fk('source_files', 'source_file_id', 'duplicate_of', 'source_files', 'source_file_id'),
    fk('source_files', 'source_file_id', 'superseded_by', 'source_files', 'source_file_id'),

    ...FACT_TABLES_CHILD_FIRST.map((t) => ({
      kind: 'missing-ledger-row' as const,
      table: t,
      check: `${t} rows with no ledger (source_files) row`,
      sql: `SELECT c.${ID[t]} AS id FROM ${t} c WHERE c.source_file_id IS NULL OR NOT EXISTS (SELECT 1 FROM source_files s WHERE s.source_file_id = c.source_file_id)`,
    })),
    ...FACT_TABLES_CHILD_FIRST.map((t) => ({
      kind: 'ledger-count-mismatch' as const,
      table: t,
      check: `${t} rows whose ledger row is not ingested (stale rows of a superseded, rejected or duplicate file)`,
      sql: `SELECT c.${ID[t]} AS id FROM ${t} c JOIN source_files s USING (source_file_id) WHERE s.status <> 'ingested'`,
    })),

    {
      kind: 'duplicate-result', table: 'performance_results',
      check: 'performance_results rows repeating another row of the same run, model, hardware, test case, batch size and precision',
      sql: `SELECT result_id AS id FROM (SELECT result_id, row_number() OVER (PARTITION BY run_id, model_id, hardware_id, test_case, batch_size, precision ORDER BY result_id) AS rn FROM performance_results) WHERE rn > 1`,
    },
    {
      kind: 'duplicate-result', table: 'hardware_compatibility',
      check: 'hardware_compatibility rows repeating another row of the same run, model and hardware',
      sql: `SELECT compatibility_id AS id FROM (SELECT compatibility_id, row_number() OVER (PARTITION BY run_id, model_id, hardware_id ORDER BY compatibility_id) AS rn FROM hardware_compatibility) WHERE rn > 1`,
    },
    {
      kind: 'duplicate-result', table: 'source_files',
      check: 'the same bytes (sha256) ingested more than once, so their rows count twice',
      sql: `SELECT source_file_id AS id FROM (SELECT source_file_id, row_number() OVER (PARTITION BY sha256 ORDER BY source_file_id) AS rn FROM source_files WHERE status = 'ingested' AND sha256 IS NOT NULL) WHERE rn > 1`,
    },

    ...negative('performance_results', ['average_latency_ms', 'latency_p50_ms', 'latency_p90_ms', 'latency_p99_ms', 'total_time_seconds', 'memory_peak_mb']),
    {kind: 'impossible-value', table: 'performance_results', check: 'performance_results.throughput_items_per_second is zero or negative', sql: `SELECT result_id AS id FROM performance_results WHERE throughput_items_per_second <= 0`},
    {kind: 'impossible-value', table: 'performance_results', check: 'performance_results.batch_size is zero or negative', sql: `SELECT result_id AS id FROM performance_results WHERE batch_size <= 0`},
    {kind: 'impossible-value', table: 'performance_results', check: 'performance_results latency percentiles out of order (p50 > p90 or p90 > p99)', sql: `SELECT result_id AS id FROM performance_results WHERE latency_p50_ms > latency_p90_ms OR latency_p90_ms > latency_p99_ms`},
    ...negative('performance_batch_results', ['latency_ms', 'memory_usage_mb']),
    ...negative('test_runs', ['execution_time_seconds']),
    {kind: 'impossible-value', table: 'test_runs', check: 'test_runs.completed_at is before started_at', sql: `SELECT run_id AS id FROM test_runs WHERE completed_at < started_at`},
    ...negative('integration_test_results', ['execution_time_seconds']),
    ...negative('web_platform_results', ['load_time_ms', 'initialization_time_ms', 'inference_time_ms', 'total_time_ms', 'shader_compilation_time_ms', 'memory_usage_mb']),
    ...negative('webgpu_advanced_features', ['compute_pipeline_time_ms']),

    {kind: 'simulated-marked-real', table: 'performance_results', check: 'performance_results marked real (is_simulated = false) whose metrics or run metadata say simulated',
      sql: `SELECT pr.result_id AS id FROM performance_results pr LEFT JOIN test_runs tr ON tr.run_id = pr.run_id WHERE NOT pr.is_simulated AND ((${saysSimulated('pr.metrics')}) OR (${saysSimulated('tr.metadata')}))`},
    {kind: 'simulated-marked-real', table: 'hardware_compatibility', check: 'hardware_compatibility marked real whose metadata or run metadata say simulated',
      sql: `SELECT hc.compatibility_id AS id FROM hardware_compatibility hc LEFT JOIN test_runs tr ON tr.run_id = hc.run_id WHERE NOT hc.is_simulated AND ((${saysSimulated('hc.metadata')}) OR (${saysSimulated('tr.metadata')}))`},
    {kind: 'simulated-marked-real', table: 'integration_test_results', check: 'integration_test_results marked real whose metadata or run metadata say simulated',
      sql: `SELECT itr.test_result_id AS id FROM integration_test_results itr LEFT JOIN test_runs tr ON tr.run_id = itr.run_id WHERE NOT itr.is_simulated AND ((${saysSimulated('itr.metadata')}) OR (${saysSimulated('tr.metadata')}))`},
    {kind: 'simulated-marked-real', table: 'web_platform_results', check: 'web_platform_results marked real whose metrics or run metadata say simulated',
      sql: `SELECT w.result_id AS id FROM web_platform_results w LEFT JOIN test_runs tr ON tr.run_id = w.run_id WHERE NOT w.is_simulated AND ((${saysSimulated('w.metrics')}) OR (${saysSimulated('tr.metadata')}))`},
  ]
}

/** Ledger rows whose rows_written disagree with the rows actually carrying their id. */
async function ledgerCountProblems(db: Database): Promise<IntegrityProblem[]> {
  const counts = await actualRowCounts(db)
  const bad: Array<{id: number; why: string}> = []
  for (const r of await loadLedger(db)) {
    if (r.status !== 'ingested') continue
    const why = countMismatch(rowsWritten(r), counts.get(r.source_file_id))
    if (why) bad.push({id: r.source_file_id, why})
  }
  if (bad.length === 0) return []
  return [{
    kind: 'ledger-count-mismatch', table: 'source_files',
    check: `ingested ledger rows whose rows_written do not match the rows in the database (first: ledger id ${bad[0].id}: ${bad[0].why})`,
    count: bad.length, examples: bad.slice(0, 10).map((b) => b.id),
  }]
}

/** Runs every check on an open database; read-only. */
export async function checkIntegrityOf(db: Database): Promise<{checks: number; problems: IntegrityProblem[]}> {
  const problems: IntegrityProblem[] = []
  const checks = rowChecks()
  for (const c of checks) {
    const rows = await db.all<{id: number | string}>(`SELECT id FROM (${c.sql}) ORDER BY id`)
    if (rows.length > 0) problems.push({kind: c.kind, table: c.table, check: c.check, count: rows.length, examples: rows.slice(0, 10).map((r) => r.id)})
  }
  problems.push(...(await ledgerCountProblems(db)))
  return {checks: checks.length + 1, problems}
}

/** `--check-integrity`: every problem listed; `ok` false when there is any (the command exits 1). */
export async function checkIntegrity(dbPath: string): Promise<IntegrityResult> {
  const bench = await BenchDb.open(dbPath, {readOnly: true})
  try {
    const {checks, problems} = await checkIntegrityOf(bench.db)
    return {database: dbPath, checks, problems, ok: problems.length === 0}
  } finally {
    bench.close()
  }
}
