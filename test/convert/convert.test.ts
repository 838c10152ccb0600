import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {copyFileSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {convertFiles} from '../../src/lib/ingest/convert.js'
import {mtimeToMicros} from '../../src/lib/ingest/ledger-index.js'
import {ingestDocuments} from '../../src/lib/ingest/ingest-documents.js'
import {unpackRaw} from '../../src/lib/ingest/raw-document.js'
import {cleanup, FIXTURES, queryDb as query, runCli, runCliJson, tempDir} from '../helpers/convert.js'
import {starRowsDocument, starRowsText, writeCorpus} from '../helpers/star-rows-corpus.js'

const BERT_CPU = join(FIXTURES, 'performance', 'performance_results', 'bert_cpu_test.json')

describe('db:convert on list-shaped result files', () => {
  let dir: string
  let input: string
  let db: string
  beforeAll(() => {
    dir = tempDir()
    input = join(dir, 'performance_results')
    mkdirSync(input)
    copyFileSync(BERT_CPU, join(input, 'bert_cpu_test.json'))
    writeCorpus(input, 20)
    db = join(dir, 'bench.duckdb')
  })
  afterAll(() => cleanup(dir))

  test('the CLI ingests every file and the numbers read back equal the file values exactly', async () => {
    const r = runCli(['db:convert', '--input-dir', input, '--output-db', db])
    expect(r.stderr).toContain('21 file(s) scanned: 21 ingested, 0 unchanged, 0 duplicate, 0 rejected')
    expect(r.code).toBe(0)

    const file = JSON.parse(readFileSync(BERT_CPU, 'utf8')) as Array<Record<string, number | string>>
    const rows = await query<Record<string, number | string>>(db, `
      SELECT m.model_name, h.hardware_type, h.device_name, p.batch_size, p.precision, p.test_case, p.total_time_seconds,
             p.average_latency_ms, p.throughput_items_per_second, p.memory_peak_mb, p.iterations, p.warmup_iterations
        FROM performance_results p JOIN models m USING (model_id) JOIN hardware_platforms h USING (hardware_id)
        JOIN source_files s USING (source_file_id)
       WHERE s.path LIKE '%bert_cpu_test.json' ORDER BY p.result_id`)
    expect(rows).toHaveLength(file.length)
    rows.forEach((row, i) => {
      for (const k of Object.keys(row)) expect(row[k]).toBe(file[i][k])
    })
    // A generated file: every value, including 3-decimal throughputs, is the same double.
    const doc = starRowsDocument(7)
    const gen = await query<{throughput_items_per_second: number; average_latency_ms: number; memory_peak_mb: number; batch_size: number}>(db, `
      SELECT p.throughput_items_per_second, p.average_latency_ms, p.memory_peak_mb, p.batch_size
        FROM performance_results p JOIN source_files s USING (source_file_id) WHERE s.path LIKE '%perf_000006.json' ORDER BY p.result_id`)
    expect(gen.map((g) => [g.throughput_items_per_second, g.average_latency_ms, g.memory_peak_mb, g.batch_size])).toEqual(
      doc.map((d) => [d.throughput_items_per_second, d.average_latency_ms, d.memory_peak_mb, d.batch_size]),
    )
    const ledger = await query<{n: number; rows: number}>(db, `SELECT count(*) AS n, sum(size_bytes) AS rows FROM source_files WHERE status = 'ingested'`)
    expect(ledger[0].n).toBe(21)
  })

  test('the raw document is stored and restores byte for byte', async () => {
    const bench = await BenchDb.open(db, {readOnly: true})
    try {
      const reader = await bench.db.connection.runAndReadAll(`SELECT raw_encoding, raw_document FROM source_files WHERE path LIKE '%bert_cpu_test.json'`)
      const [enc, bytes] = reader.getRows()[0] as [string, {bytes: Uint8Array}]
      expect(unpackRaw(enc, bytes.bytes).equals(readFileSync(BERT_CPU))).toBe(true)
    } finally {
      bench.close()
    }
  })

  test('a rerun writes nothing and says N unchanged', async () => {
    const before = await query(db, 'SELECT count(*) AS n, max(source_file_id) AS last FROM source_files')
    const r = runCliJson(['db:convert', '--input-dir', input, '--db', db])
    expect(r.code).toBe(0)
    expect(r.json.summary).toMatchObject({scanned: 21, ingested: 0, unchanged: 21, duplicate: 0, rejected: 0, rows: {}})
    expect(await query(db, 'SELECT count(*) AS n, max(source_file_id) AS last FROM source_files')).toEqual(before)
  })

  test('a touched but identical file is unchanged (hash checked, mtime refreshed for the fast path)', async () => {
    const p = join(input, 'bert_cpu_test.json')
    const t = new Date(Date.now() + 5000)
    utimesSync(p, t, t)
    const first = await convertFiles(db, {inputDirs: [input]})
    expect(first.summary).toMatchObject({ingested: 0, unchanged: 21})
    const mtime = await query<{us: number}>(db, `SELECT epoch_us(mtime) AS us FROM source_files WHERE path = '${p}' AND status = 'ingested'`)
    expect(mtime[0].us).toBe(mtimeToMicros(statSync(p).mtimeMs))
    expect((await convertFiles(db, {inputDirs: [input]})).files).toBeNull()
  })

  test('the same bytes at another path are recorded as a duplicate, with no rows', async () => {
    const copy = join(input, 'copy_of_bert.json')
    copyFileSync(BERT_CPU, copy)
    const perfBefore = await query<{n: number}>(db, 'SELECT count(*) AS n FROM performance_results')
    const r = await convertFiles(db, {inputDirs: [input]})
    expect(r.summary).toMatchObject({ingested: 0, duplicate: 1, unchanged: 21})
    const led = await query<{status: string; dup: string}>(db, `
      SELECT s.status, o.path AS dup FROM source_files s JOIN source_files o ON o.source_file_id = s.duplicate_of WHERE s.path = '${copy}'`)
    expect(led).toEqual([{status: 'duplicate', dup: join(input, 'bert_cpu_test.json')}])
    expect(await query(db, 'SELECT count(*) AS n FROM performance_results')).toEqual(perfBefore)
  })

  test('a changed file supersedes its old version: old rows deleted, old ledger row kept as superseded', async () => {
    const p = join(input, 'batch_000', 'perf_000003.json')
    const old = await query<{id: number; n: number}>(db, `
      SELECT s.source_file_id AS id, count(p.result_id) AS n FROM source_files s LEFT JOIN performance_results p USING (source_file_id)
       WHERE s.path = '${p}' AND s.status = 'ingested' GROUP BY ALL`)
    const doc = starRowsDocument(4)
    doc[0].throughput_items_per_second = 12345.678
    writeFileSync(p, JSON.stringify(doc, null, 2))
    const r = await convertFiles(db, {inputDirs: [input]})
    expect(r.summary).toMatchObject({ingested: 1, newVersions: 1, unchanged: 21, scanned: 22})
    expect(await query(db, `SELECT count(*) AS n FROM performance_results WHERE source_file_id = ${old[0].id}`)).toEqual([{n: 0}])
    const versions = await query<{status: string; superseded_by: number | null}>(db, `SELECT status, superseded_by FROM source_files WHERE path = '${p}' ORDER BY source_file_id`)
    expect(versions.map((v) => v.status)).toEqual(['superseded', 'ingested'])
    const now = await query<{t: number}>(db, `
      SELECT p.throughput_items_per_second AS t FROM performance_results p JOIN source_files s USING (source_file_id)
       WHERE s.path = '${p}' AND s.status = 'ingested' ORDER BY p.result_id LIMIT 1`)
    expect(now[0].t).toBe(12345.678)
    // Totals never count both versions.
    const total = await query<{n: number}>(db, `SELECT count(*) AS n FROM performance_results p JOIN source_files s USING (source_file_id) WHERE s.path = '${p}'`)
    expect(total[0].n).toBe(doc.length)
  })

  test('--categories leaves other categories out (not recorded, so a later run picks them up)', async () => {
    const other = join(dir, 'other')
    mkdirSync(other)
    writeFileSync(join(other, 'a.json'), starRowsText(999))
    const db2 = join(dir, 'cat.duckdb')
    const r = await convertFiles(db2, {inputDirs: [other], categories: ['compatibility']})
    expect(r.summary).toMatchObject({scanned: 1, skipped: 1, ingested: 0})
    const r2 = await convertFiles(db2, {inputDirs: [other], categories: ['performance']})
    expect(r2.summary).toMatchObject({ingested: 1})
  })
})

describe('ingestDocuments (library / REST entry)', () => {
  let dir: string
  beforeAll(() => {
    dir = tempDir()
  })
  afterAll(() => cleanup(dir))

  test('same engine and ledger; a retried identical document is a no-op; bad ones are rejected with a pointer', async () => {
    const bench = await BenchDb.open(join(dir, 'api.duckdb'))
    try {
      const good = Buffer.from(starRowsText(42))
      const bad = Buffer.from(JSON.stringify([{model_name: 'bert', hardware_type: 'cpu', throughput_items_per_second: 'fast'}]))
      const first = await ingestDocuments(bench, [{bytes: good}, {bytes: bad}])
      expect(first.documents.map((d) => d.status)).toEqual(['ingested', 'rejected'])
      expect(first.documents[1]).toMatchObject({pointer: '/0/throughput_items_per_second'})
      const again = await ingestDocuments(bench, [{bytes: good}])
      expect(again.documents.map((d) => d.status)).toEqual(['unchanged'])
      const n = await bench.db.all(`SELECT status, count(*) AS n FROM source_files GROUP BY ALL ORDER BY status`)
      expect(n).toEqual([{status: 'ingested', n: 1}, {status: 'rejected', n: 1}])
      expect(await bench.db.scalar('SELECT count(*) FROM performance_results')).toBe(starRowsDocument(42).length)
    } finally {
      bench.close()
    }
  })
})
