import type {Database} from '../db/connection.js'
import type {Plain} from '../db/values.js'

type Row = Record<string, Plain>

/**
 * One run as the dashboard's run page shows it: its context (commit, branch, machine, CI, tags,
 * where its time came from), the file it came from (the ledger's facts, as `--explain` reports
 * them), and its results with every metric in its unit. Null when no run has that id.
 */
export interface RunDetail {
  run: Record<string, unknown>
  /** What people call the run: its run name, else its test name unless that is a content hash, else its commit, else its file name. */
  name: string
  file: Record<string, unknown> | null
  results: Array<Record<string, unknown> & {metrics: Array<{metric: string; value: number | null; unit: string}>}>
  counts: {performance: number; compatibility: number; integration: number; webPlatform: number}
}

const HASH = /^[0-9a-f]{40,64}$/i

export function runDisplayName(run: {run_name?: unknown; test_name?: unknown; git_commit?: unknown}, path?: string | null): string {
  if (typeof run.run_name === 'string' && run.run_name.trim()) return run.run_name
  const test = typeof run.test_name === 'string' ? run.test_name : ''
  if (test && !HASH.test(test)) return test
  if (typeof run.git_commit === 'string' && run.git_commit) return `commit ${run.git_commit.slice(0, 10)}`
  if (path) return path.split(/[\\/]/).pop() || path
  return test || 'unnamed run'
}

export async function runDetail(db: Database, runId: number): Promise<RunDetail | null> {
  const run = await db.one<Row>(`SELECT * EXCLUDE (metadata) FROM test_runs WHERE run_id = ?`, [runId])
  if (!run) return null
  if (typeof run.tags === 'string') run.tags = JSON.parse(run.tags) as Plain
  const file = run.source_file_id === null || run.source_file_id === undefined ? null : await db.one<Row>(
    `SELECT source_file_id, path, sha256, size_bytes, shape, category, status, reason, json_pointer, rows_written, ingested_at
     FROM source_files WHERE source_file_id = ?`, [run.source_file_id as number])
  if (file && typeof file.rows_written === 'string') file.rows_written = JSON.parse(file.rows_written) as Plain
  const results = await db.all<Row>(
    `SELECT pr.result_id, m.model_name, m.model_family, h.hardware_type, h.device_name, pr.test_case, pr.batch_size, pr.precision,
            pr.throughput_items_per_second, pr.average_latency_ms, pr.latency_p50_ms, pr.latency_p90_ms, pr.latency_p99_ms,
            pr.memory_peak_mb, pr.is_simulated, pr.is_inferred, pr.source_pointer
     FROM performance_results pr JOIN models m USING (model_id) JOIN hardware_platforms h USING (hardware_id)
     WHERE pr.run_id = ? ORDER BY m.model_name, h.hardware_type, pr.batch_size NULLS FIRST, pr.result_id`, [runId])
  const metrics = await db.all<{result_id: number; metric: string; value: number | null; unit: string}>(
    `SELECT result_id, metric, value, unit FROM metric_values WHERE run_id = ? ORDER BY result_id, metric`, [runId])
  const byResult = new Map<number, Array<{metric: string; value: number | null; unit: string}>>()
  for (const m of metrics) {
    const list = byResult.get(m.result_id) ?? []
    list.push({metric: m.metric, value: m.value, unit: m.unit})
    byResult.set(m.result_id, list)
  }
  const count = async (table: string) => Number(await db.scalar(`SELECT count(*) FROM ${table} WHERE run_id = ?`, [runId]))
  return {
    run,
    name: runDisplayName(run, file?.path as string | undefined),
    file: file ?? null,
    results: results.map((r) => ({...r, metrics: byResult.get(r.result_id as number) ?? []})),
    counts: {
      performance: results.length,
      compatibility: await count('hardware_compatibility'),
      integration: await count('integration_test_results'),
      webPlatform: await count('web_platform_results'),
    },
  }
}
