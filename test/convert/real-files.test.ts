import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readdirSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {openBenchDb, type BenchDb} from '../../src/index.js'
import {countRows} from '../../src/lib/ingest/writer.js'
import {pythonApiQuery} from '../helpers/contract.js'
import {FIXTURES, cleanup, runCliJson, tempDir} from '../helpers/convert.js'
import {ingest} from '../ingest/helpers.js'

/**
 * The 38 real files end to end: through the built CLI into a real database, then read back. The
 * adapters' own golden tests prove each figure survives mapping; this proves every mapped figure
 * lands in the database with the right model, hardware and batch size.
 */
function realFiles(dir = FIXTURES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return realFiles(path)
    return name.endsWith('.json') ? [path] : []
  })
}

const files = realFiles()
let dir: string
let bench: BenchDb
let summary: Record<string, number>
let exitCode: number

beforeAll(async () => {
  dir = tempDir()
  const db = join(dir, 'real.duckdb')
  const run = runCliJson(['db:convert', '--input-dir', FIXTURES, '--db', db])
  exitCode = run.code
  summary = run.json.summary
  bench = await openBenchDb(db, {readOnly: true})
})
afterAll(() => {
  bench?.close()
  cleanup(dir)
})

describe('db:convert over the 38 real result files', () => {
  test('all 38 ingested: none rejected, none unrecognized, exit 0', () => {
    expect(files).toHaveLength(38)
    expect(exitCode).toBe(0)
    // SOURCES.txt is scanned too, and left alone (skipped): no text format claims it.
    expect(summary).toMatchObject({scanned: 39, ingested: 38, rejected: 0, unrecognized: 0, skipped: 1})
  })

  test.each(files.map((f) => [relative(FIXTURES, f)]))('%s: rows per table in the database equal the mapping', async (rel) => {
    const {out, adapter} = ingest(`real/${rel}`)
    const ledger = await bench.db.one<{source_file_id: number; shape: string; status: string; rows_written: string}>(
      `SELECT source_file_id, shape, status, rows_written FROM source_files WHERE path LIKE '%' || ?`,
      [rel],
    )
    expect(ledger).toMatchObject({shape: adapter.name, status: 'ingested'})
    const expected = countRows(out)
    const actual: Record<string, number> = {}
    for (const table of Object.keys(expected)) {
      actual[table] = await bench.db.scalar<number>(`SELECT count(*) FROM ${table} WHERE source_file_id = ?`, [ledger!.source_file_id])
    }
    expect(actual).toEqual(expected)
    expect(JSON.parse(ledger!.rows_written)).toEqual(expected)
  })

  test('every mapped throughput, latency and memory figure is in performance_results with its model, hardware and batch size', async () => {
    let checked = 0
    for (const f of files) {
      const {out} = ingest(`real/${relative(FIXTURES, f)}`)
      for (const p of out.performance) {
        const n = await bench.db.scalar<number>(
          `SELECT count(*) FROM performance_results pr
             JOIN models m USING (model_id) JOIN hardware_platforms hp USING (hardware_id)
           WHERE m.model_name = ? AND hp.hardware_type = ? AND pr.batch_size IS NOT DISTINCT FROM ?
             AND pr.throughput_items_per_second IS NOT DISTINCT FROM ? AND pr.average_latency_ms IS NOT DISTINCT FROM ?
             AND pr.memory_peak_mb IS NOT DISTINCT FROM ? AND pr.is_simulated = ?`,
          [p.model.name, p.hardware.type, p.batchSize ?? null, p.throughputItemsPerSecond ?? null, p.averageLatencyMs ?? null,
            p.memoryPeakMb ?? null, p.simulated],
        )
        expect([p.model.name, p.hardware.type, p.batchSize, n >= 1]).toEqual([p.model.name, p.hardware.type, p.batchSize, true])
        checked++
      }
    }
    expect(checked).toBe(await bench.db.scalar<number>('SELECT count(*) FROM performance_results'))
  })

  test('bert_cpu_test.json: three bert-base-uncased rows on cpu with the file\'s exact throughputs', async () => {
    const rows = await bench.db.all<{batch_size: number; throughput_items_per_second: number}>(
      `SELECT pr.batch_size, pr.throughput_items_per_second FROM performance_results pr
         JOIN models m USING (model_id) JOIN hardware_platforms hp USING (hardware_id)
         JOIN source_files sf ON sf.source_file_id = pr.source_file_id
       WHERE sf.path LIKE '%performance_results/bert_cpu_test.json' AND m.model_name = 'bert-base-uncased' AND hp.hardware_type = 'cpu'
       ORDER BY pr.batch_size`,
    )
    expect(rows).toEqual([
      {batch_size: 8, throughput_items_per_second: 52.4},
      {batch_size: 16, throughput_items_per_second: 78.6},
      {batch_size: 32, throughput_items_per_second: 108.8},
    ])
  })

  test("the predecessor README's Python API query returns the right averages over the real files", async () => {
    const sums = new Map<string, {sum: number; n: number}>()
    for (const f of files) {
      for (const p of ingest(`real/${relative(FIXTURES, f)}`).out.performance) {
        const key = `${p.model.name}|${p.hardware.type}`
        const s = sums.get(key) ?? {sum: 0, n: 0}
        if (p.throughputItemsPerSecond !== null && p.throughputItemsPerSecond !== undefined) {
          s.sum += p.throughputItemsPerSecond
          s.n++
        }
        sums.set(key, s)
      }
    }
    const rows = await bench.db.all<{model_name: string; hardware_type: string; avg_throughput: number | null}>(pythonApiQuery())
    expect(rows).toHaveLength(sums.size)
    for (const r of rows) {
      const s = sums.get(`${r.model_name}|${r.hardware_type}`)!
      if (s.n === 0) expect(r.avg_throughput).toBeNull()
      else expect(r.avg_throughput).toBeCloseTo(s.sum / s.n, 9)
    }
    expect(rows.find((r) => r.model_name === 'bert-base-uncased' && r.hardware_type === 'cpu')).toBeDefined()
  })
})
