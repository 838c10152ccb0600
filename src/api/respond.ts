import type {Context} from 'hono'
import type {BenchDb} from '../lib/db/bench-db.js'
import type {Database} from '../lib/db/connection.js'
import type {ApiDeps} from './deps.js'

const JSON_TYPE = {'Content-Type': 'application/json; charset=utf-8'}

/**
 * Answers a read from the response cache, or computes it on a pooled connection and caches the
 * serialized body. The key must contain every parameter that changes the answer.
 */
export async function cachedJson(c: Context, deps: ApiDeps, key: string, compute: (db: Database, bench: BenchDb) => Promise<unknown>): Promise<Response> {
  const hit = deps.cache.get(key)
  if (hit !== undefined) return c.body(hit, 200, JSON_TYPE)
  // Single flight: after a write empties the cache, 50 clients asking the same question cause one
  // query, not 50 (they all wait for the first one's answer).
  const body = await deps.cache.compute(key, async () => JSON.stringify(await deps.reads.use((bench) => compute(bench.db, bench))))
  return c.body(body, 200, JSON_TYPE)
}
