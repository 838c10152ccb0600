import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {countRows} from '../../src/lib/ingest/writer.js'
import {LATEST_SCHEMA_VERSION} from '../../src/schema/migrations.js'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'
import {SAMPLE_HARDWARE, SAMPLE_MODELS, sampleCompatibility, sampleDocs, samplePerformance, sampleRuns} from '../helpers/sample-expectations.js'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(async () => {
  await t.close()
})

describe('GET /health', () => {
  test('reports schema version and row counts equal to the sample inputs', async () => {
    const {status, body} = await getJson(`${t.url}/health`)
    expect(status).toBe(200)
    expect(body.status).toBe('ok')
    expect(body.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
    const expected: Record<string, number> = {}
    for (const d of sampleDocs) for (const [k, v] of Object.entries(countRows(d))) expected[k] = (expected[k] ?? 0) + v
    for (const [table, rows] of Object.entries(expected)) expect(body.tables[table]).toBe(rows)
    expect(body.tables.performance_results).toBe(samplePerformance.length)
    expect(body.tables.models).toBe(SAMPLE_MODELS.length)
    expect(body.tables.source_files).toBe(3)
  })
})

describe('GET /api/models', () => {
  test('lists every model by name with measured result counts and compatible hardware', async () => {
    const {status, body} = await getJson(`${t.url}/api/models`)
    expect(status).toBe(200)
    expect(body.items.map((m: any) => m.model_name)).toEqual(SAMPLE_MODELS.map((m) => m.name).sort())
    const llama = body.items.find((m: any) => m.model_name === 'meta-llama/Llama-3.2-1B')
    expect(llama.model_family).toBe('llama')
    expect(llama.parameters_million).toBe(1236)
    expect(llama.performance_results).toBe(samplePerformance.filter((p) => p.model.name === llama.model_name && !p.simulated).length)
    const compatible = [...new Set(sampleCompatibility.filter((c) => c.model.name === llama.model_name && c.isCompatible).map((c) => c.hardware.type))].sort()
    expect(llama.compatible_hardware).toEqual(compatible)
    expect(llama.compatible_hardware).not.toContain('qnn')
  })

  test('filters by family', async () => {
    const {body} = await getJson(`${t.url}/api/models?family=whisper`)
    expect(body.items.map((m: any) => m.model_name)).toEqual(['openai/whisper-tiny'])
  })
})

describe('GET /api/hardware', () => {
  test('lists the eight platforms with measured and simulated counts', async () => {
    const {status, body} = await getJson(`${t.url}/api/hardware`)
    expect(status).toBe(200)
    expect(body.items.map((h: any) => h.hardware_type)).toEqual(SAMPLE_HARDWARE.map((h) => h.type).sort())
    const qnn = body.items.find((h: any) => h.hardware_type === 'qnn')
    expect(qnn.device_name).toBe('Snapdragon 8 Gen 3')
    expect(qnn.performance_results).toBe(0)
    expect(qnn.simulated_results).toBe(samplePerformance.filter((p) => p.hardware.type === 'qnn').length)
    const cuda = body.items.find((h: any) => h.hardware_type === 'cuda')
    expect(cuda.memory_gb).toBe(80)
    expect(cuda.performance_results).toBe(samplePerformance.filter((p) => p.hardware.type === 'cuda').length)
  })
})

describe('GET /api/runs', () => {
  test('newest first with per-run counts, paginated', async () => {
    const {body} = await getJson(`${t.url}/api/runs?limit=2`)
    expect(body.total).toBe(3)
    expect(body.nextOffset).toBe(2)
    expect(body.items.map((r: any) => r.test_name)).toEqual(['nightly-benchmark-3', 'nightly-benchmark-2'])
    expect(body.items[0].started_at).toBe(new Date(sampleRuns[2].startedAt!).toISOString())
    expect(body.items[0].git_commit).toBe('c3d4e5f')
    expect(body.items[0].performance_results).toBe(sampleDocs[2].performance.length)
    expect(body.items[0].compatibility_results).toBe(sampleDocs[2].compatibility.length)
    const last = await getJson(`${t.url}/api/runs?limit=2&offset=2`)
    expect(last.body.items.map((r: any) => r.test_name)).toEqual(['nightly-benchmark-1'])
    expect(last.body.nextOffset).toBeNull()
  })

  test('since filters by run time; a bad date is a 400 in the error shape', async () => {
    expect((await getJson(`${t.url}/api/runs?since=2025-03-08`)).body.total).toBe(2)
    const bad = await getJson(`${t.url}/api/runs?since=2025-13-45`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('bad_request')
    expect(bad.body.error.message).toMatch(/since/)
  })
})

describe('GET /api/performance', () => {
  test('filters by model and hardware, newest first, exact values from the sample inputs', async () => {
    const {status, body} = await getJson(`${t.url}/api/performance?model=bert-base-uncased&hardware=cuda`)
    expect(status).toBe(200)
    const expected = samplePerformance.filter((p) => p.model.name === 'bert-base-uncased' && p.hardware.type === 'cuda')
    expect(body.total).toBe(expected.length)
    expect(body.total).toBe(9)
    // Newest run first; inside a run, later inserts (bigger batches) first.
    const newest = expected.filter((p) => p.runIndex === 2).reverse()
    expect(body.items.slice(0, 3).map((r: any) => r.batch_size)).toEqual([32, 8, 1])
    body.items.slice(0, 3).forEach((r: any, i: number) => {
      expect(r.throughput_items_per_second).toBe(newest[i].throughputItemsPerSecond)
      expect(r.average_latency_ms).toBe(newest[i].averageLatencyMs)
      expect(r.memory_peak_mb).toBe(newest[i].memoryPeakMb)
      expect(r.precision).toBe('fp16')
      expect(r.device_name).toBe('NVIDIA A100-SXM4-80GB')
      expect(r.measured_at).toBe('2025-03-15T02:00:00.000Z')
      expect(r.is_simulated).toBe(false)
    })
  })

  test('family, batch size, precision and since combine', async () => {
    const {body} = await getJson(`${t.url}/api/performance?family=vit&batch_size=8&precision=fp32&since=2025-03-08`)
    const expected = samplePerformance.filter(
      (p) => p.model.family === 'vit' && p.batchSize === 8 && p.precision === 'fp32' && p.runIndex >= 1 && !p.simulated,
    )
    expect(body.total).toBe(expected.length)
    expect(body.total).toBeGreaterThan(0)
    expect(new Set(body.items.map((r: any) => r.hardware_type))).toEqual(new Set(expected.map((p) => p.hardware.type)))
  })

  test('simulated rows only with include_simulated=true', async () => {
    const qnn = samplePerformance.filter((p) => p.hardware.type === 'qnn')
    expect(qnn.length).toBeGreaterThan(0)
    expect((await getJson(`${t.url}/api/performance?hardware=qnn`)).body.total).toBe(0)
    const incl = await getJson(`${t.url}/api/performance?hardware=qnn&include_simulated=true&limit=1000`)
    expect(incl.body.total).toBe(qnn.length)
    expect(incl.body.items.every((r: any) => r.is_simulated === true)).toBe(true)
    const all = await getJson(`${t.url}/api/performance?include_simulated=1&limit=1`)
    expect(all.body.total).toBe(samplePerformance.length)
  })

  test('pages walk every row exactly once', async () => {
    const seen = new Set<number>()
    let offset: number | null = 0
    while (offset !== null) {
      const {body}: {body: any} = await getJson(`${t.url}/api/performance?limit=100&offset=${offset}`)
      for (const r of body.items) seen.add(r.result_id)
      offset = body.nextOffset
    }
    expect(seen.size).toBe(samplePerformance.filter((p) => !p.simulated).length)
    const past = await getJson(`${t.url}/api/performance?offset=100000`)
    expect(past.body.items).toEqual([])
    expect(past.body.total).toBe(seen.size)
  })

  test.each([
    ['limit=1001', '/limit'],
    ['limit=0', '/limit'],
    ['offset=-1', '/offset'],
    ['batch_size=abc', '/batch_size'],
    ['include_simulated=maybe', '/include_simulated'],
  ])('rejects %s with 400 and a pointer', async (qs, pointer) => {
    const {status, body} = await getJson(`${t.url}/api/performance?${qs}`)
    expect(status).toBe(400)
    expect(body.error.code).toBe('bad_request')
    expect(body.error.details.issues[0].pointer).toBe(pointer)
  })

  test('an unknown model is an empty page, not an error', async () => {
    const {status, body} = await getJson(`${t.url}/api/performance?model=no-such-model`)
    expect(status).toBe(200)
    expect(body).toEqual({items: [], total: 0, limit: 100, offset: 0, nextOffset: null})
  })
})
