import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {cleanup, hashTree, runCli, runCliJson, tempDir} from '../helpers/convert.js'
import {starRowsText, writeCorpus} from '../helpers/star-rows-corpus.js'

describe('--dry-run changes no byte on disk', () => {
  let dir: string
  let input: string
  beforeAll(() => {
    dir = tempDir()
    input = join(dir, 'performance_results')
    writeCorpus(input, 30)
    writeFileSync(join(input, 'broken.json'), '[{"model_name": NaN}]')
  })
  afterAll(() => cleanup(dir))

  test('without a database: plans against an empty ledger, creates no file, lists each file', () => {
    const before = hashTree(dir)
    const db = join(dir, 'new.duckdb')
    const r = runCliJson(['db:convert', '--input-dir', input, '--db', db, '--dry-run', '--parquet-dir', join(dir, 'pq')], dir)
    expect(hashTree(dir)).toBe(before)
    expect(existsSync(db)).toBe(false)
    expect(existsSync(join(dir, 'pq'))).toBe(false)
    expect(r.json.summary).toMatchObject({dryRun: true, scanned: 31, ingested: 30, rejected: 1})
    expect(r.json.files).toHaveLength(31)
    const one = r.json.files.find((f: {path: string}) => f.path.endsWith('perf_000000.json'))
    expect(one).toMatchObject({status: 'ingested', category: 'performance', shape: 'star_rows'})
    expect(one.rows.performance_results).toBeGreaterThanOrEqual(3)
    expect(r.json.parquet).toBeNull()
    expect(r.code).toBe(1)
  })

  test('with an existing database: opened read-only, not a byte changes (DB, WAL, inputs)', () => {
    const db = join(dir, 'bench.duckdb')
    expect(runCli(['db:convert', '--input-dir', input, '--db', db]).code).toBe(1)
    // New and changed files since the real run, so the plan is not trivially "unchanged".
    writeFileSync(join(input, 'new.json'), starRowsText(500))
    writeFileSync(join(input, 'batch_000', 'perf_000001.json'), starRowsText(501))
    const before = hashTree(dir)
    const r = runCli(['db:convert', '--input-dir', input, '--db', db, '--dry-run'], dir)
    expect(hashTree(dir)).toBe(before)
    expect(r.stdout).toMatch(/^ingested\s+\S+new\.json\s+\[performance\/star_rows\]\s+test_runs=1 performance_results=\d/m)
    expect(r.stdout).toMatch(/perf_000001\.json.*\(replaces the previous version\)/)
    expect(r.stdout).toMatch(/^unchanged\s+\S+perf_000002\.json/m)
    expect(r.stdout).toMatch(/^rejected\s+\S+broken\.json.*at \/0\/model_name; NaN is not a JSON number \(line 1, column 17\); expected a finite number or null/m)
    expect(r.stderr).toContain('Dry run: 32 file(s) scanned: 2 would ingest (1 new version(s) replacing older ones), 29 unchanged, 0 duplicate, 1 rejected')
  })
})

describe('Parquet export', () => {
  let dir: string
  let db: string
  beforeAll(() => {
    dir = tempDir()
    writeCorpus(join(dir, 'in'), 60)
    db = join(dir, 'bench.duckdb')
  })
  afterAll(() => cleanup(dir))

  test('one dataset per table, performance_results partitioned by hardware type, equal counts read back', async () => {
    const pq = join(dir, 'parquet')
    const r = runCliJson(['db:convert', '--input-dir', join(dir, 'in'), '--db', db, '--parquet-dir', pq])
    expect(r.code).toBe(0)
    const parts = readdirSync(join(pq, 'performance_results')).sort()
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.every((p) => p.startsWith('hardware_type='))).toBe(true)
    expect(existsSync(join(pq, 'source_files.parquet'))).toBe(true)
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-') || n.includes('.old-'))).toEqual([])

    // Independently of the exporter: DuckDB reads the files back with the database's counts.
    const bench = await BenchDb.open(db, {readOnly: true})
    try {
      for (const t of ['performance_results', 'test_runs', 'models', 'hardware_platforms', 'source_files']) {
        const inDb = await bench.db.scalar<number>(`SELECT count(*) FROM ${t}`)
        const glob = t === 'performance_results' ? join(pq, t, '**', '*.parquet') : join(pq, `${t}.parquet`)
        const back = await bench.db.scalar<number>(`SELECT count(*) FROM read_parquet('${glob}', hive_partitioning = true)`)
        expect([t, back]).toEqual([t, inDb])
        expect(inDb).toBeGreaterThan(0)
      }
      const byHw = await bench.db.all(`SELECT hardware_type, count(*) AS n FROM read_parquet('${join(pq, 'performance_results', '**', '*.parquet')}', hive_partitioning = true) GROUP BY 1 ORDER BY 1`)
      const expected = await bench.db.all(`SELECT h.hardware_type, count(*) AS n FROM performance_results p JOIN hardware_platforms h USING (hardware_id) GROUP BY 1 ORDER BY 1`)
      expect(byHw).toEqual(expected)
      const cols = await bench.db.all<{column_name: string}>(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('${join(pq, 'source_files.parquet')}'))`)
      expect(cols.map((c) => c.column_name)).not.toContain('raw_document')
    } finally {
      bench.close()
    }
  })

  test('--export-only replaces an earlier export, and refuses a non-empty foreign directory', () => {
    const pq = join(dir, 'parquet')
    const r = runCliJson(['db:convert', '--export-only', '--parquet-dir', pq, '--db', db])
    expect(r.code).toBe(0)
    const perf = r.json.parquet.tables.find((t: {table: string}) => t.table === 'performance_results')
    expect(perf.readBack).toBe(perf.rows)
    const foreign = join(dir, 'foreign')
    mkdirSync(foreign)
    writeFileSync(join(foreign, 'keep-me.txt'), 'x')
    const bad = runCli(['db:convert', '--export-only', '--parquet-dir', foreign, '--db', db])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/refusing to replace/)
    expect(readdirSync(foreign)).toEqual(['keep-me.txt'])
  })
})
