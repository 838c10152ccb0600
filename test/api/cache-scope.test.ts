import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {request as httpRequest} from 'node:http'
import {ResponseCache} from '../../src/api/response-cache.js'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'

/**
 * Scoped invalidation of the response cache: a write for model Y keeps the cached answer about
 * model X; a write for X makes the very next answer about X include it. Observed through the
 * X-Benchdb-Cache header and the rows themselves, never through timing.
 */
const TOKEN = 'scope-token-7'
const X = 'bert-base-uncased'
const Y = 't5-small'
const qx = `/api/performance?model=${X}&hardware=cuda&limit=1000`

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({token: TOKEN})
})
afterAll(async () => {
  await t.close()
})

const post = (doc: unknown) =>
  getJson(`${t.url}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`}, body: JSON.stringify(doc)})
const rowFor = (model: string, throughput: number) => [{model_name: model, hardware_type: 'cuda', batch_size: 1, throughput_items_per_second: throughput}]
const get = (path: string) => getJson(t.url + path)

describe('response cache scopes (real server)', () => {
  test('a write for another model keeps the cached answer; a write for the model shows at once', async () => {
    const first = await get(qx)
    expect(first.status).toBe(200)
    expect(first.headers.get('x-benchdb-cache')).toBe('miss')
    const again = await get(qx)
    expect(again.headers.get('x-benchdb-cache')).toBe('hit')
    expect(again.body).toEqual(first.body)

    // Y gets a new row: X's answer stays cached, Y's answer has the row.
    expect((await post(rowFor(Y, 4242.5))).status).toBe(201)
    const afterY = await get(qx)
    expect(afterY.headers.get('x-benchdb-cache')).toBe('hit')
    expect(afterY.body.total).toBe(first.body.total)
    const y = await get(`/api/performance?model=${Y}&hardware=cuda&limit=1000`)
    expect(y.body.items.map((r: any) => r.throughput_items_per_second)).toContain(4242.5)

    // X gets a new row: the write recomputed X's answer before acknowledging, so the very next
    // request is served from the cache and already holds the row.
    const refreshedBefore = t.server.api.deps.cache.stats.refreshed
    expect((await post(rowFor(X, 777.25))).status).toBe(201)
    expect(t.server.api.deps.cache.stats.refreshed).toBe(refreshedBefore + 1)
    const afterX = await get(qx)
    expect(afterX.headers.get('x-benchdb-cache')).toBe('hit')
    expect(afterX.body.total).toBe(first.body.total + 1)
    expect(afterX.body.items.filter((r: any) => r.throughput_items_per_second === 777.25)).toHaveLength(1)
    // The same answer computed from scratch agrees.
    const fromScratch = await get(`/api/performance?hardware=cuda&model=${X}&limit=999`)
    expect(fromScratch.headers.get('x-benchdb-cache')).toBe('miss')
    expect(fromScratch.body).toEqual({...afterX.body, limit: 999})
  })

  test('a cached answer served by its URL still passes the Host check and carries the security headers', async () => {
    const miss = await get('/api/performance?model=openai/whisper-tiny')
    expect(miss.headers.get('x-benchdb-cache')).toBe('miss')
    const hit = await get('/api/performance?model=openai/whisper-tiny')
    expect(hit.headers.get('x-benchdb-cache')).toBe('hit')
    expect(hit.body).toEqual(miss.body)
    // Same headers as the computed answer (security headers included), apart from the cache marker and date.
    const names = (h: Headers) => [...h.keys()].filter((k) => !['date', 'x-benchdb-cache', 'keep-alive', 'connection'].includes(k)).sort()
    expect(names(hit.headers)).toEqual(names(miss.headers))
    for (const k of names(miss.headers)) if (k !== 'content-length') expect(hit.headers.get(k)).toBe(miss.headers.get(k))
    expect(Number(hit.headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify(miss.body)))
    expect(hit.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(hit.headers.get('x-content-type-options')).toBe('nosniff')
    // fetch() always sends the real Host; a raw request can lie like a DNS-rebinding page does.
    const foreign = await new Promise<{status: number; body: string}>((resolve, reject) => {
      const u = new URL(t.url + qx)
      const req = httpRequest({host: u.hostname, port: u.port, path: u.pathname + u.search, headers: {Host: 'evil.example'}}, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d) => (body += d))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
      })
      req.on('error', reject)
      req.end()
    })
    expect(foreign.status).toBe(403)
    expect(JSON.parse(foreign.body).error.code).toBe('forbidden_host')
    // The same question in another parameter order is answered too (validated key), with the same rows.
    const reordered = await get('/api/performance?limit=100&model=openai/whisper-tiny')
    expect(reordered.body).toEqual(hit.body)
  })

  test('an answer not limited to one model is dropped by a write for any model', async () => {
    const q = '/api/performance?hardware=cuda&limit=5'
    const before = await get(q)
    expect((await get(q)).headers.get('x-benchdb-cache')).toBe('hit')
    expect((await post(rowFor(Y, 99.5))).status).toBe(201)
    const after = await get(q)
    expect(after.headers.get('x-benchdb-cache')).toBe('miss')
    expect(after.body.total).toBe(before.body.total + 1)
  })

  test('a retried (unchanged) document invalidates nothing', async () => {
    const doc = rowFor(Y, 123.5)
    expect((await post(doc)).status).toBe(201)
    await get(qx)
    const q = '/api/performance?hardware=cuda&limit=5'
    await get(q)
    expect((await post(doc)).status).toBe(200)
    expect((await get(qx)).headers.get('x-benchdb-cache')).toBe('hit')
    expect((await get(q)).headers.get('x-benchdb-cache')).toBe('hit')
  })
})

/** A promise resolved from outside, so the order of events is set by the test, not by timing. */
function deferred(): {promise: Promise<string>; resolve: (v: string) => void} {
  let resolve!: (v: string) => void
  const promise = new Promise<string>((r) => (resolve = r))
  return {promise, resolve}
}

describe('ResponseCache', () => {
  const only = (...models: string[]) => ({models: new Set(models), wide: false})

  test('scoped entries survive writes to other models, unscoped ones do not; wide writes drop all', async () => {
    const cache = new ResponseCache()
    await cache.compute('x', async () => 'X1', {models: ['x']})
    await cache.compute('all', async () => 'A1')
    cache.invalidate(only('y'))
    expect(cache.get('x')).toBe('X1')
    expect(cache.get('all')).toBeUndefined()
    cache.invalidate(only('x'))
    expect(cache.get('x')).toBeUndefined()
    await cache.compute('x', async () => 'X2', {models: ['x']})
    cache.invalidate({models: new Set(), wide: true})
    expect(cache.get('x')).toBeUndefined()
    cache.invalidate() // no scope given: wide
    expect(cache.stats).toMatchObject({writes: 4, computed: 3, dropped: 3})
  })

  test('a write recomputes the answers in use about its models and swaps them in when it is acknowledged', async () => {
    const cache = new ResponseCache()
    const later = deferred()
    let calls = 0
    const produce = () => (++calls === 1 ? Promise.resolve('X1') : later.promise)
    await cache.compute('x', produce, {models: ['x']}, 'GET /x')
    await cache.compute('all', async () => 'A1')
    expect(cache.get('x')).toBe('X1')
    const refreshing = cache.invalidateRefreshing(only('x'))
    // Not yet acknowledged: readers may still get the previous answer.
    expect(cache.get('GET /x')).toBe('X1')
    later.resolve('X2')
    await refreshing
    expect(cache.get('x')).toBe('X2')
    expect(cache.get('GET /x')).toBe('X2')
    expect(cache.get('all')).toBeUndefined()
    expect(calls).toBe(2)
    expect(cache.stats).toMatchObject({refreshed: 1, computed: 2})
    // A write for another model recomputes nothing; a wide one drops everything.
    await cache.invalidateRefreshing(only('y'))
    expect(calls).toBe(2)
    await cache.invalidateRefreshing({models: new Set(), wide: true})
    expect(cache.get('x')).toBeUndefined()
  })

  test('a computation started before a write to its model is neither cached nor joined after it', async () => {
    const cache = new ResponseCache()
    const old = deferred()
    const first = cache.compute('x', () => old.promise, {models: ['x']})
    // Joined before the write: shares the computation.
    const joined = cache.compute('x', async () => 'never', {models: ['x']})
    cache.invalidate(only('x'))
    // Started after the write: a computation of its own.
    const fresh = cache.compute('x', async () => 'X-new', {models: ['x']})
    old.resolve('X-old')
    expect(await first).toBe('X-old')
    expect(await joined).toBe('X-old')
    expect(await fresh).toBe('X-new')
    expect(cache.get('x')).toBe('X-new')
    expect(cache.stats.computed).toBe(2)
  })

  test('a computation overlapping a write to another model is still cached and shared', async () => {
    const cache = new ResponseCache()
    const d = deferred()
    const first = cache.compute('x', () => d.promise, {models: ['x']})
    cache.invalidate(only('y'))
    const joined = cache.compute('x', async () => 'never', {models: ['x']})
    d.resolve('X1')
    expect(await first).toBe('X1')
    expect(await joined).toBe('X1')
    expect(cache.get('x')).toBe('X1')
    expect(cache.stats.computed).toBe(1)
  })

  test('an unscoped computation overlapping any write is not cached', async () => {
    const cache = new ResponseCache()
    const d = deferred()
    const first = cache.compute('all', () => d.promise)
    cache.invalidate(only('y'))
    d.resolve('A-old')
    expect(await first).toBe('A-old')
    expect(cache.get('all')).toBeUndefined()
  })
})
