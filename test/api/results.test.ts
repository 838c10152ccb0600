import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'

const TOKEN = 'ingest-token-91'
const FIXTURE = readFileSync(new URL('../fixtures/real/performance/performance_results/bert_cuda_test.json', import.meta.url))
const fixtureRows = JSON.parse(FIXTURE.toString('utf8')) as Array<{throughput_items_per_second: number; batch_size: number; device_name: string}>

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({token: TOKEN})
})
afterAll(async () => {
  await t.close()
})

const post = (body: string | Uint8Array, type = 'application/json') =>
  getJson(`${t.url}/api/results`, {method: 'POST', headers: {"Content-Type": type, Authorization: `Bearer ${TOKEN}`}, body: body as BodyInit})

describe('POST /api/results', () => {
  test('stores a real result file, and the new rows are readable at once (cache invalidated)', async () => {
    const before = await getJson(`${t.url}/api/performance?hardware=cuda&limit=1`)
    const {status, body} = await post(FIXTURE)
    expect(status).toBe(201)
    expect(body.summary.ingested).toBe(1)
    expect(body.summary.rows.performance_results).toBe(fixtureRows.length)
    expect(body.documents[0]).toMatchObject({status: 'ingested', category: 'performance', shape: 'star_rows'})
    const after = await getJson(`${t.url}/api/performance?hardware=cuda&limit=1000`)
    expect(after.body.total).toBe(before.body.total + fixtureRows.length)
    const rtx = after.body.items.filter((r: any) => r.device_name === 'NVIDIA RTX 3090')
    expect(rtx.map((r: any) => r.throughput_items_per_second).sort()).toEqual(fixtureRows.map((r) => r.throughput_items_per_second).sort())
  })

  test('a retried request is a no-op (same bytes, same hash)', async () => {
    const {status, body} = await post(FIXTURE)
    expect(status).toBe(200)
    expect(body.summary.ingested).toBe(0)
    expect(body.summary.unchanged).toBe(1)
    const health = await getJson(`${t.url}/health`)
    expect(health.body.tables.source_files).toBe(4) // 3 sample runs + the fixture, once
  })

  test('an invalid document is 422 with the JSON pointer and nothing is stored', async () => {
    const bad = JSON.stringify([{model_name: 'bert-base-uncased', hardware_type: 'cuda', batch_size: 'eight', throughput_items_per_second: 5}])
    const before = (await getJson(`${t.url}/health`)).body.tables.performance_results
    const {status, body} = await post(bad)
    expect(status).toBe(422)
    expect(body.error.code).toBe('invalid_document')
    expect(body.error.message).toMatch(/at \/0\/batch_size/)
    expect(body.error.details.documents[0]).toMatchObject({status: 'rejected', pointer: '/0/batch_size', expected: 'integer,null'})
    expect((await getJson(`${t.url}/health`)).body.tables.performance_results).toBe(before)
  })

  test('an NDJSON batch stores the good documents and reports the bad one by line', async () => {
    const good = JSON.stringify([{model_name: 'prajjwal1/bert-tiny', model_family: 'bert', hardware_type: 'cpu', batch_size: 4, throughput_items_per_second: 812.5, average_latency_ms: 4.92}])
    const unknown = JSON.stringify({hello: 'world'})
    const {status, body} = await post(`${good}\n\n${unknown}\n`, 'application/x-ndjson')
    expect(status).toBe(422)
    expect(body.error.details.summary.ingested).toBe(1)
    const statuses = body.error.details.documents.map((d: any) => [d.status, d.line])
    expect(statuses).toEqual([['ingested', 1], ['unrecognized', 3]])
    const tiny = await getJson(`${t.url}/api/performance?model=prajjwal1/bert-tiny`)
    expect(tiny.body.items.map((r: any) => r.throughput_items_per_second)).toEqual([812.5])
  })

  test('concurrent retries of the same new document store it once', async () => {
    const doc = JSON.stringify([{model_name: 'concurrent-model', hardware_type: 'cpu', batch_size: 1, throughput_items_per_second: 10}])
    const answers = await Promise.all(Array.from({length: 5}, () => post(doc)))
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201])
    const rows = await getJson(`${t.url}/api/performance?model=concurrent-model`)
    expect(rows.body.total).toBe(1)
  })
})
