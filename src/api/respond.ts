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
 * Fast path for a repeated GET (app.ts runs it before validation and routing): the cached body
 * of the same URL, or undefined. On a hot endpoint parameter parsing, routing and building the
 * cache key cost more than the lookup.
 */
export function cachedByUrl(c: Context, deps: ApiDeps): Response | undefined {
  if (c.req.method !== 'GET') return undefined
  const hit = deps.cache.get(urlKey(c))
  return hit === undefined ? undefined : c.body(hit, 200, HIT)
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
