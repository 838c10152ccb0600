import {chartScriptHashes, withoutChartScripts} from '../helpers/html.js'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {Ajv} from 'ajv'
import {compareOutputSchema} from '../../src/schema/output/compare.js'
import {getJson, serveDatabase, type TestServer} from '../helpers/api-server.js'
import {benchJson} from '../helpers/cli.js'
import {databaseWith} from '../helpers/compare.js'
import {A_CANDIDATE, B_CANDIDATE, C_CANDIDATE, XSS_CANDIDATE, XSS_MODEL, fixtureRunsWithHostileModel} from '../compare/fixture.js'

// The compare fixture (known regression A, improvement B, noisy C, unpaired D/E) plus a second
// regression X under a model name that is markup. The CLI's answers are taken before the server
// starts: the server then holds the database file (DuckDB: one process per file).
let t: TestServer
let runIds: number[]
let cliLatency: any
let cliThroughputCuda: any
let cliStatus: number | null

beforeAll(async () => {
  const made = await databaseWith(fixtureRunsWithHostileModel())
  made.bench.close()
  runIds = made.runIds
  const cli = benchJson(['db:compare', '--db', made.path, '--baseline', 'window:10', '--candidate', 'latest', '--metric', 'latency'])
  cliStatus = cli.status
  cliLatency = cli.json
  cliThroughputCuda = benchJson(['db:compare', '--db', made.path, '--baseline', 'window:10', '--hardware', 'cpu', '--hardware', 'cuda', '--family', 'bert', '--threshold', '3%']).json
  t = await serveDatabase(made.dir, made.path)
}, 120000)

afterAll(async () => {
  await t?.close()
})

const validate = new Ajv({allErrors: true}).compile(compareOutputSchema)
const url = (query: string) => `${t.url}/api/compare/runs?${query}`
const find = (body: any, model: string, hardware: string) =>
  body.series.find((s: any) => s.key.modelName === model && s.key.hardwareType === hardware)
const withoutGate = ({gate: _gate, ...rest}: any) => rest

describe('GET /api/compare/runs (JSON)', () => {
  test('known regressions, improvement and noise get their verdicts and exact change', async () => {
    const {status, body, headers} = await getJson(url('baseline=window:10&candidate=latest&metric=latency'))
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(body.baseline.runs.map((r: any) => r.runId)).toEqual(runIds.slice(0, 10))
    expect(body.candidate.runs.map((r: any) => r.runId)).toEqual([runIds[10]])
    const a = find(body, 'bert-base-uncased', 'cpu')
    // The geometric median of A_LATENCY is 20.0 ms (its middle two are 20.0 and 20.0), the candidate 22.0 ms: +10 %.
    expect(a).toMatchObject({verdict: 'regressed', decidedBy: 'interval'})
    expect(a.baselineValue).toBeCloseTo(20, 9)
    expect(a.candidateValue).toBeCloseTo(A_CANDIDATE, 9)
    expect(a.change).toBeCloseTo(0.1, 9)
    const x = find(body, XSS_MODEL, 'cpu')
    expect(x).toMatchObject({verdict: 'regressed', decidedBy: 'interval'})
    expect(x.baselineValue).toBeCloseTo(30, 9)
    expect(x.candidateValue).toBeCloseTo(XSS_CANDIDATE, 9)
    expect(x.change).toBeCloseTo(0.2, 9)
    expect(find(body, 'bert-base-uncased', 'cuda')).toMatchObject({verdict: 'improved'})
    expect(find(body, 'bert-base-uncased', 'cuda').candidateValue).toBeCloseTo(B_CANDIDATE, 9)
    expect(find(body, 't5-small', 'cpu')).toMatchObject({verdict: 'inconclusive', decidedBy: 'interval'})
    expect(find(body, 't5-small', 'cpu').candidateValue).toBeCloseTo(C_CANDIDATE, 9)
    expect(body.summary).toMatchObject({series: 4, regressed: 2, improved: 1, unchanged: 0, inconclusive: 1, unpaired: 2})
    // Most severe first: the 20 % regression, then the 10 % one.
    expect(body.series.map((s: any) => s.verdict)).toEqual(['regressed', 'regressed', 'inconclusive', 'improved'])
    expect(body.series[0].key.modelName).toBe(XSS_MODEL)
    expect(body.unpaired.map((u: any) => [u.key.modelName, u.side]).sort()).toEqual([
      ['google/vit-base-patch16-224', 'baseline-only'], ['openai/whisper-tiny', 'candidate-only']])
    expect(body.gate).toEqual({failOn: 'regression', failed: true})
  })

  test('validates against the published schema and equals `bench db:compare --json` (plus gate)', async () => {
    const {body} = await getJson(url('baseline=window:10&candidate=latest&metric=latency'))
    expect(validate(body)).toBe(true)
    expect(validate.errors).toBeNull()
    expect(cliStatus).toBe(1) // the CLI gates on the same regressions the API reports as gate.failed
    expect(withoutGate(body)).toEqual(cliLatency)
    expect(validate(cliLatency)).toBe(true)
  })

  test('filters are repeatable or comma-separated, like the CLI flags', async () => {
    const repeated = await getJson(url('baseline=window:10&hardware=cpu&hardware=cuda&family=bert&threshold=3%25'))
    const commas = await getJson(url('baseline=window:10&hardware=cpu,cuda&family=bert&threshold=3'))
    expect(repeated.status).toBe(200)
    expect(repeated.body.settings.filters).toEqual({families: ['bert'], hardware: ['cpu', 'cuda']})
    expect(repeated.body.settings.threshold).toBeCloseTo(0.03, 12)
    expect(repeated.body.series.map((s: any) => `${s.key.modelName}/${s.key.hardwareType}:${s.verdict}`)).toEqual(
      ['bert-base-uncased/cpu:regressed', 'bert-base-uncased/cuda:improved'])
    expect(withoutGate(repeated.body)).toEqual(cliThroughputCuda)
    expect(commas.body).toEqual(repeated.body)
    // A raw % in the URL (as typed in curl) is read as written.
    const raw = await fetch(url('baseline=window:10&threshold=7%')).then((r) => r.json())
    expect(raw.settings.threshold).toBeCloseTo(0.07, 12)
  })

  test('include_simulated adds the simulated series; fail_on changes gate, never the status', async () => {
    const {status, body} = await getJson(url('baseline=window:10&metric=latency&include_simulated=true&fail_on=never'))
    expect(status).toBe(200)
    expect(find(body, 'bert-base-uncased', 'qnn')).toMatchObject({verdict: 'regressed'})
    expect(find(body, 'bert-base-uncased', 'qnn').baselineValue).toBeCloseTo(Math.sqrt(50 * 51), 9)
    expect(find(body, 'bert-base-uncased', 'qnn').key.simulated).toBe(true)
    expect(body.settings.includeSimulated).toBe(true)
    expect(body.gate).toEqual({failOn: 'never', failed: false})
    const t5 = await getJson(url('baseline=window:10&metric=latency&model=t5-small'))
    expect(t5.body.gate).toEqual({failOn: 'regression', failed: false})
    const t5Any = await getJson(url('baseline=window:10&metric=latency&model=t5-small&fail_on=any'))
    expect(t5Any.status).toBe(200)
    expect(t5Any.body.gate).toEqual({failOn: 'any', failed: true}) // inconclusive counts under `any`
  })

  test('defaults are the CLI defaults (window:20 vs latest, throughput, 5 %)', async () => {
    const {status, body} = await getJson(url(''))
    expect(status).toBe(200)
    expect(body.baseline.selector).toBe('window:20')
    expect(body.candidate.selector).toBe('latest')
    expect(body.metric.name).toBe('throughput')
    expect(body.settings.threshold).toBeCloseTo(0.05, 12)
    expect(body.baseline.runs).toHaveLength(10) // only ten runs before the candidate
  })
})

describe('GET /api/compare/runs (other formats)', () => {
  test('markdown: text/markdown, the summary line first, then the regressions', async () => {
    const res = await fetch(url('baseline=window:10&metric=latency&format=markdown'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    const text = await res.text()
    const lines = text.split('\n')
    expect(lines[0]).toBe('**2 regressions** · Latency (lower is better, threshold 5.0%): 2 regressed, 1 improved, 0 unchanged, ' +
      '1 inconclusive, 1 candidate-only, 1 baseline-only (expected false alarms under 0.01, FDR 5%) — baseline window:10 \\[10 runs (1…10)\\] vs candidate latest \\[run 11 (abc0011)\\]')
    expect(lines[2]).toBe('### Regressions')
    expect(text).toContain('| REGRESSED | bert-base-uncased | cpu (cpu-device) | inference | 1 | fp32 | – | 20.00 | 22.00 | +10.0% | +9.1%…+10.9% |')
    expect(text).toContain('| REGRESSED | &lt;img src=x onerror=alert(1)&gt; | cpu (cpu-device) | inference | 1 | fp32 | – | 30.00 | 36.00 | +20.0% |')
    expect(text).toMatch(/<details><summary>2 other series, 2 unpaired<\/summary>/)
    expect(text).not.toContain(XSS_MODEL) // escaped for Markdown
  })

  test('html: strict CSP (only its own inline chart scripts, by hash), the hostile model name escaped', async () => {
    const res = await fetch(url('baseline=window:10&metric=latency&format=html'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe(
      `default-src 'none'; script-src ${chartScriptHashes().join(' ')}; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const html = await res.text()
    const {markup, scripts, specs} = withoutChartScripts(html)
    expect(markup.replace(/<span class="w">|<\/span>/g, '')).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('<img src=x')
    expect(scripts).toBe(4)
    expect(markup).not.toMatch(/<script/i)
    expect(html).toContain('Regressions (2)')
    // One interactive chart per regressed series.
    expect(specs).toHaveLength(2)
  })

  test('text: the CLI table as plain text', async () => {
    const res = await fetch(url('baseline=window:10&metric=latency&format=text'))
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    const text = await res.text()
    expect(text.split('\n')[0]).toMatch(/^Latency \(lower is better, threshold 5\.0%\): 2 regressed, 1 improved/)
    expect(text).toMatch(/REGRESSED.*bert-base-uncased.*cpu.*\+10\.0%.*\+9\.\d%…\+1[01]\.\d%/)
  })
})

describe('GET /api/compare/runs errors', () => {
  test.each([
    ['metric=speed', /^unknown metric "speed"$/],
    ['threshold=0', /^threshold 0% is out of range$/],
    ['format=pdf', /\/format/],
    ['fail_on=sometimes', /\/fail_on/],
    ['threshold=lots', /^invalid threshold "lots"$/],
    ['threshold=2000%25', /^threshold 2000% is out of range$/],
    ['alpha=2', /^alpha 2 is out of range$/],
    ['baseline=window:x', /^invalid run selector "window:x": the window size must be a whole number/],
    ['baseline=a..b..c', /^invalid run selector "a\.\.b\.\.c"/],
    ['candidate=window:3', /"window:3" is relative to the candidate and can only be the baseline/],
    ['baseline=no-such-branch', /^run selector "no-such-branch" matches no run/],
    ['baseline=latest&candidate=latest', /name the same run/],
  ])('%s is a 400 in the one error shape', async (query, message) => {
    const {status, body, headers} = await getJson(url(query))
    expect(status).toBe(400)
    expect(headers.get('content-type')).toMatch(/^application\/json/)
    expect(Object.keys(body)).toEqual(['error'])
    expect(body.error.code).toBe('bad_request')
    expect(body.error.message).toMatch(message)
    expect(body.error.details).toBeDefined()
    expect(JSON.stringify(body)).not.toContain(t.dir) // no server paths
  })

  test('a usage error in a rendered format is JSON too', async () => {
    const {status, body} = await getJson(url('format=html&threshold=lots'))
    expect(status).toBe(400)
    expect(body.error).toMatchObject({code: 'bad_request', message: 'invalid threshold "lots"'})
  })
})

describe('GET /api/compare/runs in /openapi.json', () => {
  test('the route, its parameters and the three formats are documented', async () => {
    const {body} = await getJson(`${t.url}/openapi.json`)
    const op = body.paths['/api/compare/runs'].get
    expect(op.parameters.map((p: any) => p.name).sort()).toEqual(
      ['alpha', 'baseline', 'candidate', 'exclude_regressions', 'fail_on', 'family', 'format', 'hardware', 'include_simulated', 'machine', 'metric', 'model', 'threshold'])
    const param = (name: string) => op.parameters.find((p: any) => p.name === name)
    expect(param('metric').schema).toMatchObject({type: 'string', default: 'throughput'})
    expect(param('format').schema.enum).toEqual(['json', 'markdown', 'html', 'text'])
    expect(param('hardware').schema.anyOf.map((s: any) => s.type)).toEqual(['string', 'array'])
    expect(Object.keys(op.responses[200].content).sort()).toEqual(['application/json', 'text/html', 'text/markdown', 'text/plain'])
    expect(op.responses[400].content['application/json'].schema.$ref).toBe('#/components/schemas/Error')
    expect(op.responses[200].content['application/json'].schema.$ref).toBe('#/components/schemas/RunComparison')
    expect(body.components.schemas.RunComparison.properties.gate.required).toEqual(['failOn', 'failed'])
  })
})
