/**
 * The native format and the inferring fallback over HTTP: the schema is served byte for byte and
 * documented, POST /api/results takes native and inferable documents, the values come back from
 * GET /api/performance (inferred rows marked, hidden with inferred=false), and a malformed native
 * document is a 422 with its JSON pointer and expectation, with nothing written.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'
import {ROOT} from '../helpers/cli.js'

const TOKEN = 'native-token-17'
const SCHEMA = readFileSync(join(ROOT, 'src', 'schema', 'formats', 'benchdb-result-v1.schema.json'), 'utf8')
const BY_HARDWARE = readFileSync(join(ROOT, 'test', 'fixtures', 'inferred', 'by_hardware.json'), 'utf8')
const NATIVE = {
  format: 'benchdb-result', version: 1, tool: 'http-test',
  run: {name: 'http-run', started_at: '2026-04-02T08:00:00Z', machine: 'ci-box-3', git: {commit: 'c0ffee1', branch: 'main'}},
  results: [{
    model: 'prajjwal1/bert-tiny', hardware: {type: 'cuda', device: 'NVIDIA L4'}, precision: 'fp16', batch_size: 32, test_case: 'classify',
    metrics: {latency: {value: 2.5, unit: 'ms'}, throughput: {value: 12800, unit: 'items/s'}, memory_peak: {value: 512, unit: 'MiB'}},
  }],
}

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({token: TOKEN})
})
afterAll(async () => {
  await t.close()
})

const post = (body: string) => getJson(`${t.url}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`}, body})
const performance = async (query: string) => (await getJson(`${t.url}/api/performance?${query}`)).body as {total: number; items: any[]}

describe('native format and inferred rows over HTTP', () => {
  test('GET /api/schemas/benchdb-result-v1.json serves the shipped schema, and the OpenAPI document lists it', async () => {
    const res = await fetch(`${t.url}/api/schemas/benchdb-result-v1.json`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/schema+json; charset=utf-8')
    expect(await res.text()).toBe(SCHEMA)
    expect((await fetch(`${t.url}/api/schemas/other.json`)).status).toBe(400)
    const doc = (await getJson(`${t.url}/openapi.json`)).body
    expect(doc.paths['/api/schemas/{name}'].get.parameters[0].schema.enum).toEqual(['benchdb-result-v1.json'])
    expect(doc.paths['/api/performance'].get.parameters.map((p: any) => p.name)).toContain('inferred')
  })

  test('POST a native document: 201, and GET /api/performance gives the values back in their columns and units', async () => {
    const {status, body} = await post(JSON.stringify(NATIVE))
    expect(status).toBe(201)
    expect(body.documents[0]).toMatchObject({status: 'ingested', shape: 'benchdb_result', category: 'performance'})
    const {items} = await performance('model=prajjwal1/bert-tiny&hardware=cuda')
    expect(items).toHaveLength(1)
    const r = NATIVE.results[0]
    expect(items[0]).toMatchObject({
      device_name: r.hardware.device, precision: 'fp16', batch_size: 32, test_case: 'classify',
      average_latency_ms: r.metrics.latency.value, throughput_items_per_second: r.metrics.throughput.value,
      is_inferred: false, source_pointer: '/results/0',
    })
    // 512 MiB = 512 x 2^20 bytes = 536.870912 MB (10^6 bytes).
    expect(items[0].memory_peak_mb).toBeCloseTo((512 * 2 ** 20) / 1e6, 9)
  })

  test('POST an unknown layout with recognisable measurements: inferred rows, marked, hidden with inferred=false', async () => {
    const {status, body} = await post(BY_HARDWARE)
    expect(status).toBe(201)
    expect(body.documents[0]).toMatchObject({status: 'ingested', shape: 'inferred'})
    const doc = JSON.parse(BY_HARDWARE)
    const shown = await performance('model=resnet50')
    expect(shown.items.map((i) => [i.hardware_type, i.is_inferred, i.source_pointer, i.average_latency_ms]).sort()).toEqual([
      ['cpu', true, '/results/cpu', doc.results.cpu.avg_time_ms],
      ['cuda', true, '/results/cuda', doc.results.cuda.avg_time_ms],
    ])
    expect((await performance('model=resnet50&inferred=false')).total).toBe(0)
    expect((await performance('model=prajjwal1/bert-tiny&hardware=cuda&inferred=false')).total).toBe(1)
  })

  test('a malformed native document is a 422 with the JSON pointer and the expectation; nothing is written', async () => {
    const before = (await getJson(`${t.url}/health`)).body.tables
    const bad = {...NATIVE, run: {...NATIVE.run, name: 'bad-run'}, results: [{...NATIVE.results[0], metrics: {latency: {value: 2.5, unit: 'tokens/s'}}}]}
    const {status, body} = await post(JSON.stringify(bad))
    expect(status).toBe(422)
    expect(body.error.details.documents[0]).toMatchObject({status: 'rejected', shape: 'benchdb_result', pointer: '/results/0/metrics/latency/unit', expected: 'a time unit convertible to ms'})
    const after = (await getJson(`${t.url}/health`)).body.tables
    // Every fact table is unchanged; only the ledger records the rejection.
    const {source_files: ledgerBefore, ...factsBefore} = before
    const {source_files: ledgerAfter, ...factsAfter} = after
    expect(Object.keys(factsBefore)).toEqual(expect.arrayContaining(['performance_results', 'test_runs', 'performance_batch_results']))
    expect(factsAfter).toEqual(factsBefore)
    expect(ledgerAfter).toBe(ledgerBefore + 1)
  })
})
