import type {Context} from 'hono'
import type {BenchDb} from '../lib/db/bench-db.js'
import type {Database} from '../lib/db/connection.js'
import type {ApiDeps} from './deps.js'
import type {ReadScope} from './response-cache.js'

const JSON_TYPE = {'Content-Type': 'application/json; charset=utf-8'}
/** `hit` when the answer came from the response cache, `miss` when it was computed (or joined). */
export const CACHE_HEADER = 'X-Benchdb-Cache'
const HIT = {...JSON_TYPE, [CACHE_HEADER]: 'hit'}
const MISS = {...JSON_TYPE, [CACHE_HEADER]: 'miss'}

/** The cache key of a request's exact URL: the same URL always validates to the same parameters. */
const urlKey = (c: Context) => 'GET ' + c.req.url

/**
 * Headers of computed JSON answers as the whole middleware chain sent them (security headers
 * included), per request URL: a hit on the fast path is sent with exactly the headers its first
 * computed answer had.
 */
const hitHeaders = new WeakMap<ApiDeps, Map<string, Record<string, string>>>()
const MAX_HEADER_SETS = 2000

/**
 * Fast path for a repeated GET, run by app.ts right after the Host check, before validation,
 * routing and the header middleware: the cached body of the same URL with the captured headers,
 * as a plain Response the Node adapter writes without building Fetch Headers. On a hot endpoint
 * those steps cost several times the lookup.
 */
export function cachedResponseByUrl(c: Context, deps: ApiDeps): Response | undefined {
  if (c.req.method !== 'GET') return undefined
  const key = urlKey(c)
  const headers = hitHeaders.get(deps)?.get(key)
  if (!headers) return undefined
  const hit = deps.cache.get(key)
  return hit === undefined ? undefined : new Response(hit, {status: 200, headers})
}

/** After the chain ran: remembers the headers of a computed cachedJson answer for its URL. */
export function captureHitHeaders(c: Context, deps: ApiDeps): void {
  if (c.req.method !== 'GET' || c.res.status !== 200 || c.res.headers.get(CACHE_HEADER) !== 'miss') return
  let byUrl = hitHeaders.get(deps)
  if (!byUrl) hitHeaders.set(deps, (byUrl = new Map()))
  const key = urlKey(c)
  if (byUrl.has(key)) return
  if (byUrl.size >= MAX_HEADER_SETS) byUrl.clear()
  const headers: Record<string, string> = {}
  c.res.headers.forEach((v, k) => {
    if (k !== 'content-length' && k !== 'set-cookie') headers[k] = v
  })
  headers[CACHE_HEADER.toLowerCase()] = 'hit'
  byUrl.set(key, headers)
}

/**
 * Answers a read from the response cache, or computes it on a pooled connection and caches the
 * serialized body. The key must contain every parameter that changes the answer; `scope` names
 * the only models the answer depends on, when it is that narrow (see ResponseCache).
 */
export async function cachedJson(c: Context, deps: ApiDeps, key: string, compute: (db: Database, bench: BenchDb) => Promise<unknown>, scope?: ReadScope): Promise<Response> {
  const hit = deps.cache.get(key)
  if (hit !== undefined) return c.body(hit, 200, HIT)
  // Single flight: after a write empties the entry, 50 clients asking the same question cause one
  // query, not 50 (they all wait for the first one's answer).
  const body = await deps.cache.compute(key, async () => JSON.stringify(await deps.reads.use((bench) => compute(bench.db, bench))), scope, urlKey(c))
  return c.body(body, 200, MISS)
}
