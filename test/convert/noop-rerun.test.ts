/**
 * The no-op rerun's fast path: the scan runs ahead of the engine (ScanAhead), a small ledger is
 * read whole in one query (LedgerIndex.preload), and the rollup is refreshed only when something
 * was written or it lags the tables (an earlier run stopped between its last commit and its
 * refresh). Each is proven by what it changes or keeps: paths and their order, query counts,
 * decisions, and the rollup's recorded state read back from the database.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdirSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {convertFiles} from '../../src/lib/ingest/convert.js'
import {openScan, type ScanItem} from '../../src/lib/ingest/discover.js'
import {LedgerIndex, PRELOAD_MAX_LEDGER} from '../../src/lib/ingest/ledger-index.js'
import {DEFAULT_MAX_FILE_SIZE} from '../../src/lib/ingest/read-file.js'
import {ScanAhead} from '../../src/lib/ingest/scan-ahead.js'
import {IngestSession} from '../../src/lib/ingest/session.js'
import {submitFiles} from '../../src/lib/ingest/submit-files.js'
import {cleanup, tempDir} from '../helpers/convert.js'
import {starRowsText, writeCorpus} from '../helpers/star-rows-corpus.js'

describe('ScanAhead', () => {
  let dir: string
  beforeAll(() => {
    dir = tempDir()
    writeCorpus(join(dir, 'in'), 700)
    mkdirSync(join(dir, 'in', 'x.json'))
  })
  afterAll(() => cleanup(dir))

  async function paths(it: AsyncIterable<ScanItem>): Promise<string[]> {
    const out: string[] = []
    for await (const i of it) out.push(`${i.kind}:${i.path}`)
    return out
  }

  test('gives the paths and problems of the scan, in its order, holding at most its limit ahead', async () => {
    const expected = await paths(openScan({inputDirs: [join(dir, 'in')]}).items())
    expect(expected.length).toBe(701)
    expect(expected.filter((p) => p.startsWith('problem:'))).toEqual([`problem:${join(dir, 'in', 'x.json')}`])
    const ahead = new ScanAhead(openScan({inputDirs: [join(dir, 'in')]}).batches(), 300)
    // Left alone, it scans ahead up to its limit (batches of up to 256 paths), then waits.
    await new Promise((r) => setTimeout(r, 200))
    expect(ahead.waiting).toBeGreaterThanOrEqual(300)
    expect(ahead.waiting).toBeLessThan(300 + 256)
    expect(await paths(ahead)).toEqual(expected)
    expect(ahead.waiting).toBe(0)
  })

  test('an error of the scan reaches the consumer after the paths before it; close() stops the scan', async () => {
    const item = (n: number): ScanItem => ({kind: 'file', path: `/p/${n}`, size: 1, mtimeMs: 1})
    async function* failing(): AsyncGenerator<ScanItem[]> {
      yield [item(1), item(2)]
      throw new Error('listing failed')
    }
    const got: string[] = []
    await expect(
      (async () => {
        for await (const i of new ScanAhead(failing())) got.push(i.path)
      })(),
    ).rejects.toThrow('listing failed')
    expect(got).toEqual(['/p/1', '/p/2'])

    let pulled = 0
    let finished = false
    async function* endless(): AsyncGenerator<ScanItem[]> {
      try {
        for (;;) yield [item(pulled++)]
      } finally {
        finished = true
      }
    }
    const ahead = new ScanAhead(endless(), 10)
    expect((await ahead.next()).value).toEqual(item(0))
    await ahead.close()
    const at = pulled
    await new Promise((r) => setTimeout(r, 50))
    expect(pulled).toBe(at)
    expect(finished).toBe(true)
    expect((await ahead.next()).done).toBe(true)
  })
})

describe('LedgerIndex.preload', () => {
  let root: string
  let input: string
  let other: string
  let db: string
  const N = 300
  beforeAll(async () => {
    root = tempDir()
    input = join(root, 'in')
    other = join(root, 'other')
    db = join(root, 'b.duckdb')
    writeCorpus(input, N)
    writeCorpus(other, 20, 5000)
    const r = await convertFiles(db, {inputDirs: [input, other], workers: 0})
    expect(r.summary.ingested).toBe(N + 20)
  }, 120_000)
  afterAll(() => cleanup(root))

  async function withIndex<T>(fn: (bench: BenchDb, index: LedgerIndex) => Promise<T>): Promise<T> {
    const bench = await BenchDb.open(db)
    try {
      return await fn(bench, await LedgerIndex.load(bench.db))
    } finally {
      bench.close()
    }
  }

  test('a no-op rerun is decided from one query (plus a count), whatever the chunk size', async () => {
    const {summary, stats, preloaded} = await withIndex(async (bench, index) => {
      void index.preload([input])
      const session = new IngestSession(bench, index, {batchFiles: 100})
      await submitFiles(session, new ScanAhead(openScan({inputDirs: [input]}).batches()), {maxFileSize: DEFAULT_MAX_FILE_SIZE, workers: 0, chunkFiles: 64})
      await session.finish()
      return {summary: session.summary.finish(), stats: index.stats, preloaded: index.isPreloaded}
    })
    expect(preloaded).toBe(true)
    expect(summary.unchanged).toBe(N)
    expect(summary.bytesRead).toBe(0)
    // The rows under `input` only (not those of `other`), fetched by the single preload query.
    expect(stats.queries).toBe(1)
    expect(stats.rowsFetched).toBe(N)
  }, 60_000)

  test('paths outside the preloaded directories are looked up; rows written later answer for their paths', async () => {
    await withIndex(async (_bench, index) => {
      await index.preload([input])
      const inside = join(input, 'batch_000', 'perf_000000.json')
      const outside = join(other, 'batch_000', 'perf_000003.json')
      const fresh = join(input, 'new', 'fresh.json')
      expect(index.peek(inside)?.status).toBe('ingested')
      // Under the roots, a path the ledger lacks is known to be new without a query.
      expect(index.peek(fresh)).toBeNull()
      expect(index.peek(outside)).toBeUndefined()
      const before = index.stats.queries
      await index.lookupPaths([inside, outside, fresh])
      expect(index.stats.queries).toBe(before + 1)
      expect(index.peek(outside)?.status).toBe('ingested')
      // A row this session writes is what later lookups of its path see.
      const cur = index.peek(inside)!
      index.add({...cur, id: 99_999, size: 1, sha256: 'f'.repeat(64)}, cur)
      index.add({id: 100_000, path: fresh, sha256: 'e'.repeat(64), size: 2, mtimeUs: 2, status: 'ingested', category: 'performance', shape: 'star_rows', reason: null})
      expect(index.peek(inside)?.id).toBe(99_999)
      expect(index.peek(fresh)?.id).toBe(100_000)
    })
  })

  test('a chunk looked up while preloaded stays known when the run outgrows the preload halfway through it', async () => {
    await withIndex(async (_bench, index) => {
      await index.preload([input])
      const chunk = Array.from({length: 50}, (_, i) => join(input, 'late', `f${i}.json`))
      await index.lookupPaths(chunk)
      // The run writes past the bound: the preload is dropped.
      for (let i = 0; index.isPreloaded && i < PRELOAD_MAX_LEDGER + 1; i++) {
        index.add({id: 200_000 + i, path: join(input, 'written', `w${i}.json`), sha256: null, size: 1, mtimeUs: 1, status: 'rejected', category: null, shape: null, reason: 'x'})
      }
      expect(index.isPreloaded).toBe(false)
      // The rest of the chunk is still answered without a query (each would scan the ledger).
      const before = index.stats.queries
      for (const p of chunk) expect(await index.row(p)).toBeNull()
      expect(index.stats.queries).toBe(before)
    })
  })

  test(`a ledger of more than ${PRELOAD_MAX_LEDGER} rows is not loaded (lookups stay chunked and bounded)`, async () => {
    const big = join(root, 'big.duckdb')
    const bench = await BenchDb.open(big)
    try {
      await bench.db.run(`INSERT INTO source_files (source_file_id, path, sha256, size_bytes, mtime, status)
        SELECT range + 1, '${input}/synthetic/' || range || '.json', sha256(range::VARCHAR), 10, TIMESTAMP '2020-01-01', 'ingested'
        FROM range(${PRELOAD_MAX_LEDGER + 1})`)
      const index = await LedgerIndex.load(bench.db)
      await index.preload([input])
      expect(index.isPreloaded).toBe(false)
      expect(index.heldEntries).toBe(0)
      const p = `${input}/synthetic/7.json`
      expect(index.peek(p)).toBeUndefined()
      await index.lookupPaths([p])
      expect(index.peek(p)?.size).toBe(10)
    } finally {
      bench.close()
    }
  }, 60_000)
})

describe('the rollup after a run that writes nothing', () => {
  let root: string
  let input: string
  let db: string
  beforeAll(async () => {
    root = tempDir()
    input = join(root, 'in')
    db = join(root, 'b.duckdb')
    writeCorpus(input, 40)
    const r = await convertFiles(db, {inputDirs: [input], workers: 0})
    expect(r.summary.ingested).toBe(40)
  }, 120_000)
  afterAll(() => cleanup(root))

  async function state(): Promise<{watermark: number; coveredRows: number; maxId: number; rows: number; refreshedAt: string}> {
    const bench = await BenchDb.open(db, {readOnly: true})
    try {
      return (await bench.db.one(`SELECT s.watermark::DOUBLE AS watermark, s.covered_rows::DOUBLE AS "coveredRows", s.refreshed_at::VARCHAR AS "refreshedAt",
          (SELECT max(result_id) FROM performance_results)::DOUBLE AS "maxId", (SELECT count(*) FROM performance_results)::DOUBLE AS rows
        FROM perf_rollup_state s`)) as never
    } finally {
      bench.close()
    }
  }

  test('is left untouched by a rerun that writes nothing when it covers the tables', async () => {
    const before = await state()
    expect(before.watermark).toBe(before.maxId)
    const r = await convertFiles(db, {inputDirs: [input], workers: 0})
    expect(r.summary.unchanged).toBe(40)
    expect(await state()).toEqual(before)
  }, 60_000)

  test('is brought up to date when an earlier run committed files and stopped before refreshing it', async () => {
    // What a run killed between its last commit and its refresh leaves: new files committed
    // (the same engine db:convert runs), the rollup not refreshed.
    mkdirSync(join(input, 'late'))
    for (let i = 0; i < 10; i++) writeFileSync(join(input, 'late', `l${i}.json`), starRowsText(9000 + i))
    const bench = await BenchDb.open(db)
    try {
      const session = new IngestSession(bench, await LedgerIndex.load(bench.db), {})
      await submitFiles(session, openScan({inputDirs: [input]}).items(), {maxFileSize: DEFAULT_MAX_FILE_SIZE, workers: 0})
      await session.finish()
      expect(session.summary.finish().ingested).toBe(10)
    } finally {
      bench.close()
    }
    const stale = await state()
    expect(stale.maxId).toBeGreaterThan(stale.watermark)

    // The rerun finds every file unchanged, writes no file, and still refreshes the rollup.
    const r = await convertFiles(db, {inputDirs: [input], workers: 0})
    expect(r.summary.unchanged).toBe(50)
    expect(r.summary.ingested).toBe(0)
    const after = await state()
    expect(after.watermark).toBe(after.maxId)
    expect(after.coveredRows).toBe(after.rows)
    expect(after.rows).toBe(stale.rows)
  }, 60_000)

  test('is refreshed when a file changed (a run that writes), as before', async () => {
    const f = join(input, 'late', 'l0.json')
    writeFileSync(f, starRowsText(9100))
    utimesSync(f, new Date(), new Date(2031, 0, 1))
    const r = await convertFiles(db, {inputDirs: [input], workers: 0})
    expect(r.summary.newVersions).toBe(1)
    const after = await state()
    expect(after.watermark).toBe(after.maxId)
    expect(after.coveredRows).toBe(after.rows)
  }, 60_000)
})
