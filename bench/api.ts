/**
 * `npm run bench` (bench/api): the REST API under load. autocannon on loopback, 50 connections,
 * 10 s each, against (1) a bare Hono route and (2) GET /api/performance?model=... of the real
 * server on a database of 1,000,000 performance rows, in the same run, while (3) an ingest client
 * POSTs a new result document to /api/results at a fixed rate, for models drawn from all 200 (the
 * queried one included); afterwards every acknowledged document must be counted back, and each
 * write for the queried model must be visible in the very next read. (1) and (2) are measured as
 * a pair for every ingest rate. (4) reports the uncached query path too (a new page offset on
 * every request), so the cache's contribution is visible. Needs `npm run build` first (the server
 * runs as `bench db:serve`, in its own process like in production). Besides req/s and latency,
 * each row gives the server's and this process's (autocannon's) CPU time per request and the CPU
 * the rest of the machine used meanwhile (`/proc/stat`): on a shared machine that last column
 * explains most of the spread between runs.
 *
 * Parameters (environment):
 *   BENCH_API_INGEST_RATES  POSTs per second during (2), one pair of runs per rate, comma-separated
 *                           (default `0,1,20`: no ingest, a test runner posting once a second, and a
 *                           POST every 50 ms). The issue's target is judged at every rate listed;
 *                           the figures of each are printed.
 *   BENCH_API_SECONDS       duration of each autocannon run (default 10).
 *   BENCH_API_UNCACHED=0    skips the uncached run (while iterating on the cached path).
 *   BENCH_API_PROFILE=DIR   runs the server with --cpu-prof into DIR and prints the server's
 *                           event-loop delay histogram (perf_hooks.monitorEventLoopDelay) per run;
 *                           `loop`: the histogram only (no profiler overhead).
 */
import autocannon from 'autocannon'
import {spawn, type ChildProcess} from 'node:child_process'
import {cpus, loadavg} from 'node:os'
import {existsSync, mkdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {insertSyntheticDimensions} from './_synthetic.js'
import {BenchDb} from '../src/lib/db/bench-db.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const WORK = `${ROOT}bench/.work`
const DB = `${WORK}/api-1m.duckdb`
const ROWS = 1_000_000
const TOKEN = 'bench-token'
const DURATION = Number(process.env.BENCH_API_SECONDS ?? 10)
const RATES = (process.env.BENCH_API_INGEST_RATES ?? '0,1,20').split(',').map((r) => Number(r.trim()))
if (RATES.some((r) => !Number.isFinite(r) || r < 0 || r > 1000)) throw new Error('BENCH_API_INGEST_RATES: POSTs per second, 0-1000, comma-separated')
const PROFILE = process.env.BENCH_API_PROFILE
/**
 * At most this many POSTs in flight: a tick finding this many waiting is counted as skipped. High
 * enough that the offered rate is really sent (with 4, a quarter of the 20/s ticks were skipped
 * while writes queued behind each other, so the server saw ~14/s).
 */
const MAX_IN_FLIGHT = 16
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
      await insertSyntheticDimensions(db)
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
function startChild(cmd: string, args: string[], pattern: RegExp): Promise<{child: ChildProcess; url: string; out: () => string}> {
  const child = spawn(cmd, args, {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d
      const m = pattern.exec(out)
      if (m) resolve({child, url: m[1], out: () => out})
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
  /** This process's CPU time per request (autocannon, plus the ingest client), microseconds. */
  clientUs: number
  /** Cores' worth of CPU that everything else on the machine used meanwhile (other jobs). */
  otherCores: number
}

/** Busy CPU time of the whole machine so far (ms, all cores; /proc/stat; NaN elsewhere). */
function machineBusyMs(): number {
  try {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)
    const ticks = f.map(Number)
    return (ticks.reduce((a, b) => a + b, 0) - ticks[3] - (ticks[4] ?? 0)) * 10 // minus idle and iowait
  } catch {
    return Number.NaN
  }
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
  const own0 = process.cpuUsage()
  const busy0 = machineBusyMs()
  const t0 = performance.now()
  const r = await autocannon({url, connections: 50, duration: DURATION, ...options})
  const serverMs = cpuMs(pid) - cpu0
  const own = process.cpuUsage(own0)
  const otherCores = (machineBusyMs() - busy0 - serverMs - (own.user + own.system) / 1000) / (performance.now() - t0)
  const cpuUs = (serverMs / Math.max(1, r.requests.total)) * 1000
  const clientUs = (own.user + own.system) / Math.max(1, r.requests.total)
  return {label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total, cpuUs, clientUs, otherCores}
}

interface IngestFigures {
  rate: number
  scheduled: number
  skipped: number
  acknowledged: number
  failed: number
  stored: number
  queriedWrites: number
  staleReads: number
  p50: number
  p99: number
}

/**
 * A test runner POSTing one result document `rate` times per second on a fixed schedule, whether
 * or not earlier ones were answered (at most MAX_IN_FLIGHT in flight: a tick finding that many
 * waiting is counted as skipped), each for a model drawn at random from all 200 models of the
 * database, and every 25th for the queried model itself (~8x its fair share), so the cached
 * answer under load is invalidated several times per run. Each row carries a precision marker
 * (one per rate) so the rows can be counted back afterwards.
 */
function startIngest(serverUrl: string, rate: number) {
  const marker = `bench-ingest-${process.pid}-${rate}`
  const countMarked = async (extra = '') =>
    ((await (await fetch(`${serverUrl}/api/performance?precision=${marker}&include_simulated=true&limit=1${extra}`)).json()) as {total: number}).total
  const f: IngestFigures = {rate, scheduled: 0, skipped: 0, acknowledged: 0, failed: 0, stored: 0, queriedWrites: 0, staleReads: 0, p50: 0, p99: 0}
  const latencies: number[] = []
  let inFlight = 0
  const posts: Promise<void>[] = []
  const postOne = async (n: number) => {
    inFlight++
    const model = n % 25 === 24 ? MODEL : `model-${String(Math.floor(Math.random() * 200)).padStart(3, '0')}`
    const hardware = HARDWARE[Math.floor(Math.random() * HARDWARE.length)]
    const doc = JSON.stringify([{model_name: model, hardware_type: hardware, batch_size: 1, precision: marker, throughput_items_per_second: n + 1, average_latency_ms: 10 + (n % 7)}])
    const t0 = performance.now()
    const res = await fetch(`${serverUrl}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`}, body: doc})
    await res.arrayBuffer()
    latencies.push(performance.now() - t0)
    inFlight--
    if (res.status === 201) f.acknowledged++
    else f.failed++
    if (res.status === 201 && model === MODEL) {
      // Read-your-write: the next answer about the queried model holds at least every row
      // acknowledged so far (a concurrent write may add more).
      const expected = ++f.queriedWrites
      if ((await countMarked(`&model=${MODEL}`)) < expected) f.staleReads++
    }
  }
  // Every 25th POST is for the queried model: at low rates start there, so the run has one.
  let n = rate > 0 && rate < 5 ? 24 : 0
  const ticker =
    rate > 0
      ? setInterval(() => {
          f.scheduled++
          if (inFlight >= MAX_IN_FLIGHT) f.skipped++
          else posts.push(postOne(n))
          n++
        }, 1000 / rate)
      : undefined
  return {
    async stop(): Promise<IngestFigures> {
      clearInterval(ticker)
      await Promise.all(posts)
      if (rate > 0 && (await countMarked(`&model=${MODEL}`)) !== f.queriedWrites) f.staleReads++
      f.stored = rate > 0 ? await countMarked() : 0
      latencies.sort((a, b) => a - b)
      const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
      f.p50 = pct(0.5)
      f.p99 = pct(0.99)
      return f
    },
  }
}

/** With BENCH_API_PROFILE: the server's event-loop delay since the last call (printed by bench/_loop-delay.mjs on SIGUSR2). */
async function loopDelay(server: {child: ChildProcess; out: () => string}): Promise<string> {
  if (!PROFILE) return ''
  const before = server.out().length
  server.child.kill('SIGUSR2')
  for (let i = 0; i < 50; i++) {
    const m = /LOOPDELAY (.*)\n/.exec(server.out().slice(before))
    if (m) return m[1]
    await new Promise((r) => setTimeout(r, 20))
  }
  return '?'
}

async function main(): Promise<void> {
  await buildDatabase()
  const bare = await startChild(process.execPath, ['--input-type=module', '-e', BARE_HONO], /URL (http:\/\/[\d.:]+)/)
  const nodeArgs = PROFILE ? [...(PROFILE === 'loop' ? [] : [`--cpu-prof`, `--cpu-prof-dir=${PROFILE}`]), `--import=${ROOT}bench/_loop-delay.mjs`] : []
  const server = await startChild(process.execPath, [...nodeArgs, 'bin/run.js', 'db:serve', '--db', DB, '--port', '0', '--token', TOKEN], /API:\s+(http:\/\/[\d.:]+)\/api/)
  try {
    const query = `/api/performance?model=${MODEL}&hardware=cuda&limit=50`
    // Warm both (first query compiles and caches; Chart-free JSON path only).
    await fetch(bare.url + '/ping')
    await fetch(server.url + query)

    const pairs: Array<{baseline: Figures; real: Figures; ingest: IngestFigures; loop: string}> = []
    for (const rate of RATES) {
      const baseline = await load('bare Hono route GET /ping', `${bare.url}/ping`, bare.child.pid)
      const ingest = startIngest(server.url, rate)
      await loopDelay(server)
      const real = await load(`GET ${query} (${rate === 0 ? 'no ingest' : `+ ingest ${rate} POST/s`})`, server.url + query, server.child.pid)
      const loop = await loopDelay(server)
      pairs.push({baseline, real, ingest: await ingest.stop(), loop})
    }
    // Uncached: every request asks for another page, so each one runs the DuckDB query.
    let k = 0
    const uncached = process.env.BENCH_API_UNCACHED === '0' ? undefined : await load('GET /api/performance (a new page every request: uncached, no ingest)', server.url, server.child.pid, {
      requests: [{setupRequest: (req) => ({...req, path: `/api/performance?model=model-${String(k++ % 200).padStart(3, '0')}&offset=${k}&limit=20`})}],
    })

    console.log(`\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; autocannon -c 50 -d ${DURATION}, loopback; server and autocannon share the cores; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes on the machine)`)
    console.log('| ingest | target | req/s | vs bare | p50 ms | p99 ms | errors | non-2xx | server CPU µs/req | client CPU µs/req | other jobs, cores |')
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    const row = (rate: string, f: Figures, base: Figures) =>
      console.log(`| ${rate} | ${f.label} | ${Math.round(f.rps).toLocaleString('en-US')} | ${(f.rps / base.rps * 100).toFixed(0)} % | ${f.p50} | ${f.p99} | ${f.errors} | ${f.non2xx} | ${Number.isNaN(f.cpuUs) ? '?' : Math.round(f.cpuUs).toLocaleString('en-US')} | ${Math.round(f.clientUs)} | ${Number.isNaN(f.otherCores) ? '?' : Math.max(0, f.otherCores).toFixed(2)} |`)
    for (const p of pairs) {
      row(`${p.ingest.rate}/s`, p.baseline, p.baseline)
      row(`${p.ingest.rate}/s`, p.real, p.baseline)
    }
    if (uncached) row('0/s', uncached, pairs[pairs.length - 1].baseline)
    console.log('')
    let allOk = true
    for (const {real, baseline, ingest: f, loop} of pairs) {
      const ratio = real.rps / baseline.rps
      const lost = f.stored !== f.acknowledged || f.failed > 0
      if (f.rate > 0) {
        console.log(`ingest ${f.rate}/s: ${f.scheduled} POSTs scheduled, ${f.skipped} skipped (${MAX_IN_FLIGHT} in flight), ${f.acknowledged} acknowledged (201, ${(f.acknowledged / DURATION).toFixed(1)}/s), ${f.failed} failed; ${f.stored} rows counted back -> ${lost ? 'MISMATCH' : 'nothing lost'}; POST latency p50 ${f.p50.toFixed(0)} ms, p99 ${f.p99.toFixed(0)} ms; ${f.queriedWrites} writes for ${MODEL}, each visible in the next read: ${f.staleReads === 0 ? 'yes' : `NO (${f.staleReads} stale)`}`)
      }
      if (loop) console.log(`  server event-loop delay during the ${f.rate}/s run (ms): ${loop}`)
      const ok = ratio >= 0.5 && real.p99 < 20 && real.errors === 0 && real.non2xx === 0 && !lost && f.staleReads === 0 && (f.rate === 0 || f.queriedWrites > 0)
      console.log(`  target at ${f.rate} POST/s (>= 50 % of bare req/s, p99 < 20 ms, zero errors, nothing lost, reads see acknowledged writes): ${ok ? 'met' : 'NOT met'} (ratio ${(ratio * 100).toFixed(0)} %, p99 ${real.p99} ms)`)
      allOk &&= ok
    }
    if (!allOk) process.exitCode = 1
  } finally {
    if (process.env.BENCH_API_SERVER_LOG) (await import('node:fs')).writeFileSync(process.env.BENCH_API_SERVER_LOG, server.out())
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
