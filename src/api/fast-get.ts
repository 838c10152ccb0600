import type {IncomingMessage, ServerResponse} from 'node:http'
import type {ApiDeps} from './deps.js'
import type {HostAllowlist} from './host-allowlist.js'
import {etagMatches, hitHeadersFor, notModifiedHeaders, targetKey} from './respond.js'

/**
 * The Node request handler's first step: a GET whose exact request target has a cached answer
 * is written straight to the socket, before the Node adapter builds a Fetch Request and Hono
 * runs its middleware chain (together several times the cost of the lookup on a hot endpoint).
 * The body goes out as the Buffer encoded once per answer, with the headers the full chain gave
 * the first computed answer (security headers included), its ETag and length; an If-None-Match
 * naming the ETag gets 304. The Host check runs first, as in the app; anything else (no cached
 * answer, other methods, a foreign Host) returns false and goes to Hono unchanged.
 *
 * Freshness is the cache's: a write invalidates (or swaps) the entry before it is acknowledged,
 * and this lookup is synchronous, so no answer older than an acknowledged write goes out.
 */
export function fastCachedGet(deps: ApiDeps, hosts: HostAllowlist, log?: (line: string) => void) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' || req.url === undefined) return false
    const headers = hitHeadersFor(deps, req.url)
    if (!headers) return false
    // Read from the raw list: `req.headers` builds an object of every header on first access.
    let host: string | undefined
    let ifNoneMatch: string | undefined
    const raw = req.rawHeaders
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]
      if (name.length === 4 && name.toLowerCase() === 'host') {
        if (host !== undefined) return false // two Host headers: let the full path refuse it
        host = raw[i + 1]
      } else if (name.length === 13 && name.toLowerCase() === 'if-none-match') {
        ifNoneMatch = ifNoneMatch === undefined ? raw[i + 1] : `${ifNoneMatch}, ${raw[i + 1]}`
      }
    }
    if (!hosts.allows(host)) return false
    const start = log ? performance.now() : 0
    const hit = deps.cache.wire(targetKey(req.url))
    if (!hit) return false
    if (etagMatches(ifNoneMatch, hit.etag)) {
      res.writeHead(304, notModifiedHeaders(headers.record, hit.etag))
      res.end()
    } else {
      res.writeHead(200, [...headers.flat, 'etag', hit.etag, 'content-length', String(hit.bytes.length)])
      res.end(hit.bytes)
    }
    log?.(`GET ${req.url} ${res.statusCode} ${(performance.now() - start).toFixed(1)}ms`)
    return true
  }
}
