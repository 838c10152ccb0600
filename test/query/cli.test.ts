import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {Ajv} from 'ajv'

import {renderChartPng} from '../../src/lib/render/charts/index.js'
import {isPng, pngSize} from '../../src/lib/render/index.js'
import {primaryChart, runQuery} from '../../src/lib/report/index.js'
import {QUERY_RESULT_SCHEMA} from '../../src/schema/output/query-result.js'
import {mean, parseCsv, runCli, sampleDb, samplePerformance, type TempDb} from '../helpers/query.js'

// The built CLI (npm run build) run as a subprocess, in a directory holding ./benchmark_db.duckdb,
// so the seed README's examples run exactly as written with `bench db:query` for the script.
let db: TempDb
const real = samplePerformance().filter((p) => !p.simulated)
const validate = new Ajv({strict: true}).compile(QUERY_RESULT_SCHEMA)
const q = (...args: string[]) => runCli(['db:query', ...args], {cwd: db.dir})

beforeAll(async () => {
  db = await sampleDb()
})
afterAll(() => db?.cleanup())

describe("the seed README's examples", () => {
  test('--sql "SELECT * FROM models LIMIT 10"', () => {
    const r = q('--db', './benchmark_db.duckdb', '--sql', 'SELECT * FROM models LIMIT 10')
    expect(r.status).toBe(0)
    for (const name of ['bert-base-uncased', 't5-small', 'openai/whisper-tiny']) expect(r.stdout).toContain(name)
    expect(r.stdout).toContain('6 row(s)')
  })

  test('--report performance --family bert', () => {
    const r = q('--db', './benchmark_db.duckdb', '--report', 'performance', '--family', 'bert')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Performance report')
    expect(r.stdout).toContain('9 simulated row(s) excluded')
    const cpu1 = mean(real.filter((p) => p.model === 'bert-base-uncased' && p.hardware === 'cpu' && p.batch === 1).map((p) => p.throughput))
    expect(r.stdout).toContain(cpu1.toFixed(2))
    expect(r.stdout).not.toContain('t5-small')
  })

  test('--compatibility-matrix', () => {
    const r = q('--db', './benchmark_db.duckdb', '--compatibility-matrix')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('40 compatible, 0 partial (mixed evidence), 2 incompatible, 6 untested.')
    expect(r.stdout).toContain('Unsupported operator: STFT')
  })

  test('--model bert-base-uncased --metric throughput --compare-hardware', () => {
    const r = q('--db', './benchmark_db.duckdb', '--model', 'bert-base-uncased', '--metric', 'throughput', '--compare-hardware')
    expect(r.status).toBe(0)
    const v = (hw: string, b: number) => mean(real.filter((p) => p.model === 'bert-base-uncased' && p.hardware === hw && p.batch === b).map((p) => p.throughput))
    expect(r.stdout).toContain(`${(v('cuda', 1) / v('cpu', 1)).toFixed(2)}×`)
    expect(r.stdout).toContain('Geometric mean speed-up vs cpu')
  })

  test('--report summary --format html --output report.html', () => {
    const r = q('--db', './benchmark_db.duckdb', '--report', 'summary', '--format', 'html', '--output', 'report.html')
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('Wrote html to report.html')
    const html = readFileSync(join(db.dir, 'report.html'), 'utf8')
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain('<h1>Benchmark summary</h1>')
    expect(html).toContain('<dt>Database</dt><dd>./benchmark_db.duckdb</dd>')
  })

  test('--model bert-base-uncased --metric throughput --compare-hardware --format chart --output chart.png', () => {
    const r = q('--db', './benchmark_db.duckdb', '--model', 'bert-base-uncased', '--metric', 'throughput', '--compare-hardware', '--format', 'chart', '--output', 'chart.png')
    expect(r.status).toBe(0)
    const png = readFileSync(join(db.dir, 'chart.png'))
    expect(isPng(png)).toBe(true)
    expect(pngSize(png)).toEqual({width: 800, height: 450})
  })
})

describe('charts drawn on the CLI\'s chart thread', () => {
  // The CLI draws on a worker thread (render/charts/thread.ts); these tests draw in process.
  const inProcess = async (request: Parameters<typeof runQuery>[1]) => renderChartPng(primaryChart(await runQuery(db.path, request))!)

  test('a PNG has the bytes the in-process renderer gives for the same data', async () => {
    const r = q('--db', './benchmark_db.duckdb', '--model', 'bert-base-uncased', '--compare-hardware', '--format', 'png', '--output', 'thread.png')
    expect(r.status).toBe(0)
    const expected = await inProcess({mode: 'compare', metric: 'throughput', filters: {model: 'bert-base-uncased'}})
    expect(Buffer.compare(readFileSync(join(db.dir, 'thread.png')), expected)).toBe(0)
  })

  test("the matrix HTML embeds the in-process renderer's heatmap PNG", async () => {
    const r = q('--db', './benchmark_db.duckdb', '--compatibility-matrix', '--format', 'html', '--output', 'thread.html')
    expect(r.status).toBe(0)
    const html = readFileSync(join(db.dir, 'thread.html'), 'utf8')
    const uris = [...html.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((m) => m[1])
    expect(uris).toHaveLength(1)
    const expected = await inProcess({mode: 'matrix'})
    expect(uris[0]).toBe(expected.toString('base64'))
  })
})

describe('db:query flags and exit codes', () => {
  test('--json and --format json print the same schema-valid object', () => {
    const a = q('--db', './benchmark_db.duckdb', '--compatibility-matrix', '--by', 'family', '--json')
    const b = q('--db', './benchmark_db.duckdb', '--compatibility-matrix', '--by', 'family', '--format', 'json')
    expect([a.status, b.status]).toEqual([0, 0])
    const ja = JSON.parse(a.stdout)
    const jb = JSON.parse(b.stdout)
    expect(validate(ja)).toBe(true)
    delete ja.meta.generatedAt
    delete jb.meta.generatedAt
    expect(ja).toEqual(jb)
    expect(ja.rows).toEqual(['bert', 'clip', 'llama', 't5', 'vit', 'whisper'])
  })

  test('--trend as CSV, --limit truncation note', () => {
    const t = q('--trend', '--model', 'bert-base-uncased', '--hardware', 'cuda', '--format', 'csv')
    expect(t.status).toBe(0)
    expect(parseCsv(t.stdout)).toHaveLength(1 + 9)
    const l = q('--sql', 'SELECT * FROM performance_results', '--limit', '5', '--format', 'csv')
    expect(l.status).toBe(0)
    expect(parseCsv(l.stdout)).toHaveLength(1 + 5)
    expect(l.stderr).toContain('Output truncated to 5 rows')
  })

  test('refusals and mistakes have exit codes: sandbox refusal 2, SQL error 1, usage 2', () => {
    const passwd = q('--sql', "SELECT * FROM read_csv('/etc/passwd')")
    expect(passwd.status).toBe(2)
    expect(passwd.stderr).toMatch(/^Error: refused by the SQL sandbox: Permission Error/)
    expect(passwd.stderr).not.toMatch(/\n\s+at /) // no stack trace
    const copy = q('--sql', "COPY models TO 'out.csv'")
    expect(copy.status).toBe(2)
    expect(existsSync(join(db.dir, 'out.csv'))).toBe(false)
    expect(q('--sql', 'SELECT nope FROM models').status).toBe(1)
    const png = q('--compatibility-matrix', '--format', 'png')
    expect(png.status).toBe(2)
    expect(png.stderr).toContain('PNG output needs --output')
    expect(q().status).toBe(2)
    expect(q('--trend', '--compatibility-matrix').status).toBe(2)
    expect(q('--report', 'performance', '--format', 'png', '--output', 'p.png').status).toBe(2)
    expect(runCli(['db:query', '--db', join(db.dir, 'missing.duckdb'), '--report', 'summary']).status).toBe(2)
  })
})
