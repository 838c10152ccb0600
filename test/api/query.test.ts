import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'
import {samplePerformance} from '../helpers/sample-expectations.js'

const TOKEN = 'sql-token-3'
let t: TestServer
beforeAll(async () => {
  t = await startTestServer({token: TOKEN, enableSql: true})
})
afterAll(async () => {
  await t.close()
})

const sql = (body: unknown, token = TOKEN) =>
  getJson(`${t.url}/api/query`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${token}`}, body: JSON.stringify(body)})

describe('POST /api/query', () => {
  test('runs one read-only statement with exact results', async () => {
    const {status, body} = await sql({sql: "SELECT count(*) AS n FROM performance_results WHERE NOT is_simulated"})
    expect(status).toBe(200)
    expect(body.rows).toEqual([{n: samplePerformance.filter((p) => !p.simulated).length}])
    expect(body.meta).toBeUndefined() // no server paths
  })

  test('caps rows and says so', async () => {
    const {body} = await sql({sql: 'SELECT * FROM models', limit: 2})
    expect(body.rows).toHaveLength(2)
    expect(body.truncated).toBe(true)
  })

  test('reading a file, writing a file and writing the database are refused', async () => {
    const target = join(t.dir, 'pwned.csv')
    for (const statement of [
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM read_text('/etc/hostname')",
      `COPY (SELECT 1) TO '${target}'`,
      'DELETE FROM models',
      'SELECT 1; SELECT 2',
      "ATTACH '/tmp/x.duckdb' AS x",
    ]) {
      const {status, body} = await sql({sql: statement})
      expect([status, statement]).toEqual([400, statement])
      expect(body.error.code).toBe('bad_request')
    }
    expect(existsSync(target)).toBe(false)
    expect((await getJson(`${t.url}/api/models`)).body.items).toHaveLength(6)
  })

  test('sees data written through the API after the write', async () => {
    const doc = JSON.stringify([{model_name: 'sql-visible-model', hardware_type: 'cpu', batch_size: 1, throughput_items_per_second: 1}])
    const w = await getJson(`${t.url}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`}, body: doc})
    expect(w.status).toBe(201)
    const {body} = await sql({sql: "SELECT model_name FROM models WHERE model_name = 'sql-visible-model'"})
    expect(body.rows).toEqual([{model_name: 'sql-visible-model'}])
  })

  test('needs the token and a valid body', async () => {
    expect((await sql({sql: 'SELECT 1'}, 'wrong')).status).toBe(403)
    const bad = await sql({limit: 5})
    expect(bad.status).toBe(422)
    expect(bad.body.error.details.issues[0].pointer).toBe('/sql')
  })
})
