import type {Context} from 'hono'
import type {BenchDb} from '../../lib/db/bench-db.js'
import {CSP_OVERRIDE_HEADER, type ApiDeps} from '../deps.js'
import {reportContentSecurityPolicy} from '../../lib/render/html.js'

/**
 * CSP for rendered HTML reports: self-contained documents that load nothing and run only their own
 * inline chart scripts (allowed by hash, the same policy the document states in its meta tag).
 */
const reportCsp = () => `${reportContentSecurityPolicy()}; frame-ancestors 'none'`

const rendered = new WeakMap<ApiDeps, Map<string, {body: Buffer; mediaType: string; generation: number}>>()

/**
 * Sends a rendered answer (report text or PNG) with its media type, caching the bytes until the
 * next write like the JSON reads. Rendering runs on the main connection through the library.
 */
export async function sendRendered(c: Context, deps: ApiDeps, key: string, render: (bench: BenchDb) => Promise<{body: string | Buffer; mediaType: string}>): Promise<Response> {
  let cache = rendered.get(deps)
  if (!cache) rendered.set(deps, (cache = new Map()))
  let hit = cache.get(key)
  if (!hit || hit.generation !== deps.cache.generation) {
    const generation = deps.cache.generation
    const out = await deps.reads.use((bench) => render(bench))
    hit = {body: Buffer.isBuffer(out.body) ? out.body : Buffer.from(out.body, 'utf8'), mediaType: out.mediaType, generation}
    if (cache.size > 200) cache.clear()
    cache.set(key, hit)
  }
  const headers: Record<string, string> = {'Content-Type': hit.mediaType}
  if (hit.mediaType.startsWith('text/html')) headers[CSP_OVERRIDE_HEADER] = reportCsp()
  return c.body(new Uint8Array(hit.body), 200, headers)
}
