/**
 * bench/sql-after-write: POST /api/query's first statement after a write, on a database of about
 * 100 MB (issue #18: the old snapshot re-encoded the whole file with COPY FROM DATABASE, 2.4-3 s on
 * 91 MB; target < 200 ms). Measured through a real server on 127.0.0.1 (npm run build first: the
 * SQL worker runs from dist/).
 *
 *   npx tsx bench/sql-after-write.ts [rounds] [rows]
 *
 * Prints, each as the median of `rounds`: the same statement with no write before it (the baseline:
 * a warm worker on a current snapshot), the first statement after a one-row POST /api/results (the
 * snapshot refresh: CHECKPOINT + kernel copy), and, once, the old COPY FROM DATABASE on the same file.
 */
import {mkdirSync, rmSync, statSync} from 'node:fs'
import {cpus, loadavg} from 'node:os'
import {join, resolve} from 'node:path'
import {performance} from 'node:perf_hooks'
import {BenchDb} from '../src/lib/db/bench-db.js'
import {startServer} from '../src/api/server.js'
import {insertSyntheticDimensions} from './_synthetic.js'

const ROOT = resolve(import.meta.dirname, '..')
const WORK = join(ROOT, 'bench', '.work', 'sql-after-write')
const ROUNDS = Number(process.argv[2] ?? 7)
const ROWS = Number(process.argv[3] ?? 3_000_000)
const TOKEN = 'bench-token'
// Small on purpose: what is measured is the snapshot refresh, not the statement.
const STATEMENT = 'SELECT count(*) AS n FROM models'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (x: number) => `${x.toFixed(1)} ms`

async function build(path: string): Promise<void> {
  rmSync(path, {force: true})
  rmSync(path + '.wal', {force: true})
  const bench = await BenchDb.open(path)
  await bench.db.transaction(async (db) => {
    await insertSyntheticDimensions(db)
    // Random values and test cases: incompressible enough that the file is ~100 MB.
    await db.run(`INSERT INTO performance_results (run_id, model_id, hardware_id, test_case, batch_size, precision,
        average_latency_ms, throughput_items_per_second, memory_peak_mb, iterations, is_simulated)
      SELECT 1 + i % 50, 1 + i % 200, 1 + (i // 200) % 8, 'case-' || (random() * 1e9)::BIGINT, 1 + i % 64, 'fp32',
        random() * 100, random() * 10000, random() * 4000, 100, false
      FROM range(${ROWS}) t(i)`)
  })
  await bench.checkpoint()
  bench.close()
}

async function main(): Promise<void> {
  mkdirSync(WORK, {recursive: true})
  const path = join(WORK, 'bench.duckdb')
  await build(path)
  const size = statSync(path).size
  const server = await startServer({db: path, port: 0, token: TOKEN, enableSql: true, stateFile: false})
  const post = (url: string, body: string, type = 'application/json') =>
    fetch(`${server.url}${url}`, {method: 'POST', headers: {'Content-Type': type, Authorization: `Bearer ${TOKEN}`}, body}).then(async (r) => {
      const text = await r.text()
      if (!r.ok) throw new Error(`${url}: ${r.status} ${text}`)
      return text
    })
  const query = async () => {
    const t = performance.now()
    await post('/api/query', JSON.stringify({sql: STATEMENT}))
    return performance.now() - t
  }
  try {
    await query() // warms the workers and takes the first snapshot
    const warm: number[] = []
    const afterWrite: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      warm.push(await query())
      await post('/api/results', JSON.stringify([{model_name: `bench-model-${i}`, hardware_type: 'cpu', batch_size: 1, throughput_items_per_second: i + 1}]))
      afterWrite.push(await query())
    }
    // The old way, once, on the server's own instance (what the first query after each write paid).
    const copy = join(WORK, 'copy-from-database.duckdb')
    rmSync(copy, {force: true})
    const t = performance.now()
    await server.api.deps.reads.use(async ({db}) => {
      const name = await db.scalar<string>('SELECT current_database()')
      await db.run(`ATTACH '${copy}' AS old_snapshot`)
      await db.run(`COPY FROM DATABASE "${name}" TO old_snapshot`)
      await db.run('DETACH old_snapshot')
    })
    const oldWay = performance.now() - t
    rmSync(copy, {force: true})
    console.log(`database: ${(size / 1e6).toFixed(1)} MB, ${ROWS.toLocaleString('en-US')} rows; ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`)
    console.log(`statement with no write before it (baseline), median of ${ROUNDS}: ${ms(median(warm))}`)
    console.log(`first statement after a write (snapshot refresh), median of ${ROUNDS}: ${ms(median(afterWrite))} (max ${ms(Math.max(...afterWrite))}; target < 200 ms)`)
    console.log(`the old snapshot (COPY FROM DATABASE) on the same file, once: ${ms(oldWay)}`)
  } finally {
    await server.close()
    rmSync(WORK, {recursive: true, force: true})
  }
}

await main()
