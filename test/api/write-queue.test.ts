import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ResponseCache} from '../../src/api/response-cache.js'
import {WriteQueue} from '../../src/api/write-queue.js'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {refreshRollup, rollupCoverage} from '../../src/lib/report/rollup.js'

/** Group commit of POST /api/results: requests queued behind a write share the next transaction. */
let dir: string
let bench: BenchDb
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'benchdb-'))
  await createDatabase(join(dir, 'b.duckdb'), {sampleData: true})
  bench = await BenchDb.open(join(dir, 'b.duckdb'))
})
afterAll(() => {
  bench.close()
  rmSync(dir, {recursive: true, force: true})
})

const doc = (model: string, throughput: number) => ({bytes: JSON.stringify([{model_name: model, hardware_type: 'cpu', batch_size: 1, throughput_items_per_second: throughput}])})
const rowsOf = (model: string) => bench.db.all<{t: number}>(`SELECT pr.throughput_items_per_second AS t FROM performance_results pr JOIN models m USING (model_id) WHERE m.model_name = ? ORDER BY t`, [model])

describe('WriteQueue', () => {
  test('requests arriving while one is written go together into the next transaction, each answered for its own documents', async () => {
    const cache = new ResponseCache()
    const queue = new WriteQueue(bench, cache)
    const answers = await Promise.all([
      queue.submit([doc('wq-a', 1)]),
      queue.submit([doc('wq-b', 2), doc('wq-b', 3)]),
      queue.submit([{bytes: '{"hello": "world"}'}]),
      queue.submit([doc('wq-a', 1)]), // the same bytes as the first request: already stored by then
      queue.submit([doc('wq-c', 4)]),
    ])
    // The first request starts a write at once; the four queued behind it share one transaction.
    expect(queue.groups).toBe(2)
    expect(answers.map((a) => a.documents.map((d) => d.status))).toEqual([['ingested'], ['ingested', 'ingested'], ['unrecognized'], ['unchanged'], ['ingested']])
    expect(answers.map((a) => [a.summary.ingested, a.summary.unchanged, a.summary.unrecognized, a.summary.rows.performance_results ?? 0])).toEqual([
      [1, 0, 0, 1], [2, 0, 0, 2], [0, 0, 1, 0], [0, 1, 0, 0], [1, 0, 0, 1],
    ])
    expect((await rowsOf('wq-a')).map((r) => r.t)).toEqual([1])
    expect((await rowsOf('wq-b')).map((r) => r.t)).toEqual([2, 3])
    expect((await rowsOf('wq-c')).map((r) => r.t)).toEqual([4])
    // Each commit told the cache which models it wrote.
    expect(cache.stats.writes).toBe(2)
  })

  test('the same new document twice in one group is stored once', async () => {
    const queue = new WriteQueue(bench, new ResponseCache())
    const first = queue.submit([doc('wq-d', 7)]) // goes alone
    const [a, b] = await Promise.all([queue.submit([doc('wq-e', 8)]), queue.submit([doc('wq-e', 8)]), first])
    expect(queue.groups).toBe(2)
    expect([a.documents[0].status, b.documents[0].status]).toEqual(['ingested', 'unchanged'])
    expect((await rowsOf('wq-e')).map((r) => r.t)).toEqual([8])
  })

  test('a request soon after a transaction started waits for the interval and shares the next one with later arrivals; after a quiet interval one starts at once', async () => {
    const queue = new WriteQueue(bench, new ResponseCache(), {minIntervalMs: 1500})
    const t0 = performance.now()
    await queue.submit([doc('wq-f', 1)]) // nothing before it: at once
    const alone = performance.now() - t0
    expect(alone).toBeLessThan(1500)
    // Within the interval of the first start: these two wait and share one transaction.
    const b = queue.submit([doc('wq-f', 2)])
    await new Promise((r) => setTimeout(r, 50))
    const c = queue.submit([doc('wq-f', 3)])
    const [rb, rc] = await Promise.all([b, c])
    expect(queue.groups).toBe(2)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1490) // acknowledged only after their commit, at the interval
    expect([rb.summary.ingested, rc.summary.ingested]).toEqual([1, 1])
    expect((await rowsOf('wq-f')).map((r) => r.t)).toEqual([1, 2, 3])
    // A quiet interval later: the next request does not wait.
    await new Promise((r) => setTimeout(r, 1500))
    const t1 = performance.now()
    await queue.submit([doc('wq-f', 4)])
    expect(performance.now() - t1).toBeLessThan(1500)
    expect(queue.groups).toBe(3)
  })

  test('the performance rollup catches up after a quiet moment, and at shutdown, never inside a POST', async () => {
    await refreshRollup(bench)
    const before = await rollupCoverage(bench)
    expect(before?.rowsAbove).toBe(0)
    const queue = new WriteQueue(bench, new ResponseCache(), {rollupQuietMs: 300})
    await queue.submit([doc('wq-r', 1)])
    // Acknowledged before any refresh: the new row is above the watermark, still exact for reports.
    expect(queue.rollupRefreshes).toBe(0)
    expect((await rollupCoverage(bench))?.rowsAbove).toBe(1)
    await new Promise((r) => setTimeout(r, 800))
    expect(queue.rollupRefreshes).toBe(1)
    const after = await rollupCoverage(bench)
    expect(after?.rowsAbove).toBe(0)
    expect(after!.watermark).toBeGreaterThan(before!.watermark)
    // Nothing new: no refresh. A write then shutdown (idle): refreshed before the server closes.
    await queue.idle()
    expect(queue.rollupRefreshes).toBe(1)
    await queue.submit([doc('wq-r', 2)])
    await queue.idle()
    expect(queue.rollupRefreshes).toBe(2)
    expect((await rollupCoverage(bench))?.rowsAbove).toBe(0)
  })
})
