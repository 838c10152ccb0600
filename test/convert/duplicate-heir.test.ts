import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {convertFiles} from '../../src/lib/ingest/convert.js'
import {unpackRaw} from '../../src/lib/ingest/raw-document.js'
import {cleanup, queryDb as query, tempDir} from '../helpers/convert.js'
import {starRowsText} from '../helpers/star-rows-corpus.js'

interface Ledger {
  path: string
  status: string
  dup: string | null
  rows: number
}

/** Current ledger rows (superseded ones left out) with the path each duplicate points at and its own row count. */
async function ledger(db: string): Promise<Ledger[]> {
  return query<Ledger>(db, `
    SELECT regexp_extract(s.path, '[^/]+$') AS path, s.status, regexp_extract(o.path, '[^/]+$') AS dup,
           (SELECT count(*) FROM performance_results p WHERE p.source_file_id = s.source_file_id)::INTEGER AS rows
      FROM source_files s LEFT JOIN source_files o ON o.source_file_id = s.duplicate_of
     WHERE s.status <> 'superseded' ORDER BY s.path`)
}

const rowsIn = (text: string) => (JSON.parse(text) as unknown[]).length

async function rawOf(db: string, name: string): Promise<Buffer> {
  // Database.all hands blobs back as base64.
  const [r] = await query<{enc: string; raw: string}>(db, `SELECT raw_encoding AS enc, raw_document AS raw FROM source_files WHERE path LIKE '%/${name}' AND status = 'ingested'`)
  return unpackRaw(r.enc, Buffer.from(r.raw, 'base64'))
}

describe('a changed file whose content a duplicate still holds', () => {
  let dir: string
  afterAll(() => cleanup(dir))
  beforeAll(() => {
    dir = tempDir()
  })

  test('the duplicate inherits the rows, the raw document and the holders role; reruns write nothing', async () => {
    const input = join(dir, 'stored')
    const db = join(dir, 'stored.duckdb')
    const x = starRowsText(7)
    const nx = rowsIn(x)
    const ny = rowsIn(starRowsText(8))
    mkdirSync(input, {recursive: true})
    writeFileSync(join(input, 'a.json'), x)
    writeFileSync(join(input, 'b.json'), x)
    writeFileSync(join(input, 'c.json'), x)
    await convertFiles(db, {inputDirs: [input]})
    const before = await query<{ids: string}>(db, `SELECT string_agg(result_id::VARCHAR, ',' ORDER BY result_id) AS ids FROM performance_results`)
    expect(await ledger(db)).toEqual([
      {path: 'a.json', status: 'ingested', dup: null, rows: nx},
      {path: 'b.json', status: 'duplicate', dup: 'a.json', rows: 0},
      {path: 'c.json', status: 'duplicate', dup: 'a.json', rows: 0},
    ])

    writeFileSync(join(input, 'a.json'), starRowsText(8))
    const r = await convertFiles(db, {inputDirs: [input]})
    expect(r.summary).toMatchObject({ingested: 1, newVersions: 1, unchanged: 2})
    // b.json holds content x now, with the very rows a.json had; c.json points at it; a.json has its new rows.
    expect(await ledger(db)).toEqual([
      {path: 'a.json', status: 'ingested', dup: null, rows: ny},
      {path: 'b.json', status: 'ingested', dup: null, rows: nx},
      {path: 'c.json', status: 'duplicate', dup: 'b.json', rows: 0},
    ])
    const moved = await query<{ids: string}>(db, `
      SELECT string_agg(result_id::VARCHAR, ',' ORDER BY result_id) AS ids FROM performance_results p JOIN source_files s USING (source_file_id) WHERE s.path LIKE '%/b.json'`)
    expect(moved).toEqual(before)
    expect((await rawOf(db, 'b.json')).equals(readFileSync(join(input, 'b.json')))).toBe(true)
    const [counts] = await query<{rows_written: string | null}>(db, `SELECT rows_written::VARCHAR AS rows_written FROM source_files WHERE path LIKE '%/b.json' AND status = 'ingested'`)
    expect(JSON.parse(counts.rows_written!)).toMatchObject({performance_results: nx})

    const again = await convertFiles(db, {inputDirs: [input]})
    expect(again.summary).toMatchObject({scanned: 3, unchanged: 3, ingested: 0, duplicate: 0})
    // A fourth copy of x is a duplicate of its new holder, not a second set of rows.
    writeFileSync(join(input, 'd.json'), x)
    expect((await convertFiles(db, {inputDirs: [input]})).summary).toMatchObject({duplicate: 1, ingested: 0})
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM performance_results')).toEqual([{n: nx + ny}])
  })

  test('a duplicate left pointing at a superseded version (older databases) ingests once its file is touched', async () => {
    const input = join(dir, 'orphan')
    const db = join(dir, 'orphan.duckdb')
    mkdirSync(input, {recursive: true})
    const x = starRowsText(21)
    writeFileSync(join(input, 'a.json'), x)
    writeFileSync(join(input, 'b.json'), x)
    await convertFiles(db, {inputDirs: [input]})
    writeFileSync(join(input, 'a.json'), starRowsText(22))
    await convertFiles(db, {inputDirs: [input]})
    // Back to what a version before the inheritance rule left: b a duplicate of the superseded a, x's rows gone.
    const bench = await BenchDb.open(db)
    try {
      await bench.write(async (tx) => {
        const [b] = await tx.all<{id: number}>(`SELECT source_file_id AS id FROM source_files WHERE path LIKE '%/b.json' AND status = 'ingested'`)
        for (const t of ['performance_results', 'test_runs']) await tx.run(`DELETE FROM ${t} WHERE source_file_id = ${b.id}`)
        await tx.run(`UPDATE source_files SET status = 'duplicate', duplicate_of = (SELECT min(source_file_id) FROM source_files WHERE path LIKE '%/a.json') WHERE source_file_id = ${b.id}`)
      })
    } finally {
      bench.close()
    }
    expect((await ledger(db)).find((l) => l.path === 'b.json')).toEqual({path: 'b.json', status: 'duplicate', dup: 'a.json', rows: 0})
    // Same path, size and mtime: the fast path, nothing read.
    expect((await convertFiles(db, {inputDirs: [input]})).summary).toMatchObject({unchanged: 2, ingested: 0})
    utimesSync(join(input, 'b.json'), new Date(), new Date(Date.now() + 5000))
    const r = await convertFiles(db, {inputDirs: [input]})
    expect(r.summary).toMatchObject({ingested: 1, newVersions: 1})
    expect((await ledger(db)).find((l) => l.path === 'b.json')).toEqual({path: 'b.json', status: 'ingested', dup: null, rows: rowsIn(x)})
  })

  test('when the copy arrives in the same run as the change, the copy becomes the holder', async () => {
    const input = join(dir, 'same-run')
    const db = join(dir, 'same-run.duckdb')
    mkdirSync(input, {recursive: true})
    const x = starRowsText(11)
    const nx = rowsIn(x)
    const ny = rowsIn(starRowsText(12))
    writeFileSync(join(input, 'm.json'), x)
    await convertFiles(db, {inputDirs: [input]})
    // One run: m.json changes, and two new files carry its old content (one sorts before it, one after).
    writeFileSync(join(input, 'm.json'), starRowsText(12))
    writeFileSync(join(input, 'a_copy.json'), x)
    writeFileSync(join(input, 'z_copy.json'), x)
    const r = await convertFiles(db, {inputDirs: [input]})
    expect(r.summary).toMatchObject({ingested: 1, newVersions: 1, duplicate: 2})
    const rows = await ledger(db)
    expect(rows.find((l) => l.path === 'm.json')).toEqual({path: 'm.json', status: 'ingested', dup: null, rows: ny})
    const holders = rows.filter((l) => l.path !== 'm.json' && l.status === 'ingested')
    const copies = rows.filter((l) => l.path !== 'm.json' && l.status === 'duplicate')
    expect(holders).toHaveLength(1)
    expect(holders[0].rows).toBe(nx)
    expect(copies).toEqual([{path: copies[0]?.path, status: 'duplicate', dup: holders[0].path, rows: 0}])
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM performance_results')).toEqual([{n: nx + ny}])
    expect((await convertFiles(db, {inputDirs: [input]})).summary).toMatchObject({unchanged: 3, ingested: 0, duplicate: 0})
  })
})
