/**
 * The command line with the native format and the inferring fallback (built CLI, one database):
 * db:convert ingests both, --explain prints the inference pointer by pointer, a malformed native
 * file exits 1 naming the pointer and the expectation, and db:query --no-inferred hides inferred rows.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {copyFileSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {bench, benchJson, ROOT, tempDir} from '../helpers/cli.js'

const NATIVE = {
  format: 'benchdb-result', version: 1,
  run: {name: 'cli-run', started_at: '2026-05-01T12:00:00Z', machine: 'laptop-2'},
  results: [{model: 'google/vit-base-patch16-224', hardware: 'cpu', batch_size: 1, metrics: {latency: {value: 0.0215, unit: 's'}, throughput: 46.5}}],
}

let dir: string
let done: () => void
let db: string
let input: string
let convert: ReturnType<typeof benchJson>

beforeAll(() => {
  ;({dir, cleanup: done} = tempDir())
  db = join(dir, 'cli.duckdb')
  input = join(dir, 'in')
  mkdirSync(input)
  writeFileSync(join(input, 'native.json'), JSON.stringify(NATIVE))
  copyFileSync(join(ROOT, 'test', 'fixtures', 'inferred', 'by_hardware.json'), join(input, 'by_hardware.json'))
  convert = benchJson(['db:convert', '--input-dir', input, '--db', db, '--verbose'])
})
afterAll(() => done())

describe('db:convert and db:query with native and inferred documents', () => {
  test('both are ingested, by their shapes', () => {
    expect(convert.status).toBe(0)
    const shapes = Object.fromEntries((convert.json as any).files.map((f: any) => [f.path.split('/').pop(), [f.status, f.shape]]))
    expect(shapes).toEqual({'native.json': ['ingested', 'benchdb_result'], 'by_hardware.json': ['ingested', 'inferred']})
  })

  test('--explain shows which pointer became which metric, and where model and hardware came from', () => {
    const r = bench(['db:convert', '--explain', join(input, 'by_hardware.json')])
    expect(r.status).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/: ingested by shape "inferred" \(category performance\)$/),
      '  row at /results/cpu: model resnet50 (from /model), hardware cpu (from /results/cpu), precision fp16',
      '    /results/cpu/avg_time_ms = 40.2 -> latency 40.2 ms; unit from the key',
      '    /results/cpu/mem_bytes = 104857600 -> memory_peak 104.8576 MB (x 0.000001); unit from the key',
      '  left out /results/cuda/latency: "latency" looks like latency but neither its name nor a sibling "unit" says in which unit',
    ]))
  })

  test('a malformed native file exits 1, naming the file, the pointer and the expectation', () => {
    const bad = join(dir, 'bad')
    mkdirSync(bad)
    writeFileSync(join(bad, 'broken.json'), JSON.stringify({...NATIVE, results: [{...NATIVE.results[0], hardware: undefined}]}))
    const r = bench(['db:convert', '--input-dir', bad, '--db', join(dir, 'bad.duckdb')])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/rejected: .*broken\.json.*at \/results\/0\/hardware.*expected key "hardware"/)
  })

  test('db:query --report performance includes inferred rows; --no-inferred leaves them out', () => {
    const all = benchJson(['db:query', '--db', db, '--report', 'performance'])
    const hidden = benchJson(['db:query', '--db', db, '--report', 'performance', '--no-inferred'])
    expect(all.status).toBe(0)
    expect(hidden.status).toBe(0)
    const rows = (j: any) => j.rows.map((r: any) => [r.model, r.hardware, r.latencyMs])
    expect(rows(all.json).sort()).toEqual([
      ['google/vit-base-patch16-224', 'cpu', expect.closeTo(21.5, 9)],
      ['resnet50', 'cpu', 40.2],
      ['resnet50', 'cuda', 3.1],
    ])
    expect(rows(hidden.json)).toEqual([['google/vit-base-patch16-224', 'cpu', expect.closeTo(21.5, 9)]])
    expect((hidden.json as any).meta.filters).toEqual({excludeInferred: true})
  })
})
