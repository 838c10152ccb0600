import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {cleanup, FIXTURES, runCli, runCliJson, tempDir} from '../helpers/convert.js'

const BERT_CPU = join(FIXTURES, 'performance', 'performance_results', 'bert_cpu_test.json')

describe('--explain and the default directories', () => {
  let dir: string
  beforeAll(() => {
    dir = tempDir()
  })
  afterAll(() => cleanup(dir))

  test('--explain names the matching adapter and every row it would write, writing nothing', () => {
    const r = runCliJson(['db:convert', '--explain', BERT_CPU, '--db', join(dir, 'none.duckdb')])
    expect(r.code).toBe(0)
    const file = JSON.parse(readFileSync(BERT_CPU, 'utf8')) as Array<Record<string, unknown>>
    expect(r.json).toMatchObject({status: 'ingested', adapter: 'star_rows', category: 'performance', rowCounts: {test_runs: 1, performance_results: file.length}})
    expect(r.json.rows.performance_results.map((p: Record<string, unknown>) => [p.model_name, p.batch_size, p.throughput_items_per_second])).toEqual(
      file.map((f) => [f.model_name, f.batch_size, f.throughput_items_per_second]),
    )
    expect(r.json.detection.find((d: {adapter: string}) => d.adapter === 'star_rows').passed).toBe(true)
    expect(existsSync(join(dir, 'none.duckdb'))).toBe(false)
  })

  test('--explain says why nothing matched, and where a rejected file breaks', () => {
    const odd = join(dir, 'odd.json')
    writeFileSync(odd, '{"foo": 1}')
    const u = runCli(['db:convert', '--explain', odd])
    expect(u.code).toBe(0)
    expect(u.stdout).toMatch(/unrecognized/)
    expect(u.stdout).toMatch(/no adapter recognised the document/)
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '[{"model_name": "m", "hardware_type": "cpu", "average_latency_ms": "slow"}]')
    const b = runCli(['db:convert', '--explain', bad])
    expect(b.code).toBe(1)
    expect(b.stdout).toMatch(/at: \/0\/average_latency_ms/)
  })

  test('without --input-dir the predecessor directories present under the current directory are scanned', () => {
    const cwd = join(dir, 'project')
    mkdirSync(join(cwd, 'performance_results'), {recursive: true})
    copyFileSync(BERT_CPU, join(cwd, 'performance_results', 'bert_cpu_test.json'))
    const r = runCli(['db:convert', '--db', 'bench.duckdb'], cwd)
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(`Scanned: ${join(cwd, 'performance_results')}`)
    expect(r.stderr).toMatch(/Not present: .*benchmark_results/)
    expect(r.stderr).toContain('1 file(s) scanned: 1 ingested')
    const none = runCli(['db:convert', '--db', 'x.duckdb'], dir)
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/no input directory found/)
  })
})
