import {randomBytes} from 'node:crypto'
import type {AddressInfo} from 'node:net'
import {availableParallelism} from 'node:os'
import type {RequestListener, Server} from 'node:http'
import {BenchDb} from '../lib/db/bench-db.js'
import {removeServerState, writeServerState} from '../lib/db/server-state.js'
import {BenchError} from '../lib/errors.js'
import {createApp, type AppOptions, type BenchApp} from './app.js'

export interface ServerOptions extends Omit<AppOptions, 'bench' | 'allowedHosts'> {
  db: string
  host?: string
  port?: number
  /** Leave `<db>.serve.json` beside the database while running (default true). */
  stateFile?: boolean
  /** On shutdown, connections still open after this long are closed (default 10 s). */
  shutdownGraceMs?: number
  /** Host names (or addresses) clients may use to reach the server besides the loopback names (--allow-host). */
  allowHosts?: string[]
  /** DuckDB worker threads (default: one core less than the machine has, at least 1; see startServer). */
  duckdbThreads?: number
}

/** One core is left to the event loop, which answers every request (see startServer). */
export function defaultDuckdbThreads(): number {
  return Math.max(1, availableParallelism() - 1)
}

export interface RunningServer {
  url: string
  host: string
  port: number
  bench: BenchDb
  api: BenchApp
  /** Stops accepting, lets in-flight requests finish, checkpoints and closes the database. */
  close(): Promise<void>
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host)
}

/** 0.0.0.0 and :: bind every interface; no client sends them as a Host. */
function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]'
}

/** `--allow-host` takes a name or address; the port is the server's, whatever the value says. */
export function normalizeHostName(name: string): string {
  const trimmed = name.trim().toLowerCase()
  if (trimmed === '' || /[\s/@]/.test(trimmed)) {
    throw new BenchError('usage', `--allow-host ${JSON.stringify(name)} is not a host name or address`, {expected: 'a name such as bench.example.org, or an address such as 192.168.1.20'})
  }
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed)
  if (bracketed) return bracketed[1]
  // One colon: name:port (an IPv6 address has several).
  return trimmed.split(':').length === 2 ? trimmed.split(':')[0] : trimmed
}

/**
 * Opens the database (this process becomes its one writer), builds the app and listens. Port 0
 * picks a free port; the URL says which.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const token = options.token || undefined
  if (!isLoopbackHost(host) && !token) {
    throw new BenchError('usage', `refusing to listen on ${host} without a token: anyone on the network could reach the API`, {
      hint: 'Pass --token (or set BENCH_TOKEN), or keep the default --host 127.0.0.1.',
    })
  }
  const bench = await BenchDb.open(options.db)
  let api: BenchApp | undefined
  try {
    // DuckDB defaults to a thread per core. In the server, the event loop needs a core of its own:
    // every request waits for it, and a query over a million rows (an uncached read, or a write
    // refreshing a hot answer) spread over every core stalls it for the query's length. A write's
    // small statements also cost less on one thread (~20 % less CPU per one-row POST: no worker
    // wake-ups). The instance is the server's own (the read pool shares it), so this is set once.
    await bench.db.run(`SET threads = ${Math.max(1, Math.floor(options.duckdbThreads ?? defaultDuckdbThreads()))}`)
    // Only a server that leaves its state file can be found by local commands.
    const localToken = options.stateFile !== false ? randomBytes(32).toString('hex') : undefined
    // The Host header must name the server as the client reached it: loopback, the --host it binds
    // (unless a wildcard) and every --allow-host (the machine's name or address on the network).
    const named = isLoopbackHost(host) || isWildcardHost(host) ? [] : [host]
    api = await createApp({...options, bench, token, localToken, allowedHosts: [...named, ...(options.allowHosts ?? []).map(normalizeHostName)]})
    if (token) {
      await warmIngest()
      await api.deps.writes.warm()
    }
    const {serve} = await import('@hono/node-server')
    const {createServer} = await import('node:http')
    const {app, fastGet} = api
    const server = await new Promise<Server>((resolve, reject) => {
      const s = serve({
        fetch: app.fetch,
        hostname: host,
        port: options.port ?? 8000,
        // A cached GET is answered before the adapter builds a Fetch Request (fast-get.ts).
        createServer: ((opts: object, listener: RequestListener) => createServer(opts, (req, res) => {
          if (!fastGet(req, res)) void listener(req, res)
        })) as never,
      }, () => resolve(s as Server))
      s.once('error', (err: NodeJS.ErrnoException) =>
        reject(new BenchError('io', `cannot listen on ${host}:${options.port}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : err.message}`, {
          hint: err.code === 'EADDRINUSE' ? 'Choose another --port, or stop the process using it.' : undefined,
        })),
      )
    })
    const port = (server.address() as AddressInfo).port
    api.hosts.setPort(port)
    const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
    const url = `http://${urlHost}:${port}`
    if (options.stateFile !== false) writeServerState(options.db, {url, pid: process.pid, startedAt: new Date().toISOString(), db: options.db, localToken})

    let closing: Promise<void> | undefined
    const close = () =>
      (closing ??= (async () => {
        // close() stops accepting and resolves once in-flight requests have been answered;
        // idle keep-alive sockets would hold it open, so they are closed now.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        // Keep-alive sockets become idle one by one as their last response goes out: close them as
        // they do, and after a grace period close whatever is left (a client that never stops).
        const sweep = setInterval(() => server.closeIdleConnections(), 100)
        server.closeIdleConnections()
        // Requests still waiting for a database connection halfway through the grace period get
        // 503; at its end the remaining sockets are closed.
        const grace = options.shutdownGraceMs ?? 10_000
        const drain = setTimeout(() => api!.deps.reads.drain(), grace / 2)
        const force = setTimeout(() => server.closeAllConnections(), grace)
        await closed
        clearInterval(sweep)
        clearTimeout(drain)
        clearTimeout(force)
        // Handlers of clients that hung up may still be querying or writing: let them end first.
        await api!.deps.reads.idle()
        await api!.deps.writes.idle()
        await bench.write(async () => undefined) // queued behind any write transaction still running
        api!.close()
        try {
          await bench.checkpoint()
        } finally {
          bench.close()
          if (options.stateFile !== false) removeServerState(options.db)
        }
      })())
    return {url, host, port, bench, api, close}
  } catch (err) {
    api?.close()
    bench.close()
    throw err
  }
}

/**
 * The first ingest loads ajv and the shape adapters and compiles their schemas: most of a second of
 * blocked event loop, which would stall every reader at the moment a test runner first writes.
 * With writes enabled, that happens before the server listens.
 */
async function warmIngest(): Promise<void> {
  const {classifyDocument} = await import('../lib/ingest/classify.js')
  classifyDocument({}, {path: 'warm-up', mtime: new Date()})
}

/** SIGINT/SIGTERM: finish in-flight requests, checkpoint, close, exit 0 (a second signal exits at once). */
export function closeOnSignals(server: RunningServer, write: (m: string) => void): void {
  // stderr may be a closed pipe by now (a parent that went away): a failed note must not stop the exit.
  const note = (m: string) => {
    try {
      write(m)
    } catch {
      // ignore
    }
  }
  process.stderr.on('error', () => undefined)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) process.exit(130)
    stopping = true
    note(`${signal}: finishing in-flight requests and closing the database...`)
    server.close().then(
      () => {
        note('Stopped.')
        process.exit(0)
      },
      (err: unknown) => {
        note(`Error while stopping: ${err instanceof Error ? err.message : String(err)}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}
