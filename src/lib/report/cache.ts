import type {BenchDb} from '../db/bench-db.js'

/**
 * Results of a long-lived process (the REST API, a notebook session) are cached per open database
 * and request, and thrown away as soon as the data changes. "Changes" is judged by a fingerprint
 * read in one cheap query: row counts of every fact table, the ledger's count and highest id (every
 * write adds ledger rows; superseded rows are deleted), plus a hash of the small dimension
 * tables' contents (so a renamed model or a corrected run date also counts). An UPDATE of a fact row
 * in place (which benchdb never does) would not be noticed.
 */
// count(*) of a whole table is answered from metadata; every benchdb write adds a ledger row with a
// new id, so the ledger's highest id catches inserts and supersedes, and the counts catch deletes.
const FINGERPRINT_SQL = `SELECT concat_ws('|',
  ${['performance_results', 'performance_batch_results', 'hardware_compatibility', 'integration_test_results',
    'integration_test_assertions', 'web_platform_results', 'webgpu_advanced_features', 'test_runs', 'result_metrics']
    .map((t) => `(SELECT count(*) FROM ${t})`)
    .join(',\n  ')},
  (SELECT count(*) || ':' || coalesce(max(source_file_id), 0) FROM source_files),
  (SELECT coalesce(sum(hash(model_id, model_name, model_family)), 0) FROM models),
  (SELECT coalesce(sum(hash(hardware_id, hardware_type, device_name, memory_gb)), 0) FROM hardware_platforms),
  (SELECT coalesce(sum(hash(run_id, started_at, completed_at, test_name, git_commit)), 0) FROM test_runs)) AS fp`

interface Entry {
  fingerprint: string
  results: Map<string, unknown>
}

const caches = new WeakMap<BenchDb, Entry>()
const MAX_ENTRIES = 128

export async function fingerprint(bench: BenchDb): Promise<string> {
  return String(await bench.db.scalar(FINGERPRINT_SQL))
}

/** Returns the cached value for `key` while the database is unchanged, else computes and caches it. */
export async function cached<T>(bench: BenchDb, key: string, compute: () => Promise<T>): Promise<{value: T; hit: boolean}> {
  const fp = await fingerprint(bench)
  let entry = caches.get(bench)
  if (!entry || entry.fingerprint !== fp) {
    entry = {fingerprint: fp, results: new Map()}
    caches.set(bench, entry)
  }
  if (entry.results.has(key)) return {value: entry.results.get(key) as T, hit: true}
  const value = await compute()
  // A result computed while the data changed underneath is not cached.
  if ((await fingerprint(bench)) === fp) {
    if (entry.results.size >= MAX_ENTRIES) entry.results.delete(entry.results.keys().next().value as string)
    entry.results.set(key, value)
  }
  return {value, hit: false}
}
