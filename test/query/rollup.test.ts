/**
 * The persistent performance rollup (report/rollup.ts) must never change an answer: every report,
 * matrix, comparison and trend is computed through the rollup path and through a direct scan of
 * the same data (a copy of the file without rollup state), and the two must agree, on the sample
 * database and on a generated one with history, --since at a mid-day boundary, rows added after
 * the last refresh, superseded file versions (deleted rows) and compactions.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {copyFileSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {BenchDb} from '../../src/lib/db/bench-db.js'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {refreshRollup, rollupCoverage} from '../../src/lib/report/index.js'
import {answersAt, comparable, directCopy, historyRunTimes, rollupRequests, writeHistory} from '../helpers/query-history.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchdb-'))
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

/** Answers through the rollup at `path` and directly from a copy without it, compared request by request. */
async function expectSameAnswers(path: string, requests: ReturnType<typeof rollupRequests>, tag: string): Promise<void> {
  const direct = await directCopy(path, join(dir, `direct-${tag}.duckdb`))
  const viaRollup = await answersAt(path, requests)
  const reference = await answersAt(direct, requests)
  for (const [label] of requests) {
    expect({label, answer: comparable(viaRollup.get(label))}).toEqual({label, answer: comparable(reference.get(label))})
  }
}

async function coverageOf(path: string) {
  const bench = await BenchDb.open(path, {readOnly: true})
  try {
    return await rollupCoverage(bench)
  } finally {
    bench.close()
  }
}

async function withBench<T>(path: string, fn: (bench: BenchDb) => Promise<T>): Promise<T> {
  const bench = await BenchDb.open(path)
  try {
    return await fn(bench)
  } finally {
    bench.close()
  }
}

describe('rollup path = direct path', () => {
  test('sample database: every report, the matrix, comparisons and trends agree', async () => {
    const path = join(dir, 'sample.duckdb')
    await createDatabase(path, {sampleData: true})
    const r = await refreshRollup(path)
    expect(r.action).toBe('built')
    const rows = await withBench(path, (b) => b.db.scalar<number>('SELECT count(*)::INTEGER FROM performance_results'))
    expect(r.coveredRows).toBe(rows)
    expect((await coverageOf(path))?.rowsAbove).toBe(0)
    await expectSameAnswers(path, rollupRequests('bert-base-uncased', 'cuda'), 'sample')
  }, 120_000)

  describe('generated history', () => {
    const path = () => join(dir, 'history.duckdb')
    const runs = historyRunTimes().length
    const requests = rollupRequests('gpt2', 'cuda')

    beforeAll(async () => {
      await withBench(path(), (b) => writeHistory(b, Array.from({length: runs - 10}, (_, i) => i)))
    }, 60_000)

    test('after a build: read from the rollup alone (and its month buckets for --since)', async () => {
      const r = await refreshRollup(path())
      expect(r.action).toBe('built')
      expect(r.rollupRows).toBeGreaterThan(0)
      const c = await coverageOf(path())
      expect(c).toMatchObject({rowsAbove: 0, compact: true})
      await expectSameAnswers(path(), requests, 'built')
    }, 120_000)

    test('rows written after the refresh are scanned exactly on top of the rollup', async () => {
      await withBench(path(), (b) => writeHistory(b, Array.from({length: 5}, (_, i) => runs - 10 + i)))
      const c = await coverageOf(path())
      expect(c?.rowsAbove).toBeGreaterThan(0)
      await expectSameAnswers(path(), requests, 'delta')
      const r = await refreshRollup(path())
      expect(r.action).toBe('appended')
      expect(await coverageOf(path())).toMatchObject({rowsAbove: 0, compact: false})
      await expectSameAnswers(path(), requests, 'appended')
    }, 180_000)

    test('a superseded file version (rows deleted under the watermark) makes readers scan, and the next refresh rebuilds', async () => {
      await withBench(path(), (b) => writeHistory(b, [3, 17, 30], 1))
      expect(await coverageOf(path())).toBeNull()
      expect((await refreshRollup(path())).action).toBe('built')
      expect(await coverageOf(path())).toMatchObject({rowsAbove: 0, compact: true})
      await expectSameAnswers(path(), requests, 'rebuilt')
    }, 180_000)

    test('a changed run time (not something benchdb does, but cheap to notice) also makes readers scan', async () => {
      const copy = join(dir, 'history-run-time.duckdb')
      copyFileSync(path(), copy)
      await withBench(copy, (b) => b.db.run(`UPDATE test_runs SET started_at = started_at + INTERVAL 40 DAY WHERE run_id = 2`))
      expect(await coverageOf(copy)).toBeNull()
    }, 60_000)

    test('many small refreshes compact the appended partials into one row per key', async () => {
      const actions: string[] = []
      for (let k = 0; k < 9; k++) {
        await withBench(path(), (b) => writeHistory(b, [runs - 5 + (k % 5)], 2 + k))
        actions.push((await refreshRollup(path())).action)
      }
      // Each new version supersedes the last: the first refresh after each rebuilds; then appends.
      expect(actions.every((a) => a === 'built' || a === 'appended')).toBe(true)
      await withBench(path(), async (b) => {
        let compacted = false
        let previous = await b.db.scalar<number>('SELECT segments FROM perf_rollup_state')
        for (let k = 0; k < 10; k++) {
          await b.db.run(`INSERT INTO performance_results (model_id, hardware_id, batch_size, precision, throughput_items_per_second, is_simulated)
            SELECT model_id, hardware_id, 1, 'fp32', ${100 + k}, false FROM performance_results LIMIT 1`)
          expect((await refreshRollup(b)).action).toBe('appended')
          const segments = await b.db.scalar<number>('SELECT segments FROM perf_rollup_state')
          expect(segments).toBeLessThanOrEqual(8)
          if (segments < previous) {
            compacted = true
            const duplicates = await b.db.scalar<number>(
              `SELECT count(*)::INTEGER FROM (SELECT 1 FROM perf_rollup_total GROUP BY model_id, hardware_id, batch_size, precision, is_simulated HAVING count(*) > 1)`,
            )
            expect(duplicates).toBe(0)
          }
          previous = segments
        }
        expect(compacted).toBe(true)
      })
      await expectSameAnswers(path(), requests, 'compacted')
    }, 240_000)
  })
})

describe('refreshRollup', () => {
  test('skips read-only opens and leaves reports correct; unchanged data writes nothing', async () => {
    const path = join(dir, 'ro.duckdb')
    await createDatabase(path, {sampleData: true})
    const ro = await BenchDb.open(path, {readOnly: true})
    try {
      expect((await refreshRollup(ro)).action).toBe('skipped')
      expect(await rollupCoverage(ro)).toBeNull()
    } finally {
      ro.close()
    }
    expect((await refreshRollup(path)).action).toBe('built')
    expect((await refreshRollup(path)).action).toBe('unchanged')
  }, 60_000)
})
