import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {openBenchDb, type BenchDb} from '../../src/lib/db/bench-db.js'
import {allocateIdRanges, appendRows, INSERT_MAX_ROWS, type TableSpec} from '../../src/lib/db/appender.js'
import {SPECS} from '../../src/lib/ingest/table-specs.js'
import {tempDir} from '../helpers/cli.js'

/**
 * The writer has two ways into a table (data chunks through the Appender for many rows, a
 * prepared INSERT for a few); both must store exactly the same values, NULLs included.
 */
const tmp = tempDir()
let bench: BenchDb
beforeAll(async () => {
  bench = await openBenchDb(join(tmp.dir, 'paths.duckdb'))
})
afterAll(() => {
  bench.close()
  tmp.cleanup()
})

const NOW = 1_767_225_600_123_456n // 2026-01-01T00:00:00.123456Z

/** Values of every kind, awkward ones on purpose; row k differs from row k+1 (NULL patterns shift). */
function sourceFileRow(id: number, k: number): unknown[] {
  return [id, `dir/ü-${k}.json`, k % 3 ? 'ab'.repeat(32) : null, k % 4 ? (k % 8 === 1 ? -(2 ** 40) - k * 4_294_967_297 : 2 ** 40 + k) : null,
    k % 2 ? 1_700_000_000_000_001n + BigInt(k) : null, 'performance', k % 5 ? 'star-rows' : null, 'ingested',
    k % 2 ? null : 'reason "quoted"\nnewline', k % 2 ? '/0/a~1b' : null, k % 3 ? null : 500 + k, null,
    k % 2 ? JSON.stringify({test_runs: 1, performance_results: k}) : null, k % 2 ? 'identity' : null,
    k % 6 === 0 ? null : k % 6 === 1 ? new Uint8Array(0) : Uint8Array.from({length: 20 + k}, (_, i) => (i * 37 + k) & 255),
    k % 2 ? 'results' : null, k % 3 ? `sub/ü-${k}.json` : null]
}

function perfRow(id: number, k: number): unknown[] {
  return [id, 1, 2, 3, k % 2 ? 'embedding' : null, k % 3 ? 2147483647 - k : null, 'fp16', k % 2 ? 0.1 + k : null,
    k % 4 ? 1e-300 * (k + 1) : null, 1.7976931348623157e308 / (k + 1), k % 3 ? -0.5 - k / 3 : null, k, null,
    k % 2 ? '{"a":[1,2.5,null],"b":"x"}' : null, k % 2 ? 12.345678901234567 : null, null, k % 5 ? 99.9 : null,
    k % 2 === 0, 7, k % 3 === 0, k % 2 ? '/results/0/"x"' : null]
}

const CASES: Array<[TableSpec, (id: number, k: number) => unknown[]]> = [[SPECS.source_files, sourceFileRow], [SPECS.performance_results, perfRow]]

/** Every column in a form that compares exactly: timestamps as microseconds, blobs as hex. */
function readBack(spec: TableSpec, idColumn: string, ids: number[]) {
  const cols = spec.columns.map(([name, kind]) => (kind === 'timestamp' || kind === 'default' ? `epoch_us(${name}) AS ${name}` : kind === 'blob' ? `hex(${name}) AS ${name}` : name))
  return bench.db.all(`SELECT ${cols.join(', ')} FROM ${spec.table} WHERE ${idColumn} BETWEEN ? AND ? ORDER BY ${idColumn}`, [ids[0], ids[ids.length - 1]])
}

describe('appendRows: data chunks and prepared INSERT store the same values', () => {
  for (const [spec, make] of CASES) {
    test(`${spec.table}: ${INSERT_MAX_ROWS + 25} rows each way, equal column by column`, async () => {
      const n = INSERT_MAX_ROWS + 25 // > 1 chunk of validity words, NULL patterns of period 2..6
      const idColumn = spec.columns[0][0]
      const viaAppender = Array.from({length: n}, (_, k) => 1_000_000 + k)
      const viaInsert = Array.from({length: n}, (_, k) => 2_000_000 + k)
      await bench.db.transaction(async (tx) => {
        await appendRows(tx, spec, viaAppender.map((id, k) => make(id, k)), {now: NOW, via: 'appender'})
        await appendRows(tx, spec, viaInsert.map((id, k) => make(id, k)), {now: NOW, via: 'insert'})
      })
      const a = await readBack(spec, idColumn, viaAppender)
      const b = await readBack(spec, idColumn, viaInsert)
      expect(a).toHaveLength(n)
      const defaults = spec.columns.filter(([, kind]) => kind === 'default').map(([name]) => name)
      const strip = (rows: typeof a, base: number) => rows.map((r) => {
        const out = {...r, [idColumn]: (r[idColumn] as number) - base}
        for (const d of defaults) delete out[d]
        return out
      })
      expect(strip(b, 2_000_000)).toEqual(strip(a, 1_000_000))
      // Spot values against what was written (not only against each other).
      const row3 = make(0, 3)
      const names = spec.columns.filter(([, kind]) => kind !== 'default')
      names.forEach(([name, kind], i) => {
        if (i === 0) return
        const v = row3[i]
        const want = v === null ? null : kind === 'timestamp' ? Number(v) : kind === 'blob' ? Buffer.from(v as Uint8Array).toString('hex').toUpperCase() : typeof v === 'bigint' ? Number(v) : v
        expect([name, a[3][name]]).toEqual([name, want])
        expect([name, b[3][name]]).toEqual([name, want])
      })
      // DEFAULT columns: the Appender gets the caller's now(), the INSERT the column's DEFAULT.
      for (const d of defaults) {
        expect(new Set(a.map((r) => r[d]))).toEqual(new Set([Number(NOW)]))
        expect(b.every((r) => typeof r[d] === 'number' && Math.abs((r[d] as number) / 1000 - Date.now()) < 600_000)).toBe(true)
      }
    })
  }

  test('a value out of its column type is refused with the column named, by both ways', async () => {
    const bad = perfRow(3_000_000, 1)
    bad[5] = 1.5 // batch_size INTEGER
    for (const via of ['appender', 'insert'] as const) {
      await expect(bench.db.transaction((tx) => appendRows(tx, SPECS.performance_results, [bad], {now: NOW, via}))).rejects.toThrow(/performance_results\.batch_size: 1\.5 is not a 32-bit integer/)
    }
    expect(await bench.db.scalar('SELECT count(*) FROM performance_results WHERE result_id = 3000000')).toBe(0)
  })
})

describe('allocateIdRanges', () => {
  test('distinct ascending ids per sequence and the transaction now(), in one query', async () => {
    const got = await bench.db.transaction(async (tx) => {
      const r = await allocateIdRanges(tx, [['a', 'seq_run_id', 3000], ['none', 'seq_batch_id', 0], ['b', 'seq_result_id', 2]])
      const now = BigInt((await tx.scalar<number>('SELECT epoch_us(now()::TIMESTAMP)')) as number)
      return {...r, txNow: now}
    })
    expect(got.ids.a).toHaveLength(3000)
    expect(new Set(got.ids.a).size).toBe(3000)
    expect(got.ids.a.every((v, i) => i === 0 || v > got.ids.a[i - 1])).toBe(true)
    expect(got.ids.none).toEqual([])
    expect(got.ids.b).toHaveLength(2)
    expect(got.now).toBe(got.txNow)
    // The sequences moved past every id handed out: the next ones are fresh.
    const next = await bench.db.transaction((tx) => allocateIdRanges(tx, [['a', 'seq_run_id', 1]]))
    expect(next.ids.a[0]).toBeGreaterThan(got.ids.a[2999])
  })
})
