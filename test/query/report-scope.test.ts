/**
 * What a question covers (issue 19 leftovers, issue 14 time), on a database built by `db:convert`
 * of star_rows files, one run folder each (a folder named YYYYMMDD_HHMMSS dates its run; one folder
 * has no time anywhere):
 * - repeated filters mean any of them (--model a --model b, the API's repeats and comma lists),
 *   in reports, comparison, trend and matrix; a name containing a comma stays whole;
 * - the summary and the matrix leave out models without any data, say how many, and --all shows them;
 * - undated runs are counted and shown as "time unknown", never dated by their ingestion;
 * - --sql --limit 0 streams every row to CSV, JSON and Parquet, read back value by value.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {Ajv} from 'ajv'
import {DuckDBInstance} from '@duckdb/node-api'
import {QUERY_RESULT_SCHEMA} from '../../src/schema/output/query-result.js'
import {matrixCellsTable} from '../../src/lib/report/documents-analysis.js'
import {compatibilityFailuresTable} from '../../src/lib/report/documents-reports.js'
import type {CompatibilityReport} from '../../src/lib/report/compatibility.js'
import type {MatrixCell} from '../../src/lib/report/matrix.js'
import {getJson, serveDatabase} from '../helpers/api-server.js'
import {spawn} from 'node:child_process'
import {BIN, bench, benchJson, makeTempDir, tempDir} from '../helpers/cli.js'
import {queryDb} from '../helpers/convert.js'
import {parseCsv} from '../helpers/query.js'

const I9 = 'Intel Core i9-12900K'
const A100 = 'NVIDIA A100-SXM4-80GB'
const JMH = 'org.bench.Sort.run(size=10,mode=avgt)'

type Row = Record<string, unknown>
const row = (model: string, hardware: string, device: string, batch: number, tput: number, latency: number): Row => ({
  model_name: model, hardware_type: hardware, device_name: device, batch_size: batch, precision: 'fp32',
  throughput_items_per_second: tput, average_latency_ms: latency,
})

/** One folder per run; `folder` dates it (YYYYMMDD_HHMMSS) or not. */
const RUNS: {folder: string; rows: Row[]}[] = [
  {folder: '20250301_100000', rows: [row('bert-base-uncased', 'cpu', I9, 8, 100, 80), row('bert-base-uncased', 'cuda', A100, 8, 900, 9), row('t5-small', 'cpu', I9, 8, 50, 160)]},
  {folder: '20250302_100000', rows: [row('bert-base-uncased', 'cpu', I9, 8, 110, 72), row('gpt2', 'cpu', I9, 8, 20, 400), row('gpt2', 'cuda', A100, 8, 500, 16)]},
  {folder: '20250303_100000', rows: [row('t5-small', 'cpu', I9, 8, 55, 145), row(JMH, 'cpu', I9, 1, 7, 140)]},
  // No time in the file or its names: the run is undated, and distilgpt2 has no other run.
  {folder: 'adhoc', rows: [row('distilgpt2', 'cpu', I9, 8, 33, 30)]},
]
const NEWEST = '2025-03-03T10:00:00.000Z'

let tmp: ReturnType<typeof tempDir>
let db: string
const q = (...args: string[]) => bench(['db:query', '--db', db, ...args])
const qJson = <T = any>(...args: string[]) => benchJson<T>(['db:query', '--db', db, ...args])
const validate = new Ajv({strict: false, allErrors: true}).compile(QUERY_RESULT_SCHEMA)

beforeAll(() => {
  tmp = tempDir('benchdb-scope-')
  db = join(tmp.dir, 'scope.duckdb')
  for (const run of RUNS) {
    const dir = join(tmp.dir, 'results', run.folder)
    mkdirSync(dir, {recursive: true})
    writeFileSync(join(dir, 'benchmark_results.json'), JSON.stringify(run.rows))
    const converted = bench(['db:convert', '--input-dir', dir, '--db', db])
    expect(converted.status).toBe(0)
  }
}, 120_000)

afterAll(() => tmp?.cleanup())

const geomean = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length)

describe('repeated filters mean any of them', () => {
  test('performance report: both models, each series with its own averages', () => {
    const {status, json} = qJson('--report', 'performance', '--model', 'bert-base-uncased', '--model', 't5-small', '--hardware', 'cpu')
    expect(status).toBe(0)
    expect(validate(json)).toBe(true)
    expect(json.meta.filters).toMatchObject({model: ['bert-base-uncased', 't5-small'], hardware: 'cpu'})
    expect(json.rows.map((r: any) => [r.model, r.hardware, r.results, r.throughput, r.latencyMs])).toEqual([
      ['bert-base-uncased', 'cpu', 2, 105, 76],
      ['t5-small', 'cpu', 2, 52.5, 152.5],
    ])
  })

  test('two hardware types: every row of the model on either, none of the others', () => {
    const {json} = qJson('--report', 'performance', '--model', 'gpt2', '--hardware', 'cpu', '--hardware', 'CUDA')
    expect(json.rows.map((r: any) => [r.hardware, r.throughput])).toEqual([['cpu', 20], ['cuda', 500]])
  })

  test('compare-hardware over two models: the geometric mean of their paired speed-ups, recomputed here', () => {
    const {status, json} = qJson('--compare-hardware', '--model', 'bert-base-uncased', '--model', 'gpt2', '--metric', 'latency')
    expect(status).toBe(0)
    expect(validate(json)).toBe(true)
    expect(json.scope).toEqual({model: null, family: null, models: ['bert-base-uncased', 'gpt2']})
    // latency: lower is better, speed-up = cpu value / value, per model, then over models
    const bert = (80 + 72) / 2 / 9
    const gpt2 = 400 / 16
    const cuda = json.summary.find((s: any) => s.hardware === 'cuda')
    expect(cuda.models).toBe(2)
    expect(cuda.speedup).toBeCloseTo(geomean([bert, gpt2]), 12)
  })

  test('trend: a line per model, each holding only its own runs in run order', () => {
    const {json} = qJson('--trend', '--model', 'bert-base-uncased', '--model', 't5-small', '--hardware', 'cpu', '--metric', 'throughput')
    expect(validate(json)).toBe(true)
    expect(json.model).toBe('bert-base-uncased, t5-small')
    expect(json.series.map((s: any) => [s.model, s.hardware, s.label, s.points.map((p: any) => [p.measuredAt, p.value])])).toEqual([
      ['bert-base-uncased', 'cpu', 'bert-base-uncased · batch 8', [['2025-03-01T10:00:00.000Z', 100], ['2025-03-02T10:00:00.000Z', 110]]],
      ['t5-small', 'cpu', 't5-small · batch 8', [['2025-03-01T10:00:00.000Z', 50], [NEWEST, 55]]],
    ])
  })

  test('matrix: a comma list is the same as repeats; a name with a comma stays whole', () => {
    const repeated = qJson('--compatibility-matrix', '--model', 'gpt2', '--model', 't5-small').json
    const listed = qJson('--compatibility-matrix', '--model', 'gpt2,t5-small').json
    expect(repeated.rows).toEqual(['gpt2', 't5-small'])
    expect(listed.rows).toEqual(repeated.rows)
    expect(listed.cells).toEqual(repeated.cells)
    const jmh = qJson('--report', 'performance', '--model', JMH).json
    expect(jmh.rows.map((r: any) => [r.model, r.throughput])).toEqual([[JMH, 7]])
  })

  test('one unknown name among several is a usage error naming it, with the closest name', () => {
    const r = q('--report', 'summary', '--model', 'bert-base-uncased', '--model', 't5-smal')
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('--model "t5-smal": no model of that name in the database; did you mean "t5-small"?')
  })

  test('the API takes repeats and comma lists and answers as the CLI does', async () => {
    const dir = makeTempDir('benchdb-scope-api-')
    copyFileSync(db, join(dir, 'scope.duckdb'))
    const server = await serveDatabase(dir, join(dir, 'scope.duckdb'))
    try {
      const cli = qJson('--compare-hardware', '--model', 'bert-base-uncased', '--model', 'gpt2', '--metric', 'latency').json
      const repeats = await getJson(`${server.url}/api/compare/hardware?model=bert-base-uncased&model=gpt2&metric=latency`)
      const comma = await getJson(`${server.url}/api/compare/hardware?model=bert-base-uncased,gpt2&metric=latency`)
      expect([repeats.status, comma.status]).toEqual([200, 200])
      for (const body of [repeats.body, comma.body]) {
        expect(body.scope).toEqual(cli.scope)
        expect(body.summary).toEqual(cli.summary)
        expect(body.rows).toEqual(cli.rows)
      }
      const perf = await getJson(`${server.url}/api/performance?model=gpt2&model=t5-small&hardware=cpu`)
      expect(perf.body.items.map((i: any) => [i.model_name, i.throughput_items_per_second]).sort()).toEqual([['gpt2', 20], ['t5-small', 50], ['t5-small', 55]])
      const typo = await getJson(`${server.url}/api/trend?model=gpt2,gtp3&hardware=cpu`)
      expect(typo.status).toBe(400)
      expect(JSON.stringify(typo.body)).toContain('gtp3')
    } finally {
      await server.close()
    }
  }, 60_000)
})

describe('models without any data are left out of the summary and the matrix, and counted', () => {
  test('matrix on cuda: only the models with cuda evidence; --all shows the rest as untested', () => {
    const {json: shown} = qJson('--compatibility-matrix', '--hardware', 'cuda')
    expect(validate(shown)).toBe(true)
    expect([shown.rows, shown.hiddenRows]).toEqual([['bert-base-uncased', 'gpt2'], 3])
    const {json: all} = qJson('--compatibility-matrix', '--hardware', 'cuda', '--all')
    expect([all.rows, all.hiddenRows]).toEqual([['bert-base-uncased', 'distilgpt2', 'gpt2', JMH, 't5-small'], 0])
    expect(all.cells.filter((c: any) => ['distilgpt2', 't5-small', JMH].includes(c.row)).map((c: any) => c.state)).toEqual(['untested', 'untested', 'untested'])
    const text = q('--compatibility-matrix', '--hardware', 'cuda').stdout
    expect(text).toContain('3 models without any data hidden (use --all to show them).')
  })

  test('summary on cuda: models and the hidden count; a model named by --model is shown even without data', () => {
    const {json} = qJson('--report', 'summary', '--hardware', 'cuda')
    expect(validate(json)).toBe(true)
    expect(json.models.map((m: any) => [m.model, m.bestHardware, m.bestThroughput])).toEqual([['bert-base-uncased', 'cuda', 900], ['gpt2', 'cuda', 500]])
    expect(json.hiddenModels).toBe(3)
    const named = qJson('--report', 'summary', '--hardware', 'cuda', '--model', 't5-small').json
    expect([named.models.map((m: any) => [m.model, m.untested]), named.hiddenModels]).toEqual([[['t5-small', 1]], 0])
  })

  test('the summary CSV holds the overview (with the undated runs) before the models', () => {
    const r = q('--report', 'summary', '--format', 'csv')
    expect(r.status).toBe(0)
    const [overview, models] = r.stdout.split('\r\n\r\n').map((block) => parseCsv(block.endsWith('\r\n') ? block : block + '\r\n'))
    expect(overview[0]).toEqual(['Item', 'Value'])
    const item = new Map(overview.slice(1).map(([k, v]) => [k, v]))
    expect([item.get('Runs'), item.get('Runs without a time'), item.get('Performance results'), item.get('Last measured')]).toEqual(['4', '1', '9', NEWEST])
    expect(models[0].slice(0, 4)).toEqual(['Model', 'Family', 'Hardware benchmarked', 'Fastest hardware'])
    expect(models.slice(1).map((m) => m[0])).toEqual(['bert-base-uncased', 'distilgpt2', 'gpt2', JMH, 't5-small'])
  })
})

describe('an undated run is "time unknown", never dated by when it was ingested', () => {
  test('the database holds no time for it, and the summary counts it without letting it date anything', async () => {
    const runs = await queryDb<{folder: string; t: string | null}>(db, `SELECT coalesce(started_at, completed_at)::VARCHAR AS t FROM test_runs ORDER BY run_id`)
    expect(runs.map((r) => r.t)).toEqual(['2025-03-01 10:00:00', '2025-03-02 10:00:00', '2025-03-03 10:00:00', null])
    const {json} = qJson('--report', 'summary')
    expect(json.overview).toMatchObject({runs: 4, undatedRuns: 1, firstMeasured: '2025-03-01T10:00:00.000Z', lastMeasured: NEWEST})
  })

  test('performance report: null in JSON, "time unknown" in the Last measured column', () => {
    const {json} = qJson('--report', 'performance', '--model', 'distilgpt2')
    expect(json.rows.map((r: any) => [r.model, r.results, r.lastMeasured])).toEqual([['distilgpt2', 1, null]])
    const csv = parseCsv(q('--report', 'performance', '--model', 'distilgpt2', '--format', 'csv').stdout)
    expect(csv[1][csv[0].indexOf('Last measured')]).toBe('time unknown')
  })

  test('the summary of only the undated run says "time unknown" for both ends', () => {
    const csv = q('--report', 'summary', '--model', 'distilgpt2', '--format', 'csv').stdout
    const overview = new Map(parseCsv(csv.split('\r\n\r\n')[0] + '\r\n').map(([k, v]) => [k, v]))
    expect([overview.get('Runs'), overview.get('Runs without a time'), overview.get('First measured'), overview.get('Last measured')]).toEqual(['1', '1', 'time unknown', 'time unknown'])
  })
})

describe('failures and evidence from undated runs', () => {
  // (No compatibility adapter writes a failure without a time from a file we could give it here:
  // the tables are checked on the cells the matrix makes, whose times are null when unknown.)
  const cell = (over: Partial<MatrixCell>): MatrixCell => ({
    row: 'bert-base-uncased', hardware: 'webnn', state: 'incompatible', compatible: 0, incompatible: 2, benchmarks: 0, models: 1,
    latestEvidenceAt: null, latestFailureAt: null, latestFailure: 'op missing', latestErrorType: null, suggestedFix: null, ...over,
  })
  const untested = cell({hardware: 'qnn', state: 'untested', incompatible: 0, latestFailure: null})

  test('"Failed at" and "Latest evidence" say "time unknown" for undated evidence, and stay empty where there is none', () => {
    const failures = compatibilityFailuresTable({failures: [cell({})]} as CompatibilityReport)
    expect(failures.rows.map((r) => r.latestFailureAt)).toEqual(['time unknown'])
    const cells = matrixCellsTable({by: 'model', cells: [cell({}), untested, cell({latestEvidenceAt: NEWEST, latestFailureAt: NEWEST})]} as never)
    expect(cells.rows.map((r) => [r.latestEvidenceAt, r.latestFailureAt])).toEqual([['time unknown', 'time unknown'], [null, null], [NEWEST, NEWEST]])
  })
})

describe('--sql --limit 0: a full export, streamed', () => {
  const SQL = `SELECT pr.result_id, m.model_name, pr.throughput_items_per_second AS tput, '=cmd' AS risky
    FROM performance_results pr JOIN models m USING (model_id) ORDER BY pr.result_id`

  test('CSV: every row, the values of the table, formula-looking cells neutralised', async () => {
    const out = join(tmp.dir, 'all.csv')
    const r = q('--sql', SQL, '--limit', '0', '--format', 'csv', '--output', out)
    expect(r.status).toBe(0)
    const expected = await queryDb<{result_id: number; model_name: string; tput: number}>(db, SQL)
    const rows = parseCsv(readFileSync(out, 'utf8'))
    expect(rows[0]).toEqual(['result_id', 'model_name', 'tput', 'risky'])
    expect(rows.slice(1)).toEqual(expected.map((e) => [String(e.result_id), e.model_name, String(e.tput), "'=cmd"]))
  })

  test('more rows than a chunk and than the default cap: all of them, in order', () => {
    const r = q('--sql', 'SELECT i, i * 0.5 AS half FROM range(5000) t(i) ORDER BY i', '--limit', '0', '--format', 'csv')
    expect(r.status).toBe(0)
    const rows = parseCsv(r.stdout)
    expect(rows).toHaveLength(5001)
    expect(rows[4097]).toEqual(['4096', '2048'])
    expect(rows[5000]).toEqual(['4999', '2499.5'])
  })

  test('JSON on stdout: the result object of the schema, every row', () => {
    const {status, json} = qJson('--sql', 'SELECT i FROM range(3000) t(i) ORDER BY i', '--limit', '0')
    expect(status).toBe(0)
    expect(validate(json)).toBe(true)
    expect([json.kind, json.rowCount, json.limit, json.truncated, json.rows.length, json.meta.rowsUsed]).toEqual(['sql', 3000, 0, false, 3000, 3000])
    expect(json.rows[2999]).toEqual({i: 2999})
  })

  test('JSON to a file with --json: the file holds the rows, stdout the summary of what was written', () => {
    const out = join(tmp.dir, 'all.json')
    const {status, json} = qJson('--sql', 'SELECT i FROM range(2500) t(i) ORDER BY i', '--limit', '0', '--output', out)
    expect(status).toBe(0)
    expect(validate(json)).toBe(true)
    expect(json.export).toMatchObject({format: 'json', rowCount: 2500, columns: [{name: 'i', type: 'BIGINT'}]})
    const file = JSON.parse(readFileSync(out, 'utf8'))
    expect(validate(file)).toBe(true)
    expect([file.rowCount, file.rows[0], file.rows[2499]]).toEqual([2500, {i: 0}, {i: 2499}])
  })

  test('a reader that stops early (| head) ends the export quietly: exit 0, nothing on stderr', async () => {
    const child = spawn(process.execPath, [BIN, 'db:query', '--db', db, '--sql', 'SELECT i FROM range(3000000) t(i)', '--limit', '0', '--format', 'csv'], {env: {...process.env, NO_COLOR: '1'}})
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d))
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))))
    child.stdout.destroy()
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(first.startsWith('i\r\n0\r\n')).toBe(true)
    expect([code, stderr]).toEqual([0, ''])
  }, 60_000)

  test('Parquet: read back by DuckDB, the same values', async () => {
    const out = join(tmp.dir, 'all.parquet')
    const r = q('--sql', SQL, '--limit', '0', '--format', 'parquet', '--output', out)
    expect(r.status).toBe(0)
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    try {
      const back = (await connection.runAndReadAll(`SELECT result_id::INTEGER, model_name, tput FROM read_parquet('${out}') ORDER BY result_id`)).getRows()
      const expected = await queryDb<{result_id: number; model_name: string; tput: number}>(db, SQL)
      expect(back).toEqual(expected.map((e) => [Number(e.result_id), e.model_name, e.tput]))
    } finally {
      connection.closeSync()
      instance.closeSync()
    }
  })

  test('refusals: no Parquet to a terminal, no text export, the sandbox still holds; an existing output is left as it was', () => {
    const out = join(tmp.dir, 'kept.csv')
    writeFileSync(out, 'previous\r\n')
    const noOutput = q('--sql', 'SELECT 1', '--format', 'parquet')
    const text = q('--sql', 'SELECT 1', '--limit', '0')
    const passwd = q('--sql', "SELECT * FROM read_csv('/etc/passwd')", '--limit', '0', '--format', 'parquet', '--output', join(tmp.dir, 'x.parquet'))
    const failing = q('--sql', 'SELECT no_such_column FROM models', '--limit', '0', '--format', 'csv', '--output', out)
    expect([noOutput.status, text.status, passwd.status, failing.status]).toEqual([2, 2, 2, 1])
    expect(noOutput.stderr).toContain('needs --output FILE')
    expect(text.stderr).toContain('written as csv, json or parquet, not text')
    expect(passwd.stderr).toContain('refused by the SQL sandbox')
    expect(existsSync(join(tmp.dir, 'x.parquet'))).toBe(false)
    expect(readFileSync(out, 'utf8')).toBe('previous\r\n')
  })
})
