/**
 * bench/write: the cost of one small write, as `POST /api/results` makes it (one one-row result
 * document per call, through the same ingestDocuments -> IngestSession -> writeBatch path, with
 * the server's long-lived ledger index), on a database of ROWS performance rows.
 *
 *   npx tsx bench/write.ts [writes] [rows]
 *
 * Prints per write: wall time, this process's CPU time (user+sys; DuckDB's own threads included),
 * and the event loop's delay while the writes run (perf_hooks.monitorEventLoopDelay at 1 ms
 * resolution: its max is the longest the loop was blocked, which is what every concurrent GET
 * waits for). A bare async loop with the same timer is measured first as the baseline.
 */
import {mkdirSync, rmSync} from 'node:fs'
import {cpus, loadavg} from 'node:os'
import {join, resolve} from 'node:path'
import {monitorEventLoopDelay, performance} from 'node:perf_hooks'
import {BenchDb} from '../src/lib/db/bench-db.js'
import {ingestDocuments} from '../src/lib/ingest/ingest-documents.js'
import {LedgerIndex} from '../src/lib/ingest/ledger-index.js'
import {HARDWARE, insertSyntheticDimensions} from './_synthetic.js'

const ROOT = resolve(import.meta.dirname, '..')
const WORK = join(ROOT, 'bench', '.work', 'write')
const WRITES = Number(process.argv[2] ?? 300)
const ROWS = Number(process.argv[3] ?? 200_000)

async function build(path: string): Promise<BenchDb> {
  rmSync(path, {force: true})
  rmSync(path + '.wal', {force: true})
  const bench = await BenchDb.open(path)
  await bench.db.transaction(async (db) => {
    await insertSyntheticDimensions(db)
    await db.run(`INSERT INTO performance_results (run_id, model_id, hardware_id, test_case, batch_size, precision,
        average_latency_ms, throughput_items_per_second, memory_peak_mb, iterations, is_simulated)
      SELECT 1 + i % 50, 1 + i % 200, 1 + (i // 200) % 8, 'inference', 1, 'fp32', 5 + i % 50, 100 + i % 5000, 500, 100, false
      FROM range(${ROWS}) t(i)`)
  })
  await bench.checkpoint()
  return bench
}

function doc(n: number): string {
  return JSON.stringify([{model_name: `model-${String(n % 200).padStart(3, '0')}`, hardware_type: HARDWARE[n % 8], batch_size: 1,
    precision: 'bench-write', throughput_items_per_second: n + 1, average_latency_ms: 10 + (n % 7)}])
}

interface Figures {wallMs: number; cpuMs: number; loopMaxMs: number; loopP99Ms: number}

async function measure(n: number, one: (i: number) => Promise<void>): Promise<Figures> {
  const h = monitorEventLoopDelay({resolution: 1})
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  h.enable()
  for (let i = 0; i < n; i++) await one(i)
  h.disable()
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  return {wallMs: wall / n, cpuMs: (cpu.user + cpu.system) / 1000 / n, loopMaxMs: h.max / 1e6, loopP99Ms: h.percentile(99) / 1e6}
}

async function main(): Promise<void> {
  mkdirSync(WORK, {recursive: true})
  const bench = await build(join(WORK, 'write.duckdb'))
  try {
    const index = await LedgerIndex.load(bench.db)
    const post = async (i: number) => {
      const r = await ingestDocuments(bench, [{bytes: doc(i)}], {index})
      if (r.summary.ingested !== 1) throw new Error(`write ${i}: ${JSON.stringify(r.summary)}`)
    }
    for (let i = 0; i < 20; i++) await post(1_000_000 + i) // warm up: JIT, dimension cache, prepared paths
    const bare = await measure(WRITES, () => new Promise((r) => setImmediate(r)))
    const real = await measure(WRITES, post)
    const rows = Number(await bench.db.scalar(`SELECT count(*) FROM performance_results WHERE precision = 'bench-write'`))
    console.log(`Machine: ${cpus().length} cores, Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
    console.log(`Database: ${ROWS.toLocaleString('en-US')} performance rows; ${WRITES} writes of a one-row document (ingestDocuments, as POST /api/results)\n`)
    console.log('| loop                   |  wall/write |  CPU/write | loop delay max | loop delay p99')
    console.log('|------------------------|------------:|-----------:|---------------:|--------------:')
    for (const [label, f] of [['bare setImmediate loop', bare], ['one-document write', real]] as const) {
      console.log(`| ${label.padEnd(22)} | ${f.wallMs.toFixed(2).padStart(8)} ms | ${f.cpuMs.toFixed(2).padStart(7)} ms | ${f.loopMaxMs.toFixed(1).padStart(11)} ms | ${f.loopP99Ms.toFixed(1).padStart(10)} ms`)
    }
    console.log(`\n${rows} rows counted back (expected ${WRITES + 20}): ${rows === WRITES + 20 ? 'nothing lost' : 'MISMATCH'}`)
    if (rows !== WRITES + 20) process.exitCode = 1
  } finally {
    bench.close()
  }
}

await main()
