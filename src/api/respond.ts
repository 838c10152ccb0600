import type {IncomingMessage} from 'node:http'
import type {Context} from 'hono'
import type {BenchDb} from '../lib/db/bench-db.js'
import type {Database} from '../lib/db/connection.js'
import type {ApiDeps} from './deps.js'
import {etagOf, type ReadScope} from './response-cache.js'

const JSON_TYPE = {'Content-Type': 'application/json; charset=utf-8'}
/** `hit` when the answer came from the response cache, `miss` when it was computed (or joined). */
export const CACHE_HEADER = 'X-Benchdb-Cache'

/**
 * The request target exactly as the client sent it (path and query), the key of the by-URL
 * fast paths. Behind the Node adapter it is the raw `IncomingMessage.url`, which the node-level
 * fast path (fast-get.ts) sees too; elsewhere (app.request in tests) the parsed URL's path and
 * query. Two targets that differ only in spelling are two keys: each computes once.
 */
export function requestTarget(c: Context): string {
  const incoming = (c.env as {incoming?: IncomingMessage} | undefined)?.incoming
  if (incoming?.url !== undefined) return incoming.url
  const u = new URL(c.req.url)
  return u.pathname + u.search
}

/** Cache key of a GET by its request target: the same target always validates to the same parameters. */
export const targetKey = (target: string) => 'GET ' + target

/**
 * Headers of computed JSON answers as the whole middleware chain sent them (security headers
 * included), per request target: a hit on a fast path is sent with exactly the headers its
 * first computed answer had (plus its own ETag and length).
 */
const hitHeaders = new WeakMap<ApiDeps, Map<string, HitHeaders>>()
const MAX_HEADER_SETS = 2000

export interface HitHeaders {
  /** Name -> value, lower-case names, without length and ETag. */
  record: Record<string, string>
  /** The same as a flat [name, value, ...] list for `ServerResponse.writeHead`. */
  flat: string[]
}

export function hitHeadersFor(deps: ApiDeps, target: string): HitHeaders | undefined {
  return hitHeaders.get(deps)?.get(target)
}

/** True when an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
}

/**
 * Fast path for a repeated GET inside Hono, run by app.ts right after the Host check, before
 * validation, routing and the header middleware: the cached body of the same URL with the
 * captured headers. The Node server answers these before Hono (fast-get.ts); this one serves
 * the app when it runs without that server (app.request, other adapters).
 */
export function cachedResponseByUrl(c: Context, deps: ApiDeps): Response | undefined {
  if (c.req.method !== 'GET') return undefined
  const target = requestTarget(c)
  const headers = hitHeadersFor(deps, target)
  if (!headers) return undefined
  const hit = deps.cache.wire(targetKey(target))
  if (hit === undefined) return undefined
  if (etagMatches(c.req.header('If-None-Match'), hit.etag)) return new Response(null, {status: 304, headers: notModifiedHeaders(headers.record, hit.etag)})
  return new Response(asBody(hit.bytes), {status: 200, headers: {...headers.record, etag: hit.etag}})
}

/** A 304 carries the validator and the headers a 200 would have, minus the body's own. */
export function notModifiedHeaders(record: Record<string, string>, etag: string): Record<string, string> {
  const h: Record<string, string> = {...record, etag}
  delete h['content-type']
  return h
}

/** After the chain ran: remembers the headers of a computed cachedJson answer for its URL. */
export function captureHitHeaders(c: Context, deps: ApiDeps): void {
  if (c.req.method !== 'GET' || c.res.status !== 200 || c.res.headers.get(CACHE_HEADER) !== 'miss') return
  let byUrl = hitHeaders.get(deps)
  if (!byUrl) hitHeaders.set(deps, (byUrl = new Map()))
  const target = requestTarget(c)
  if (byUrl.has(target)) return
  if (byUrl.size >= MAX_HEADER_SETS) byUrl.clear()
  const record: Record<string, string> = {}
  c.res.headers.forEach((v, k) => {
    if (k !== 'content-length' && k !== 'set-cookie' && k !== 'etag') record[k] = v
  })
  record[CACHE_HEADER.toLowerCase()] = 'hit'
  byUrl.set(target, {record, flat: Object.entries(record).flat()})
}

/**
 * Answers a read from the response cache, or computes it on a pooled connection and caches the
 * serialized body. The key must contain every parameter that changes the answer; `scope` names
 * the only models the answer depends on, when it is that narrow (see ResponseCache).
 */
export async function cachedJson(c: Context, deps: ApiDeps, key: string, compute: (db: Database, bench: BenchDb) => Promise<unknown>, scope?: ReadScope): Promise<Response> {
  const hit = deps.cache.wire(key)
  if (hit !== undefined) return sendBody(c, hit.bytes, hit.etag, 'hit')
  // Single flight: after a write empties the entry, 50 clients asking the same question cause one
  // query, not 50 (they all wait for the first one's answer).
  const body = await deps.cache.compute(key, async () => JSON.stringify(await deps.reads.use((bench) => compute(bench.db, bench))), scope, targetKey(requestTarget(c)))
  const bytes = Buffer.from(body, 'utf8')
  return sendBody(c, bytes, etagOf(bytes), 'miss')
}

function sendBody(c: Context, bytes: Buffer, etag: string, cache: 'hit' | 'miss'): Response {
  const headers = {...JSON_TYPE, ETag: etag, [CACHE_HEADER]: cache}
  if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers)
  return c.body(asBody(bytes), 200, headers)
}

/** A Buffer is a Uint8Array over an ArrayBuffer (never shared here): the Fetch types want it said. */
const asBody = (b: Buffer) => b as unknown as Uint8Array<ArrayBuffer>
