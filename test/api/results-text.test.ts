import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readFileSync, rmSync} from 'node:fs'
import {createHash} from 'node:crypto'
import {unpackRaw} from '../../src/lib/ingest/raw-document.js'
import {queryDb} from '../helpers/convert.js'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'

/** POST /api/results with text/plain: one text-format file (go test -bench output here), stored byte for byte. */
const TOKEN = 'text-token-17'
const GO = readFileSync(new URL('../fixtures/formats/go-bench/benchmark-action__github-action-benchmark__go_output.txt', import.meta.url))

let t: TestServer
let closed = false
beforeAll(async () => {
  t = await startTestServer({token: TOKEN, sampleData: false})
})
afterAll(async () => {
  if (closed) rmSync(t.dir, {recursive: true, force: true})
  else await t.close()
})

const post = (body: string | Uint8Array, type = 'text/plain; charset=utf-8') =>
  getJson(`${t.url}/api/results`, {method: 'POST', headers: {'Content-Type': type, Authorization: `Bearer ${TOKEN}`}, body: body as BodyInit})

describe('POST /api/results with a text format', () => {
  test('go test -bench output is stored (201) with its rows; a retry is a no-op (200)', async () => {
    const first = await post(GO)
    expect(first.status).toBe(201)
    expect(first.body.documents[0]).toMatchObject({status: 'ingested', shape: 'go_bench', rows: {performance_results: 8}})
    const again = await post(GO)
    expect(again.status).toBe(200)
    expect(again.body.summary).toMatchObject({ingested: 0, unchanged: 1})
  })

  test('text that no format claims is 422 and nothing is stored', async () => {
    const before = (await getJson(`${t.url}/health`)).body.tables.source_files
    const {status, body} = await post('just some notes\n')
    expect(status).toBe(422)
    expect(body.error.code).toBe('invalid_document')
    expect(body.error.message).toContain('not a result file')
    const health = await getJson(`${t.url}/health`)
    expect(health.body.tables.source_files).toBe(before)
  })

  test('a truncated text file is 422 with its line number', async () => {
    const cut = GO.subarray(0, GO.indexOf('31915') + 5)
    const {status, body} = await post(cut)
    expect(status).toBe(422)
    expect(body.error.details.documents[0]).toMatchObject({status: 'rejected', shape: 'go_bench', pointer: 'line 10'})
  })

  test('(last) the ledger keeps the exact bytes under a .txt name, and the latency read back is ns/op in ms', async () => {
    // The server holds the database: stop it, then read the file (afterAll removes the directory).
    await t.server.close()
    closed = true
    const sha = createHash('sha256').update(GO).digest('hex')
    const rows = await queryDb<{path: string; raw_encoding: string; b64: string}>(t.db, `SELECT path, raw_encoding, to_base64(raw_document) AS b64 FROM source_files WHERE sha256 = '${sha}'`)
    expect(rows.map((r) => r.path)).toEqual([`submitted/${sha}.txt`])
    expect(unpackRaw(rows[0].raw_encoding, Buffer.from(rows[0].b64, 'base64')).equals(GO)).toBe(true)
    const v = await queryDb<{average_latency_ms: number}>(t.db, "SELECT pr.average_latency_ms FROM performance_results pr JOIN models USING (model_id) WHERE model_name = 'BenchmarkFib22'")
    expect(v).toEqual([{average_latency_ms: 31915 / 1e6}])
  })
})
