import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {DuckDBInstance} from '@duckdb/node-api'
import {mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {convertFiles} from '../../src/lib/ingest/convert.js'
import {unpackRaw} from '../../src/lib/ingest/raw-document.js'
import {storageVersionAtLeast} from '../../src/lib/ingest/raw-storage.js'
import {cleanup, tempDir} from '../helpers/convert.js'
import {starRowsText, writeCorpus} from '../helpers/star-rows-corpus.js'
import {RAW_COLUMN_MAX_BYTES} from '../../src/lib/ingest/session.js'

/** Per path: encoding, and whether the stored bytes restore the file exactly. */
async function stored(db: string): Promise<{encodings: string[]; exact: boolean; storage: string; block: number; compression: string[]}> {
  const bench = await BenchDb.open(db, {readOnly: true})
  try {
    const reader = await bench.db.connection.runAndReadAll(`SELECT path, raw_encoding, raw_document FROM source_files ORDER BY path`)
    const rows = reader.getRows() as Array<[string, string, {bytes: Uint8Array}]>
    const exact = rows.every(([path, enc, blob]) => unpackRaw(enc, blob.bytes).equals(readFileSync(path)))
    const storage = await bench.db.scalar<string>(`SELECT CAST(tags AS VARCHAR) FROM duckdb_databases() WHERE database_name = current_database()`)
    const block = await bench.db.scalar<number>(`SELECT block_size FROM pragma_database_size() WHERE database_name = current_database()`)
    const compression = (await bench.db.all<{c: string}>(`SELECT DISTINCT compression AS c FROM pragma_storage_info('source_files') WHERE column_name = 'raw_document' AND segment_type <> 'VALIDITY' ORDER BY 1`)).map((r) => r.c)
    return {encodings: [...new Set(rows.map((r) => r[1]))], exact, storage, block, compression}
  } finally {
    bench.close()
  }
}

describe('where raw documents are compressed', () => {
  let dir: string
  beforeAll(() => {
    dir = tempDir()
    writeCorpus(join(dir, 'in'), 40)
  })
  afterAll(() => cleanup(dir))

  test('storage versions compare as versions', () => {
    expect(storageVersionAtLeast('{storage_version=v1.5.0+}', [1, 2, 0])).toBe(true)
    expect(storageVersionAtLeast('{storage_version=v1.2.0}', [1, 2, 0])).toBe(true)
    expect(storageVersionAtLeast('{storage_version=v1.0.0+}', [1, 2, 0])).toBe(false)
    expect(storageVersionAtLeast('{storage_version=v0.10.2}', [1, 2, 0])).toBe(false)
    expect(storageVersionAtLeast('{}', [1, 2, 0])).toBe(false)
  })

  test('a new database: storage v1.5, 64 KB blocks, documents stored as they are in a zstd column', async () => {
    const db = join(dir, 'new.duckdb')
    await convertFiles(db, {inputDirs: [join(dir, 'in')]})
    const s = await stored(db)
    expect(s).toMatchObject({encodings: ['identity'], exact: true, block: 65536})
    expect(s.storage).toMatch(/v1\.5\.0/)
    expect(s.compression).toContain('ZSTD')
  })

  test('a file made with an older storage version keeps deflating each document (its column cannot be zstd)', async () => {
    const db = join(dir, 'old.duckdb')
    const inst = await DuckDBInstance.create(db, {storage_compatibility_version: 'v1.0.0'})
    inst.closeSync()
    await convertFiles(db, {inputDirs: [join(dir, 'in')]})
    const s = await stored(db)
    expect(s).toMatchObject({encodings: ['deflate-raw-d1'], exact: true, block: 262144})
    expect(s.storage).toMatch(/v1\.0\.0/)
  })

  test('documents larger than a block are deflated before DuckDB sees them; smaller ones stay as they are', async () => {
    // DuckDB holds a blob larger than a block outside its 64 MB pool while appending: tens of MB
    // of such documents in the column ran a convert out of memory (see RAW_COLUMN_MAX_BYTES).
    const input = join(dir, 'sized')
    mkdirSync(input, {recursive: true})
    const sizes: Record<string, number> = {}
    for (const [name, rows] of [['small', 4], ['edge', Math.floor(RAW_COLUMN_MAX_BYTES / 560)], ['large', 400], ['larger', 1500]] as const) {
      writeFileSync(join(input, `${name}.json`), starRowsText(900 + rows, rows))
      sizes[name] = statSync(join(input, `${name}.json`)).size
    }
    expect(sizes.edge).toBeLessThanOrEqual(RAW_COLUMN_MAX_BYTES)
    expect(sizes.large).toBeGreaterThan(RAW_COLUMN_MAX_BYTES)
    const db = join(dir, 'sized.duckdb')
    await convertFiles(db, {inputDirs: [input]})
    const bench = await BenchDb.open(db, {readOnly: true})
    try {
      const reader = await bench.db.connection.runAndReadAll(`SELECT path, raw_encoding, raw_document FROM source_files ORDER BY path`)
      const rows = (reader.getRows() as Array<[string, string, {bytes: Uint8Array}]>).map(([path, enc, raw]) => ({path, enc, raw}))
      expect(rows.map((r) => [r.path.split('/').pop(), r.enc])).toEqual([
        ['edge.json', 'identity'],
        ['large.json', 'deflate-raw-d1'],
        ['larger.json', 'deflate-raw-d1'],
        ['small.json', 'identity'],
      ])
      for (const r of rows) expect(unpackRaw(r.enc, r.raw.bytes).equals(readFileSync(r.path))).toBe(true)
    } finally {
      bench.close()
    }
  })
})
