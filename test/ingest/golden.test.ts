import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'

import {FIXTURES, cleanup, queryDb, runCli, tempDir} from '../helpers/convert.js'
import {SHAPES_WITH_COLUMN_MEASUREMENTS, at, expectationsFor, type Expectation} from './golden-oracles.js'

/**
 * Golden test: every real file and every variant is converted once into one database (the CLI,
 * as a user would), then each measurement of each file is read back from its column, in its
 * unit, and compared with the number at its JSON pointer in the source file times the documented
 * factor (golden-oracles.ts). A latency landing in the throughput column, seconds stored as ms,
 * or a value attached to the wrong model, batch size or hardware fails here.
 */
const VARIANTS = join(FIXTURES, '..', 'variants')
let dir: string
let db: string
type Row = Record<string, unknown>
let files: Array<{path: string; shape: string; source_file_id: number}>
const rows: Record<string, Row[]> = {}

beforeAll(async () => {
  dir = tempDir()
  db = join(dir, 'golden.duckdb')
  const r = runCli(['db:convert', '--input-dir', FIXTURES, '--input-dir', VARIANTS, '--db', db, '--json'])
  if (r.code !== 0) throw new Error(`convert failed (${r.code}): ${r.stderr}`)
  // A file whose bytes another file already holds is a duplicate: its rows are its twin's.
  files = await queryDb(db, `SELECT path, shape, coalesce(duplicate_of, source_file_id)::INTEGER AS source_file_id FROM source_files WHERE status IN ('ingested', 'duplicate') ORDER BY path`)
  const joined = `JOIN models m USING (model_id) JOIN hardware_platforms h USING (hardware_id)`
  rows.performance_results = await queryDb(db, `SELECT p.*, m.model_name, h.hardware_type FROM performance_results p ${joined}`)
  rows.web_platform_results = await queryDb(db, `SELECT w.*, m.model_name, h.hardware_type FROM web_platform_results w ${joined}`)
  rows.performance_batch_results = await queryDb(db, `SELECT b.batch_index, b.latency_ms, p.source_file_id, p.test_case, p.model_name, p.hardware_type, p.batch_size FROM performance_batch_results b JOIN (SELECT p.*, m.model_name, h.hardware_type FROM performance_results p ${joined}) p USING (result_id)`)
}, 120_000)

afterAll(() => cleanup(dir))

function matching(e: Expectation, sourceFileId: number): Row[] {
  return rows[e.table].filter((r) => Number(r.source_file_id) === sourceFileId && Object.entries(e.row).every(([k, v]) => (k === 'batch_size' || k === 'batch_index' ? Number(r[k] ?? NaN) === v || (v === null && r[k] == null) : r[k] === v)))
}

describe('golden: each measurement read back from its column, in its unit', () => {
  test('every real file and variant was converted', () => {
    expect(files.filter((f) => f.path.includes('/real/')).length).toBe(38)
    expect(files.length).toBeGreaterThanOrEqual(70)
  })

  test('every shape with column measurements is exercised', () => {
    expect(new Set(files.map((f) => f.shape).filter((s) => SHAPES_WITH_COLUMN_MEASUREMENTS.includes(s)))).toEqual(new Set(SHAPES_WITH_COLUMN_MEASUREMENTS))
  })

  test('each file', () => {
    let checked = 0
    const problems: string[] = []
    for (const f of files) {
      // Only shapes with column oracles are read here; text formats (Criterion's console output)
      // have their own tests and no JSON pointers.
      if (!SHAPES_WITH_COLUMN_MEASUREMENTS.includes(f.shape)) continue
      const doc = JSON.parse(readFileSync(f.path, 'utf8').replace(/^\uFEFF/, ''))
      for (const e of expectationsFor(f.shape, doc)) {
        const source = at(doc, e.pointer) as number
        const found = matching(e, f.source_file_id)
        const where = `${f.path.split('/fixtures/')[1]} ${e.pointer} -> ${e.table}.${e.column} ${JSON.stringify(e.row)}`
        if (found.length !== 1) {
          problems.push(`${where}: ${found.length} matching rows`)
          continue
        }
        const stored = found[0][e.column]
        const want = source * e.factor
        // Same double, up to the last bits of a x1000 conversion.
        if (typeof stored !== 'number' || Math.abs(stored - want) > 1e-12 * Math.max(1, Math.abs(want))) problems.push(`${where}: stored ${String(stored)}, expected ${want}`)
        checked++
      }
    }
    process.stderr.write(`golden: ${checked} measurements checked in their columns\n`)
    expect(problems).toEqual([])
    expect(checked).toBeGreaterThan(800)
  })

  test('a value in the wrong column would be caught: latency and throughput of the star rows differ', () => {
    // The guard above only bites if the two columns hold different numbers in the fixtures.
    const star = rows.performance_results.filter((r) => r.throughput_items_per_second != null && r.average_latency_ms != null)
    expect(star.length).toBeGreaterThan(20)
    expect(star.every((r) => r.throughput_items_per_second !== r.average_latency_ms)).toBe(true)
  })

  test('tokens/s of hosted APIs land in result_metrics in tokens/s, never in the items/s column', async () => {
    const groq = files.find((f) => f.path.endsWith('groq_model_performance.json'))!
    const doc = JSON.parse(readFileSync(groq.path, 'utf8'))
    const got = await queryDb<{model_name: string; value: number; unit: string; throughput: number | null}>(
      db,
      `SELECT m.model_name, rm.value, rm.unit, p.throughput_items_per_second AS throughput FROM result_metrics rm JOIN performance_results p USING (result_id) JOIN models m USING (model_id)
       WHERE rm.metric = 'tokens_per_second' AND p.source_file_id = ${groq.source_file_id} ORDER BY m.model_name`,
    )
    const want = (doc.models as Array<{model: string; tokens_per_second: number}>).map((m) => ({model_name: m.model, value: m.tokens_per_second, unit: 'tokens/s', throughput: null}))
    expect(got).toEqual(want.sort((a, b) => a.model_name.localeCompare(b.model_name)))
  })
})
