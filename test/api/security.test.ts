import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {request as httpRequest} from 'node:http'
import {startServer} from '../../src/api/server.js'
import {BenchError} from '../../src/lib/errors.js'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'

const TOKEN = 'test-token-5f2c'

let open: TestServer // no token: writes disabled
let secured: TestServer // token + SQL enabled, small body limit
beforeAll(async () => {
  open = await startTestServer()
  secured = await startTestServer({token: TOKEN, enableSql: true, maxBodyBytes: 64 * 1024})
})
afterAll(async () => {
  await open.close()
  await secured.close()
})

/** fetch() always sends the real Host; a raw request can lie like a DNS-rebinding page does. */
function rawGet(url: string, host: string): Promise<{status: number; body: string}> {
  const u = new URL(url)
  return new Promise((resolve, reject) => {
    const req = httpRequest({host: u.hostname, port: u.port, path: u.pathname, headers: {Host: host}}, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({status: res.statusCode!, body}))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('Host header allowlist (DNS rebinding)', () => {
  test('a foreign Host is refused with 403 before any route runs', async () => {
    const res = await rawGet(`${open.url}/api/models`, 'evil.example:80')
    expect(res.status).toBe(403)
    expect(JSON.parse(res.body).error.code).toBe('forbidden_host')
  })

  test('loopback names on the server port are accepted; another port is not', async () => {
    const port = new URL(open.url).port
    expect((await rawGet(`${open.url}/health`, `localhost:${port}`)).status).toBe(200)
    expect((await rawGet(`${open.url}/health`, `127.0.0.1:${port}`)).status).toBe(200)
    expect((await rawGet(`${open.url}/health`, `[::1]:${port}`)).status).toBe(200)
    expect((await rawGet(`${open.url}/health`, `localhost:${Number(port) + 1}`)).status).toBe(403)
    expect((await rawGet(`${open.url}/health`, 'localhost')).status).toBe(403)
  })
})

describe('errors', () => {
  test('unknown routes are 404 in the one error shape', async () => {
    const {status, body} = await getJson(`${open.url}/api/nope`)
    expect(status).toBe(404)
    expect(body).toEqual({error: {code: 'not_found', message: 'no route for GET /api/nope'}})
  })

  test('security headers and a CSP without inline scripts on every response', async () => {
    const res = await fetch(`${open.url}/api/models`)
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })
})

describe('write endpoints without a configured token', () => {
  test('POST /api/results says writes are disabled', async () => {
    const {status, body} = await getJson(`${open.url}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'})
    expect(status).toBe(403)
    expect(body.error.code).toBe('writes_disabled')
    expect(body.error.message).toMatch(/--token/)
  })

  test('POST /api/query is off without --enable-sql', async () => {
    const {status, body} = await getJson(`${open.url}/api/query`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({sql: 'SELECT 1'})})
    expect(status).toBe(403)
    expect(body.error.code).toBe('sql_disabled')
  })
})

describe('bearer token', () => {
  test('no token is 401 with WWW-Authenticate; a wrong token is 403', async () => {
    const none = await fetch(`${secured.url}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'})
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(((await none.json()) as any).error.code).toBe('unauthorized')
    const wrong = await getJson(`${secured.url}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: 'Bearer nope'}, body: '{}'})
    expect(wrong.status).toBe(403)
    expect(wrong.body.error.code).toBe('forbidden')
    const sqlWrong = await getJson(`${secured.url}/api/query`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}x`}, body: JSON.stringify({sql: 'SELECT 1'})})
    expect(sqlWrong.status).toBe(403)
  })

  test('a body over the limit is 413, checked before it is read', async () => {
    const big = JSON.stringify({padding: 'x'.repeat(70 * 1024)})
    const {status, body} = await getJson(`${secured.url}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`}, body: big})
    expect(status).toBe(413)
    expect(body.error.code).toBe('payload_too_large')
    expect(body.error.details.maxBytes).toBe(64 * 1024)
  })

  test('malformed JSON is 400', async () => {
    const {status, body} = await getJson(`${secured.url}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`}, body: '{"a":'})
    expect(status).toBe(400)
    expect(body.error.code).toBe('bad_request')
    expect(body.error.message).toMatch(/JSON/i)
  })
})

describe('binding', () => {
  test('a non-loopback host without a token is refused', async () => {
    await expect(startServer({db: `${open.dir}/other.duckdb`, host: '0.0.0.0', port: 0})).rejects.toThrow(BenchError)
    await expect(startServer({db: `${open.dir}/other.duckdb`, host: '0.0.0.0', port: 0})).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without a token/)
  })
})
