import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdirSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {globby} from 'globby'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {convertFiles} from '../../src/lib/ingest/convert.js'
import {discoverFiles, openScan} from '../../src/lib/ingest/discover.js'
import {LedgerIndex} from '../../src/lib/ingest/ledger-index.js'
import {DEFAULT_MAX_FILE_SIZE} from '../../src/lib/ingest/read-file.js'
import {IngestSession} from '../../src/lib/ingest/session.js'
import {submitFiles, WINDOW_FILES} from '../../src/lib/ingest/submit-files.js'
import {cleanup, tempDir} from '../helpers/convert.js'
import {starRowsText, writeCorpus} from '../helpers/star-rows-corpus.js'

/**
 * db:convert streams: the scan walks one directory at a time and the ledger is looked up a
 * chunk at a time, so what is held in JS is bounded by the chunk and cache sizes, not by the
 * number of files. Proven with counters (not timings): lookups stay within the chunk, the cache
 * within its bound, while the decisions are those of a run that holds everything.
 */
describe('streaming scan order', () => {
  let dir: string
  beforeAll(() => {
    dir = tempDir()
    // Names whose order depends on treating directories as "name/": '-' and '.' sort before '/'.
    for (const d of ['a', 'a-b', 'a.json', 'a/b', 'a/b-c', 'z', '.hidden', 'a b']) mkdirSync(join(dir, d), {recursive: true})
    for (const f of ['a-b.json', 'a/x.json', 'a/b.json', 'a/b/y.json', 'a/b-c/q.json', 'a-b/x.json', 'a.json/inner.json', 'z/last.json', '.hidden/no.json', '.dot.json', 'a b/sp.json', 'a/notes.txt', 'a/notes.md']) {
      writeFileSync(join(dir, f), '[]')
    }
    symlinkSync(join(dir, 'a', 'x.json'), join(dir, 'z', 'link.json'))
    symlinkSync(join(dir, 'a'), join(dir, 'z', 'dirlink'))
  })
  afterAll(() => cleanup(dir))

  test('files come in the order of a global sort of the paths globby lists, problems at their place', async () => {
    // JSON files and the text names a text reader may claim (.txt here); never other files (notes.md).
    const expected = (await globby('**/*.{json,jsonl,ndjson,txt,log}', {cwd: dir, absolute: true, followSymbolicLinks: false, onlyFiles: false})).sort()
    const items: string[] = []
    for await (const i of openScan({inputDirs: [dir]}).items()) items.push(i.path)
    expect(items).toEqual(expected)
    expect(items.map((p) => p.slice(dir.length + 1))).toEqual([
      'a b/sp.json', 'a-b.json', 'a-b/x.json', 'a.json', 'a.json/inner.json', 'a/b-c/q.json', 'a/b.json', 'a/b/y.json', 'a/notes.txt', 'a/x.json', 'z/last.json', 'z/link.json',
    ])
    const d = await discoverFiles({inputDirs: [dir]})
    expect(d.problems.map((p) => [p.path.slice(dir.length + 1), p.reason])).toEqual([['a.json', 'is a directory named like a JSON file']])
  })

  test('--exclude gives what globby gives with the same ignore patterns (an excluded directory is not entered)', async () => {
    for (const ignore of [['a/b/**'], ['**/x.json'], ['a'], ['a-b/**', 'z/*.json']]) {
      const expected = (await globby('**/*.{json,jsonl,ndjson,txt,log}', {cwd: dir, absolute: true, followSymbolicLinks: false, onlyFiles: false, ignore})).sort()
      const items: string[] = []
      for await (const i of openScan({inputDirs: [dir], exclude: ignore}).items()) items.push(i.path)
      expect({ignore, items}).toEqual({ignore, items: expected})
    }
  })

  test('an input directory inside another is walked once', async () => {
    const d = await discoverFiles({inputDirs: [join(dir, 'a'), dir]})
    expect(d.files.length).toBe(new Set(d.files.map((f) => f.path)).size)
    expect(d.files.length).toBe(11) // 10 JSON files and a/notes.txt
  })
})

describe('bounded ledger lookups', () => {
  let root: string
  let input: string
  let db: string
  const N = 1200
  beforeAll(async () => {
    root = tempDir()
    input = join(root, 'in')
    db = join(root, 'b.duckdb')
    writeCorpus(input, N)
    let total = -1
    const r = await convertFiles(db, {inputDirs: [input], workers: 0, onStart: (n) => (total = n)})
    expect(r.summary.ingested).toBe(N)
    expect(total).toBe(N)
  }, 120_000)
  afterAll(() => cleanup(root))

  /** A run through the engine with a small cache and chunk (the production ratio, 4:1). */
  async function run(cache: number, chunk: number) {
    const bench = await BenchDb.open(db)
    try {
      const index = await LedgerIndex.load(bench.db, {cacheEntries: cache})
      const session = new IngestSession(bench, index, {batchFiles: 100})
      await submitFiles(session, openScan({inputDirs: [input]}).items(), {maxFileSize: DEFAULT_MAX_FILE_SIZE, workers: 0, chunkFiles: chunk})
      await session.finish()
      return {summary: session.summary.finish(), stats: index.stats}
    } finally {
      bench.close()
    }
  }

  test('a no-op rerun of 1,200 files: one query per chunk of 64 paths, never more than 2 x 256 paths held', async () => {
    const {summary, stats} = await run(256, 64)
    expect(summary.unchanged).toBe(N)
    expect(summary.ingested).toBe(0)
    expect(stats.queries).toBe(Math.ceil(N / 64))
    expect(stats.largestLookup).toBe(64)
    expect(stats.rowsFetched).toBe(N)
    // The two generations of the path cache (hashes are never needed: nothing is read).
    expect(stats.mostHeld).toBeLessThanOrEqual(2 * 256)
  }, 60_000)

  test('changed, new and duplicate files decided as with the whole ledger in memory, the cache still bounded', async () => {
    // 60 files rewritten (new versions), 60 new files, 40 new copies of stored content, 30 touched only.
    for (let i = 0; i < 60; i++) writeFileSync(join(input, 'batch_000', `perf_${String(i).padStart(6, '0')}.json`), starRowsText(10_000 + i))
    mkdirSync(join(input, 'zz_new'))
    for (let i = 0; i < 60; i++) writeFileSync(join(input, 'zz_new', `new_${i}.json`), starRowsText(20_000 + i))
    // Copies of files stored long before (batch_005..), whose hashes are far out of any recent cache.
    for (let i = 0; i < 40; i++) writeFileSync(join(input, 'zz_new', `copy_${i}.json`), starRowsText(1 + 500 + i))
    for (let i = 0; i < 30; i++) utimesSync(join(input, 'batch_010', `perf_${String(1000 + i).padStart(6, '0')}.json`), new Date(), new Date(2030, 0, 1))
    const {summary, stats} = await run(256, 64)
    expect({ingested: summary.ingested, newVersions: summary.newVersions, duplicate: summary.duplicate, unchanged: summary.unchanged}).toEqual({
      ingested: 120, newVersions: 60, duplicate: 40, unchanged: N - 60 + 30 - 30,
    })
    // Paths a chunk at a time; hashes a window of prepared files at a time.
    expect(stats.largestLookup).toBeLessThanOrEqual(Math.min(WINDOW_FILES, 64 + 190))
    // Paths and hashes, two generations each: far below the 1,300 files and 1,360 ledger rows.
    expect(stats.mostHeld).toBeLessThanOrEqual(4 * 256)
    const bench = await BenchDb.open(db, {readOnly: true})
    try {
      const dups = await bench.db.all<{copy: string; original: string}>(`SELECT regexp_extract(d.path, '[^/]+$') AS copy, regexp_extract(o.path, '[^/]+$') AS original
        FROM source_files d JOIN source_files o ON o.source_file_id = d.duplicate_of WHERE d.status = 'duplicate' ORDER BY d.source_file_id`)
      expect(dups.length).toBe(40)
      expect(dups[0]).toEqual({copy: 'copy_0.json', original: 'perf_000500.json'})
      expect(dups[39]).toEqual({copy: 'copy_9.json', original: 'perf_000509.json'})
      // Touched files got their new mtime in the ledger: the next run takes the fast path for all.
      const again = await run(256, 64)
      expect(again.summary.unchanged).toBe(N + 100)
      expect(again.stats.queries).toBe(Math.ceil((N + 100) / 64))
    } finally {
      bench.close()
    }
  }, 120_000)
})
