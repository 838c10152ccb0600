import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {request as httpRequest} from 'node:http'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'

/**
 * The node-level fast path (src/api/fast-get.ts): a repeated GET is written from the cached
 * Buffer before Hono runs, with an ETag; If-None-Match gives 304; a write for the model makes the
 * very next answer hold its row (and a new ETag). Also the server's DuckDB thread setting.
 */
const TOKEN = 'fast-get-token'
const MODEL = 'bert-base-uncased'
const q = `/api/performance?model=${MODEL}&hardware=cpu&limit=1000`

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({token: TOKEN, duckdbThreads: 1})
})
afterAll(async () => {
  await t.close()
})

/** A raw HTTP GET, so headers fetch() would set or hide (Host, If-None-Match, 304 bodies) are exact. */
function raw(path: string, headers: Record<string, string> = {}): Promise<{status: number; headers: Record<string, string | string[] | undefined>; body: string}> {
  const u = new URL(t.url)
  return new Promise((resolve, reject) => {
    const req = httpRequest({host: u.hostname, port: u.port, path, headers}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body}))
    })
    req.on('error', reject)
    req.end()
  })
}

const post = (doc: unknown) =>
  getJson(`${t.url}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`}, body: JSON.stringify(doc)})

describe('cached GET before Hono (fast-get.ts)', () => {
  test('a hit is the computed answer byte for byte, with its ETag and length; If-None-Match gives 304 without a body', async () => {
    const miss = await raw(q)
    expect(miss.status).toBe(200)
    expect(miss.headers['x-benchdb-cache']).toBe('miss')
    const etag = miss.headers.etag as string
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
    const total = JSON.parse(miss.body).total as number
    expect(total).toBeGreaterThan(0)

    const hit = await raw(q)
    expect(hit.status).toBe(200)
    expect(hit.headers['x-benchdb-cache']).toBe('hit')
    expect(hit.body).toBe(miss.body)
    expect(hit.headers.etag).toBe(etag)
    expect(Number(hit.headers['content-length'])).toBe(Buffer.byteLength(miss.body))
    expect(hit.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(hit.headers['content-security-policy']).toContain("script-src 'self'")
    expect(hit.headers['x-content-type-options']).toBe('nosniff')

    const notModified = await raw(q, {'If-None-Match': `"other", W/${etag}`})
    expect(notModified.status).toBe(304)
    expect(notModified.body).toBe('')
    expect(notModified.headers.etag).toBe(etag)
    expect(notModified.headers['x-content-type-options']).toBe('nosniff')
    expect((await raw(q, {'If-None-Match': '"stale"'})).status).toBe(200)
  })

  test('a write for the model: the next answer from the fast path holds the row, under a new ETag', async () => {
    const before = await raw(q)
    expect(before.headers['x-benchdb-cache']).toBe('hit')
    const etag = before.headers.etag as string
    const total = JSON.parse(before.body).total as number
    expect((await post([{model_name: MODEL, hardware_type: 'cpu', batch_size: 3, throughput_items_per_second: 31337.5}])).status).toBe(201)
    const after = await raw(q, {'If-None-Match': etag})
    expect(after.status).toBe(200)
    expect(after.headers['x-benchdb-cache']).toBe('hit') // refreshed by the write before its answer
    expect(after.headers.etag).not.toBe(etag)
    const body = JSON.parse(after.body)
    expect(body.total).toBe(total + 1)
    expect(body.items.map((r: {throughput_items_per_second: number}) => r.throughput_items_per_second)).toContain(31337.5)
  })

  test('a foreign Host is refused even for a cached target; other methods and spellings go through Hono', async () => {
    expect((await raw(q)).headers['x-benchdb-cache']).toBe('hit')
    const foreign = await raw(q, {Host: 'evil.example'})
    expect(foreign.status).toBe(403)
    expect(JSON.parse(foreign.body).error.code).toBe('forbidden_host')
    // Same question, parameters in another order: validated by Hono, answered from the cache by key.
    const reordered = await raw(`/api/performance?limit=1000&hardware=cpu&model=${MODEL}`)
    expect(reordered.status).toBe(200)
    expect(reordered.body).toBe((await raw(q)).body)
    const postStatus = await new Promise<number>((resolve, reject) => {
      const u = new URL(t.url)
      const req = httpRequest({host: u.hostname, port: u.port, path: q, method: 'POST', headers: {'Content-Type': 'application/json'}}, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end('{}')
    })
    expect(postStatus).toBe(404)
  })

  test('the server runs DuckDB with the configured number of threads', async () => {
    expect(Number(await t.server.bench.db.scalar(`SELECT current_setting('threads')`))).toBe(1)
  })
})
