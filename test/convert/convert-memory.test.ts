import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {BenchError} from '../../src/lib/errors.js'
import {convertFiles} from '../../src/lib/ingest/convert.js'
import {BATCH_BYTES, BATCH_FILES, bulkSettings, PER_FILE_BYTES} from '../../src/lib/ingest/convert-memory.js'
import {LedgerIndex} from '../../src/lib/ingest/ledger-index.js'
import {IngestSession} from '../../src/lib/ingest/session.js'
import {cleanup, runCli, tempDir} from '../helpers/convert.js'
import {starRowsText, writeCorpus} from '../helpers/star-rows-corpus.js'

/**
 * The memory budget of db:convert (convert-memory.ts): batches end at a byte budget, each file
 * reckoned with its fixed cost, whatever the file sizes; DuckDB's bulk settings hold during the
 * run only and a bad override is a usage error before anything is opened. The peak RSS itself is
 * measured by bench/convert.ts (a figure, not a test assertion).
 */
describe('convert memory budget', () => {
  let dir: string
  beforeAll(() => {
    dir = tempDir()
  })
  afterAll(() => cleanup(dir))

  const SETTINGS = ['memory_limit', 'checkpoint_threshold', 'allocator_background_threads', 'allocator_flush_threshold']

  test('bulk settings: a 64MB buffer pool by default, the override taken as given, anything else refused', () => {
    const asMap = (s: Array<[string, string]>) => Object.fromEntries(s)
    expect(asMap(bulkSettings(undefined))).toEqual({checkpoint_threshold: '1GB', memory_limit: '64MB', allocator_background_threads: 'true', allocator_flush_threshold: '4MB'})
    expect(asMap(bulkSettings(' 256 MB ')).memory_limit).toBe('256MB')
    expect(asMap(bulkSettings('1.5GiB')).memory_limit).toBe('1.5GiB')
    for (const bad of ['lots', '64', '-1MB', "64MB'; DROP TABLE source_files; --"]) {
      let err: unknown
      try {
        bulkSettings(bad)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(BenchError)
      expect((err as BenchError).kind).toBe('usage')
      expect((err as BenchError).message).toContain(JSON.stringify(bad))
      expect((err as BenchError).message).toContain('BENCHDB_CONVERT_MEMORY_LIMIT')
    }
  })

  test('the settings are put back on the instance after the run (another user of it keeps its own)', async () => {
    const input = join(dir, 'restore-in')
    writeCorpus(input, 30)
    const db = join(dir, 'restore.duckdb')
    // Opened first: convertFiles shares this process's instance of the file, so it sees the settings.
    const held = await BenchDb.open(db)
    try {
      const read = async () => held.db.one<Record<string, string>>(`SELECT ${SETTINGS.map((s) => `current_setting('${s}') AS ${s}`).join(', ')}`)
      const before = await read()
      expect(before!.memory_limit).not.toBe('64.0 MiB')
      const r = await convertFiles(db, {inputDirs: [input], memoryLimit: '48MB', env: false})
      expect(r.summary.ingested).toBe(30)
      expect(await read()).toEqual(before)
      expect(await held.db.scalar<number>('SELECT count(*)::INTEGER FROM source_files')).toBe(30)
    } finally {
      held.close()
    }
  })

  test('a bad BENCHDB_CONVERT_MEMORY_LIMIT is a usage error (exit 2) naming it, and no database is created', () => {
    const input = join(dir, 'bad-env-in')
    writeCorpus(input, 3)
    const db = join(dir, 'never.duckdb')
    const r = runCli(['db:convert', '--input-dir', input, '--db', db], undefined, {BENCHDB_CONVERT_MEMORY_LIMIT: 'plenty'})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('BENCHDB_CONVERT_MEMORY_LIMIT')
    expect(r.stderr).toContain('"plenty"')
    expect(r.stderr).not.toMatch(/^\s+at /m)
    expect(existsSync(db)).toBe(false)
  })

  /**
   * Submits `texts` one by one; returns the number of ledger rows committed after each submit
   * (what a second reader of the file would see), then finishes the session.
   */
  async function committedAfterEach(name: string, texts: string[]): Promise<number[]> {
    const db = join(dir, `${name}.duckdb`)
    const bench = await BenchDb.open(db)
    try {
      const session = new IngestSession(bench, await LedgerIndex.load(bench.db), {rawStorage: 'column'})
      const seen: number[] = []
      for (const [i, text] of texts.entries()) {
        const bytes = Buffer.from(text)
        await session.submit({path: join(dir, name, `f${i}.json`), size: bytes.length, mtimeMs: 1e12, bytes})
        seen.push(await bench.db.scalar<number>('SELECT count(*)::INTEGER FROM source_files'))
      }
      await session.finish()
      expect(await bench.db.scalar<number>('SELECT count(*)::INTEGER FROM source_files')).toBe(texts.length)
      return seen
    } finally {
      bench.close()
    }
  }

  /** Index of the file whose reckoned bytes first reach the budget (computed here, from the sizes). */
  function firstCut(texts: string[]): number {
    let sum = 0
    for (const [i, t] of texts.entries()) {
      sum += Buffer.byteLength(t) + PER_FILE_BYTES
      if (sum >= BATCH_BYTES || i + 1 >= BATCH_FILES) return i
    }
    return -1
  }

  test('large files: the batch commits when their bytes reach the budget, a few files at a time', async () => {
    const texts = Array.from({length: 12}, (_, i) => starRowsText(100 + i, 1500)) // ~800 KB each
    const cut = firstCut(texts)
    expect(cut).toBeGreaterThan(4)
    expect(cut).toBeLessThan(11)
    const seen = await committedAfterEach('large', texts)
    expect(seen.slice(0, cut)).toEqual(Array(cut).fill(0))
    expect(seen[cut]).toBe(cut + 1)
  })

  test('small files: each counts its fixed cost, so a batch of 530-byte files ends near 1,800 files, not at 5,000', async () => {
    const texts = Array.from({length: 2000}, (_, i) => starRowsText(5000 + i, 1))
    const cut = firstCut(texts)
    // ~530 + 4,096 bytes each against 8 MB: well before the file cap.
    expect(cut).toBeGreaterThan(1700)
    expect(cut).toBeLessThan(1900)
    const seen = await committedAfterEach('small', texts)
    expect(seen[cut - 1]).toBe(0)
    expect(seen[cut]).toBe(cut + 1)
    expect(seen[seen.length - 1]).toBe(cut + 1)
  })

  test('a convert with mixed sizes stores every file and its rows whatever the batch boundaries', async () => {
    const input = join(dir, 'mixed-in')
    mkdirSync(input, {recursive: true})
    const rows = [1, 2000, 3, 1, 1800, 5, 2, 1, 1600, 4]
    rows.forEach((n, i) => writeFileSync(join(input, `m${i}.json`), starRowsText(900 + i, n)))
    const db = join(dir, 'mixed.duckdb')
    const r = await convertFiles(db, {inputDirs: [input], env: false})
    expect(r.summary.ingested).toBe(rows.length)
    const bench = await BenchDb.open(db, {readOnly: true})
    try {
      expect(await bench.db.scalar<number>('SELECT count(*)::INTEGER FROM performance_results')).toBe(rows.reduce((a, b) => a + b, 0))
    } finally {
      bench.close()
    }
  })
})
