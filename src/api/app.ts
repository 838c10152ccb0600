import type {IncomingMessage, ServerResponse} from 'node:http'
import {basename} from 'node:path'

import {OpenAPIHono} from '@hono/zod-openapi'
import {bodyLimit} from 'hono/body-limit'
import {HTTPException} from 'hono/http-exception'
import {secureHeaders} from 'hono/secure-headers'
import {timeout} from 'hono/timeout'
import type {BenchDb} from '../lib/db/bench-db.js'
import {BENCHDB_VERSION} from '../lib/version.js'
import type {SqlLimits} from '../lib/sql/limits.js'
import {CSP_OVERRIDE_HEADER, type ApiDeps, type AppEnv} from './deps.js'
import {sendError, toErrorResponse} from './errors.js'
import {HostAllowlist} from './host-allowlist.js'
import {ReadGate} from './read-gate.js'
import {fastCachedGet} from './fast-get.js'
import {cachedResponseByUrl, captureHitHeaders} from './respond.js'
import {ResponseCache} from './response-cache.js'
import {WriteQueue} from './write-queue.js'
import {registerRoutes} from './routes/index.js'

export interface AppOptions {
  bench: BenchDb
  /** Bearer token for POST /api/results and /api/query; without it writes are disabled. */
  token?: string
  /** Enables POST /api/query (sandboxed read-only SQL, still token-protected). */
  enableSql?: boolean
  /** Caps of POST /api/query (DEFAULT_SQL_LIMITS for those left out). */
  sqlLimits?: Partial<SqlLimits>
  /** Statements POST /api/query runs at once, each on its own thread (default 2). */
  sqlThreads?: number
  /** Token of the local read endpoints (/api/local/*) that db:query and db:compare use while this server holds the file. */
  localToken?: string
  /** Host names accepted besides the loopback names (e.g. the --host the server binds). */
  allowedHosts?: string[]
  /** Largest accepted request body (default 10 MiB). */
  maxBodyBytes?: number
  /** Requests taking longer are answered 504 (default 30 s). */
  requestTimeoutMs?: number
  /** Extra read connections to the database (default 4). */
  readConnections?: number
  /** One line per request when set (--verbose). */
  log?: (line: string) => void
  /** Shortest time between two write transactions (group commit; default 100 ms, see WriteQueue). */
  writeIntervalMs?: number
  /** Quiet time after writes before the performance rollup is refreshed (WriteQueue option). */
  rollupQuietMs?: number
}

export interface BenchApp {
  app: OpenAPIHono<AppEnv>
  /** For the Node server: answers a cached GET before Hono, or returns false (see fast-get.ts). */
  fastGet: (req: IncomingMessage, res: ServerResponse) => boolean
  hosts: HostAllowlist
  deps: ApiDeps
  /** Closes the read connections (the caller owns `bench`). */
  close(): void
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024

/**
 * The HTTP API as a Hono app, independent of any socket (server.ts listens). Middleware order
 * matters: the Host check runs first so a rebinding page learns nothing, then security headers,
 * the timeout and the body limit, then the routes.
 */
export async function createApp(options: AppOptions): Promise<BenchApp> {
  const hosts = new HostAllowlist(options.allowedHosts ?? [])
  // Answers name the database by its file name only: clients need not learn the server's paths.
  const shownAs = basename(options.bench.path)
  options.bench.showAs(shownAs)
  const reads = await ReadGate.open(options.bench.path, options.readConnections ?? 4, {showAs: shownAs})
  const cache = new ResponseCache()
  const deps: ApiDeps = {
    bench: options.bench,
    reads,
    cache,
    writes: new WriteQueue(options.bench, cache, {log: options.log, minIntervalMs: options.writeIntervalMs, rollupQuietMs: options.rollupQuietMs}),
    token: options.token || undefined,
    enableSql: Boolean(options.enableSql),
    sqlLimits: options.sqlLimits ?? {},
    sqlThreads: options.sqlThreads ?? 2,
    localToken: options.localToken || undefined,
  }

  const app = new OpenAPIHono<AppEnv>({
    // One answer for every zod validation failure: 400 for parameters, 422 for a body that parsed but is invalid.
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({
          pointer: '/' + i.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/'),
          message: i.message,
        }))
        const status = result.target === 'json' ? 422 : 400
        return sendError(c, status, status === 422 ? 'invalid_data' : 'bad_request', `invalid ${result.target === 'json' ? 'request body' : result.target + ' parameters'}: ${issues.map((i) => `${i.pointer === '/' ? '' : i.pointer + ' '}${i.message}`).join('; ')}`, {target: result.target, issues})
      }
    },
  })

  if (options.log) {
    const log = options.log
    app.use('*', async (c, next) => {
      const start = performance.now()
      await next()
      log(`${c.req.method} ${new URL(c.req.url).pathname}${new URL(c.req.url).search} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`)
    })
  }

  app.use('*', async (c, next) => {
    if (!hosts.allows(c.req.header('Host'))) {
      return sendError(c, 403, 'forbidden_host', 'Host header not allowed (DNS rebinding protection)', {allowed: hosts.allowedHosts})
    }
    await next()
  })

  // A repeated GET of a cached answer is served by its exact URL, before validation, routing and
  // the header middleware below (its headers are those the chain gave the first computed answer).
  app.use('/api/*', async (c, next) => {
    const hit = cachedResponseByUrl(c, deps)
    if (hit) return hit
    await next()
    captureHitHeaders(c, deps)
  })

  // A route may need a stricter CSP than the app's (rendered HTML reports run no script at all);
  // secureHeaders writes its header after the handler, so the override is applied outside it.
  app.use('*', async (c, next) => {
    await next()
    const override = c.res.headers.get(CSP_OVERRIDE_HEADER)
    if (override) {
      c.res.headers.set('Content-Security-Policy', override)
      c.res.headers.delete(CSP_OVERRIDE_HEADER)
    }
  })

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"], // no inline scripts: data can never become code
        styleSrc: ["'self'", "'unsafe-inline'"], // Swagger UI and Chart.js set element styles
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  )

  app.use('*', timeout(options.requestTimeoutMs ?? 30_000, () => new HTTPException(504, {message: 'the request took too long'})))

  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const limitBody = bodyLimit({
    maxSize: maxBody,
    onError: (c) => sendError(c, 413, 'payload_too_large', `request body is larger than ${maxBody} bytes`, {maxBytes: maxBody}),
  })
  // GET and HEAD carry no body (the server ignores one); asking for it would make the Node adapter
  // build a full Fetch Request with an AbortController for every read, a large share of a cached
  // answer's cost.
  app.use('/api/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)))

  const routes = registerRoutes(app, deps)

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {type: 'http', scheme: 'bearer'})
  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'benchdb API',
      version: BENCHDB_VERSION,
      description: 'Benchmark results: catalog, performance, compatibility, comparisons, reports, charts and authenticated ingest.',
    },
  })

  app.notFound((c) => sendError(c, 404, 'not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`))
  app.onError((err, c) => toErrorResponse(err, c))

  return {app, hosts, deps, fastGet: fastCachedGet(deps, hosts, options.log), close: () => {
    routes.close()
    reads.close()
  }}
}
