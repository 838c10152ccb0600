import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {LedgerIndex, PATH_KEYS_MIN_LEDGER, type LedgerRow} from '../../src/lib/ingest/ledger-index.js'
import {cleanup, tempDir} from '../helpers/convert.js'

/**
 * Bulk path lookups on a large ledger go through a temp table of path hashes (candidates by an
 * 8-byte hash, then rows by id) instead of hashing every stored path per lookup. The answers must
 * be exactly those of the plain lookup: current rows only, superseded ones never, rows written
 * after the key table was built found too, paths not stored answered "none".
 */
describe('ledger lookups through the path-key table', () => {
  let dir: string
  let bench: BenchDb
  const N = PATH_KEYS_MIN_LEDGER + 2000
  const pathOf = (i: number) => `/data/results/d${String(Math.floor(i / 100)).padStart(4, '0')}/run-${String(i).padStart(6, '0')}.json`

  beforeAll(async () => {
    dir = tempDir()
    bench = await BenchDb.open(join(dir, 'keys.duckdb'))
    // Every 7th path has an older, superseded version as well; every 11th stored path is rejected.
    await bench.db.run(`INSERT INTO source_files (source_file_id, path, sha256, size_bytes, mtime, status, reason)
      SELECT nextval('seq_source_file_id'), p, sha256(p), 2000 + i % 500, make_timestamp(1700000000000000 + i * 1000),
             CASE WHEN i % 11 = 0 THEN 'rejected' ELSE 'ingested' END, CASE WHEN i % 11 = 0 THEN 'bad' END
        FROM (SELECT i, '/data/results/d' || lpad((i // 100)::VARCHAR, 4, '0') || '/run-' || lpad(i::VARCHAR, 6, '0') || '.json' AS p FROM range(${N}) t(i))`)
    await bench.db.run(`INSERT INTO source_files (source_file_id, path, sha256, size_bytes, status)
      SELECT nextval('seq_source_file_id'), '/data/results/d' || lpad((i // 100)::VARCHAR, 4, '0') || '/run-' || lpad(i::VARCHAR, 6, '0') || '.json',
             'old' || i::VARCHAR, 1, 'superseded' FROM range(0, ${N}, 7) t(i)`)
  }, 60_000)
  afterAll(async () => {
    bench.close()
    cleanup(dir)
  })

  const lookAll = async (index: LedgerIndex, paths: string[]) => {
    for (let i = 0; i < paths.length; i += 4096) await index.lookupPaths(paths.slice(i, i + 4096))
    return paths.map((p) => index.peek(p))
  }

  test('gives the rows the plain lookup gives, and finds rows written after the key table was built', async () => {
    const paths = [...Array.from({length: 6000}, (_, k) => pathOf(k * 5 + 3)), '/data/results/none.json', '/elsewhere/run-000003.json']
    const keyed = await LedgerIndex.load(bench.db)
    const viaKeys = await lookAll(keyed, paths)
    const plain = await LedgerIndex.load(bench.db)
    ;(plain as unknown as {keys: null}).keys = null // never build the key table
    const viaScan = await lookAll(plain, paths)

    expect(viaKeys).toEqual(viaScan)
    const tables = await bench.db.all<{n: number}>(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE temporary AND table_name LIKE 'benchdb_path_keys_%'`)
    expect(tables[0].n).toBe(1)
    const byPath = new Map(paths.map((p, i) => [p, viaKeys[i]]))
    const r18 = byPath.get(pathOf(18)) as LedgerRow
    expect(r18).toMatchObject({path: pathOf(18), sha256: expect.any(String), size: 2018, status: 'ingested'})
    expect(byPath.get(pathOf(33))).toMatchObject({status: 'rejected', reason: 'bad'}) // 33 % 11 = 0
    expect(byPath.get(pathOf(28))?.status).toBe('ingested') // 28 % 7 = 0: its superseded version is not current
    expect(byPath.get('/data/results/none.json')).toBeNull()

    // A row written after the key table exists (a fresh lookup, as after a cache eviction).
    await bench.db.run(`INSERT INTO source_files (source_file_id, path, sha256, size_bytes, status) VALUES (nextval('seq_source_file_id'), '/data/results/late.json', 'late', 5, 'ingested')`)
    await keyed.lookupPaths([...Array.from({length: 300}, (_, k) => pathOf(k * 5 + 4)), '/data/results/late.json'])
    expect(keyed.peek('/data/results/late.json')).toMatchObject({sha256: 'late', size: 5})
    expect(keyed.peek(pathOf(4))).toMatchObject({path: pathOf(4), size: 2004})

    await keyed.dispose()
    const after = await bench.db.all<{n: number}>(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE temporary AND table_name LIKE 'benchdb_path_keys_%'`)
    expect(after[0].n).toBe(0)
  }, 60_000)
})
