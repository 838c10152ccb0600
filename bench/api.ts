/**
 * `npm run bench` (bench/api): the REST API under load. autocannon on loopback, 50 connections,
 * 10 s each, against (1) a bare Hono route and (2) GET /api/performance?model=... of the real
 * server on a database of 1,000,000 performance rows, in the same run, while (3) an ingest client
 * POSTs a new result document to /api/results every 50 ms, for models drawn from all 200 (the
 * queried one included); afterwards every acknowledged document must be counted back, and each
 * write for the queried model must be visible in the very next read. (4) reports the uncached query path too (a new page offset on every request),
 * so the cache's contribution is visible. Needs `npm run build` first (the server runs as
 * `bench db:serve`, in its own process like in production).
 */
import autocannon from 'autocannon'
import {spawn, type ChildProcess} from 'node:child_process'
import {cpus, loadavg} from 'node:os'
import {existsSync, mkdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {BenchDb} from '../src/lib/db/bench-db.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const WORK = `${ROOT}bench/.work`
const DB = `${WORK}/api-1m.duckdb`
const ROWS = 1_000_000
const TOKEN = 'bench-token'
const DURATION = Number(process.env.BENCH_API_SECONDS ?? 10)
const MODEL = 'model-042'
const HARDWARE = ['cpu', 'cuda', 'rocm', 'mps', 'openvino', 'qnn', 'webnn', 'webgpu']

async function buildDatabase(): Promise<void> {
  mkdirSync(WORK, {recursive: true})
  const bench = await BenchDb.open(DB)
  try {
    const have = Number(await bench.db.scalar('SELECT count(*) FROM performance_results'))
    if (have >= ROWS) return
    const t0 = performance.now()
    await bench.db.transaction(async (db) => {
      await db.run(`INSERT INTO models (model_name, model_family, modality, source)
        SELECT 'model-' || lpad(i::VARCHAR, 3, '0'), 'family-' || (i % 20)::VARCHAR, 'text', 'synthetic' FROM range(200) t(i)`)
      await db.run(`INSERT INTO hardware_platforms (hardware_type, device_name)
        SELECT t, t || '-device' FROM unnest(['cpu','cuda','rocm','mps','openvino','qnn','webnn','webgpu']) u(t)`)
      await db.run(`INSERT INTO test_runs (test_name, test_type, started_at, success)
        SELECT 'nightly-' || i::VARCHAR, 'performance', TIMESTAMP '2025-01-01' + INTERVAL (i) DAY, true FROM range(50) t(i)`)
      const [m, h, r] = await Promise.all([['model_id', 'models'], ['hardware_id', 'hardware_platforms'], ['run_id', 'test_runs']].map(([c, t]) => db.scalar<number>(`SELECT min(${c}) FROM ${t}`)))
      // 200 models x 8 hardware x 5 batch sizes x 125 repeats spread over 50 runs.
      await db.run(`INSERT INTO performance_results (run_id, model_id, hardware_id, test_case, batch_size, precision,
          average_latency_ms, throughput_items_per_second, memory_peak_mb, iterations, is_simulated)
        SELECT ${r} + (i // 20000) % 50, ${m} + i % 200, ${h} + (i // 200) % 8, 'inference', [1,2,4,8,16][1 + (i // 1600) % 5], 'fp32',
          round(5 + random() * 50, 2), round(100 + random() * 5000, 2), round(500 + random() * 4000, 2), 100, (i // 200) % 8 = 5
        FROM range(${ROWS}) t(i)`)
    })
    await bench.checkpoint()
    console.log(`built ${DB}: ${ROWS.toLocaleString('en-US')} performance rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  } finally {
    bench.close()
  }
}

/** Starts a child that prints its URL on stderr (or stdout) and resolves with it. */
function startChild(cmd: string, args: string[], pattern: RegExp): Promise<{child: ChildProcess; url: string}> {
  const child = spawn(cmd, args, {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d
      const m = pattern.exec(out)
      if (m) resolve({child, url: m[1]})
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${out}`)))
  })
}

const BARE_HONO = `
import {Hono} from 'hono'
import {serve} from '@hono/node-server'
const app = new Hono()
app.get('/ping', (c) => c.json({ok: true}))
const s = serve({fetch: app.fetch, hostname: '127.0.0.1', port: 0}, (info) => console.log('URL http://127.0.0.1:' + info.port))
`

interface Figures {
  label: string
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
  requests: number
  /** Server CPU time per request, microseconds. */
  cpuUs: number
}

/** CPU time (user + system, ms) a child process has used so far; Linux only, NaN elsewhere. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10 // clock ticks of 10 ms
  } catch {
    return Number.NaN
  }
}

/**
 * Runs autocannon; `pid` is the server process, whose CPU time per answered request is reported
 * too: unlike req/s it hardly depends on what else the machine is running.
 */
async function load(label: string, url: string, pid: number | undefined, options: Partial<autocannon.Options> = {}): Promise<Figures> {
  const cpu0 = cpuMs(pid)
  const r = await autocannon({url, connections: 50, duration: DURATION, ...options})
  const cpuUs = ((cpuMs(pid) - cpu0) / Math.max(1, r.requests.total)) * 1000
  return {label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total, cpuUs}
}

async function main(): Promise<void> {
  await buildDatabase()
  const bare = await startChild(process.execPath, ['--input-type=module', '-e', BARE_HONO], /URL (http:\/\/[\d.:]+)/)
  const server = await startChild(process.execPath, ['bin/run.js', 'db:serve', '--db', DB, '--port', '0', '--token', TOKEN], /API:\s+(http:\/\/[\d.:]+)\/api/)
  try {
    const query = `/api/performance?model=${MODEL}&hardware=cuda&limit=50`
    // Warm both (first query compiles and caches; Chart-free JSON path only).
    await fetch(bare.url + '/ping')
    await fetch(server.url + query)

    const baseline = await load('bare Hono route GET /ping', `${bare.url}/ping`, bare.child.pid)

    // Concurrent ingest while the real endpoint is under load: a test runner POSTs one result
    // document every 50 ms (after the previous answer), each for a model drawn at random from all
    // 200 models of the database, and every 25th for the queried model itself (~8x its fair
    // share), so the cached answer under load is invalidated several times per run. Each row
    // carries a precision marker so the rows can be counted back afterwards.
    const marker = `bench-ingest-${process.pid}`
    const countMarked = async (extra = '') =>
      ((await (await fetch(`${server.url}/api/performance?precision=${marker}&include_simulated=true&limit=1${extra}`)).json()) as {total: number}).total
    let acknowledged = 0
    let failedPosts = 0
    let queriedWrites = 0
    let staleReads = 0
    const postLatencies: number[] = []
    // A POST starts every 50 ms on a fixed schedule, whether or not earlier ones were answered
    // (at most 4 in flight: a tick finding 4 waiting is counted as skipped).
    let inFlight = 0
    let scheduled = 0
    let skipped = 0
    const posts: Promise<void>[] = []
    const postOne = async (n: number) => {
      inFlight++
      const model = n % 25 === 24 ? MODEL : `model-${String(Math.floor(Math.random() * 200)).padStart(3, '0')}`
      const hardware = HARDWARE[Math.floor(Math.random() * HARDWARE.length)]
      const doc = JSON.stringify([{model_name: model, hardware_type: hardware, batch_size: 1, precision: marker, throughput_items_per_second: n + 1, average_latency_ms: 10 + (n % 7)}])
      const t0 = performance.now()
      const res = await fetch(`${server.url}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`}, body: doc})
      await res.arrayBuffer()
      postLatencies.push(performance.now() - t0)
      inFlight--
      if (res.status === 201) acknowledged++
      else failedPosts++
      if (res.status === 201 && model === MODEL) {
        // Read-your-write: the next answer about the queried model holds at least every row
        // acknowledged so far (a concurrent write may add more).
        const expected = ++queriedWrites
        if ((await countMarked(`&model=${MODEL}`)) < expected) staleReads++
      }
    }
    const ticker = setInterval(() => {
      const n = scheduled++
      if (inFlight >= 4) skipped++
      else posts.push(postOne(n))
    }, 50)
    const real = await load(`GET ${query} (+ ingest every 50 ms)`, server.url + query, server.child.pid)
    clearInterval(ticker)
    await Promise.all(posts)
    if ((await countMarked(`&model=${MODEL}`)) !== queriedWrites) staleReads++
    const stored = await countMarked()
    // Uncached: every request asks for another page, so each one runs the DuckDB query.
    let k = 0
    const uncached = await load('GET /api/performance (a new page every request: uncached)', server.url, server.child.pid, {
      requests: [{setupRequest: (req) => ({...req, path: `/api/performance?model=model-${String(k++ % 200).padStart(3, '0')}&offset=${k}&limit=20`})}],
    })

    const rows = [baseline, real, uncached]
    console.log(`\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; autocannon -c 50 -d ${DURATION}, loopback; server and autocannon share the cores; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes on the machine)`)
    console.log('| target | req/s | vs bare | p50 ms | p99 ms | errors | non-2xx | server CPU µs/req |')
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
    for (const f of rows) {
      console.log(`| ${f.label} | ${Math.round(f.rps).toLocaleString('en-US')} | ${(f.rps / baseline.rps * 100).toFixed(0)} % | ${f.p50} | ${f.p99} | ${f.errors} | ${f.non2xx} | ${Number.isNaN(f.cpuUs) ? '?' : Math.round(f.cpuUs).toLocaleString('en-US')} |`)
    }
    postLatencies.sort((a, b) => a - b)
    const pct = (q: number) => (postLatencies[Math.min(postLatencies.length - 1, Math.floor(q * postLatencies.length))] ?? 0).toFixed(0)
    console.log(`\nconcurrent ingest: ${scheduled} POSTs scheduled (every 50 ms), ${skipped} skipped (4 in flight), ${acknowledged} documents acknowledged (201), ${failedPosts} failed; ${stored} rows counted back -> ${stored === acknowledged && failedPosts === 0 ? 'nothing lost' : 'MISMATCH'}`)
    console.log(`  POST latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms; ${queriedWrites} of the writes were for ${MODEL} (the queried model), each visible in the next read: ${staleReads === 0 ? 'yes' : `NO (${staleReads} stale)`}`)
    const ratio = real.rps / baseline.rps
    const ok = ratio >= 0.5 && real.p99 < 20 && real.errors === 0 && real.non2xx === 0 && stored === acknowledged && failedPosts === 0 && staleReads === 0 && queriedWrites > 0
    console.log(`target (>= 50 % of bare req/s, p99 < 20 ms, zero errors, nothing lost, reads see acknowledged writes): ${ok ? 'met' : 'NOT met'} (ratio ${(ratio * 100).toFixed(0)} %, p99 ${real.p99} ms)`)
    if (!ok) process.exitCode = 1
  } finally {
    server.child.kill('SIGTERM')
    bare.child.kill('SIGTERM')
    const killer = setTimeout(() => {
      console.log('server did not stop within 30 s of SIGTERM: killing it')
      server.child.kill('SIGKILL')
    }, 30000)
    await new Promise((r) => server.child.once('exit', r))
    clearTimeout(killer)
  }
}

if (!existsSync(`${ROOT}dist/commands/db/serve.js`)) {
  console.error('bench/api needs the built CLI: run `npm run build` first')
  process.exit(1)
}
await main()
