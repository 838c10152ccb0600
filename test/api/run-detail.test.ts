import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'
import {runDisplayName} from '../../src/lib/catalog/run-detail.js'

describe('GET /api/runs/{id}', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer()
  }, 60_000)
  afterAll(() => t.close())

  test('a run with its context, its ledger row and its results, each metric in its unit', async () => {
    const runs = (await getJson(`${t.url}/api/runs?limit=10`)).body.items as Array<{run_id: number; test_name: string}>
    const run = runs.find((r) => r.test_name === 'nightly-benchmark-1')!
    const res = await getJson(`${t.url}/api/runs/${run.run_id}`)
    expect(res.status).toBe(200)
    const d = res.body
    expect(d.name).toBe('nightly-benchmark-1')
    expect(d.run).toMatchObject({run_id: run.run_id, test_name: 'nightly-benchmark-1', git_commit: 'a1b2c3d', git_branch: 'main'})
    expect(d.file).toMatchObject({status: 'ingested', shape: 'benchdb-sample'})
    expect(d.file.rows_written.performance_results).toBe(d.counts.performance)
    // Every contract metric of a result comes back in the unit of its column.
    const withThroughput = d.results.find((r: any) => r.throughput_items_per_second !== null)
    const tp = withThroughput.metrics.find((m: any) => m.metric === 'throughput')
    expect(tp).toEqual({metric: 'throughput', value: withThroughput.throughput_items_per_second, unit: 'items/s'})
    const lat = withThroughput.metrics.find((m: any) => m.metric === 'latency')
    expect(lat).toEqual({metric: 'latency', value: withThroughput.average_latency_ms, unit: 'ms'})
  })

  test('an unknown run is 404 with the error shape; a non-numeric id is 400', async () => {
    const missing = await getJson(`${t.url}/api/runs/999999`)
    expect(missing.status).toBe(404)
    expect(missing.body.error).toMatchObject({code: 'not_found', message: 'no run has id 999999'})
    expect((await getJson(`${t.url}/api/runs/abc`)).status).toBe(400)
  })
})

describe('run display names', () => {
  test('a run name wins; a content-hash test name gives way to the commit, then the file name', () => {
    const hash = 'ab'.repeat(32)
    expect(runDisplayName({run_name: 'nightly', test_name: 'x'})).toBe('nightly')
    expect(runDisplayName({test_name: 'bert cpu run'})).toBe('bert cpu run')
    expect(runDisplayName({test_name: hash, git_commit: '0123456789abcdef'})).toBe('commit 0123456789')
    expect(runDisplayName({test_name: hash}, 'results/2025/bert_cpu.json')).toBe('bert_cpu.json')
  })
})
