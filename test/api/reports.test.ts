import {chartScriptHashes, withoutChartScripts} from '../helpers/html.js'
import {basename} from 'node:path'

import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'
import {samplePerformance} from '../helpers/sample-expectations.js'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(async () => {
  await t.close()
})

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe('GET /api/compatibility', () => {
  test('the matrix marks the sample incompatibilities and untested simulated cells', async () => {
    const {status, body} = await getJson(`${t.url}/api/compatibility`)
    expect(status).toBe(200)
    expect(body.kind).toBe('matrix')
    expect(body.rows).toHaveLength(6)
    const cell = (row: string, hw: string) => body.cells[body.rows.indexOf(row) * body.hardware.length + body.hardware.indexOf(hw)]
    expect(cell('openai/whisper-tiny', 'webnn').state).toBe('incompatible')
    expect(cell('openai/whisper-tiny', 'webnn').latestFailure).toBe('Unsupported operator: STFT')
    expect(cell('bert-base-uncased', 'cuda').state).toBe('compatible')
  })
})

describe('GET /api/compare/hardware', () => {
  test('values are the mean over runs and speed-ups are against the baseline', async () => {
    const {status, body} = await getJson(`${t.url}/api/compare/hardware?model=bert-base-uncased&metric=throughput&baseline=cpu`)
    expect(status).toBe(200)
    const pick = (hw: string, b: number) => samplePerformance.filter((p) => p.model.name === 'bert-base-uncased' && p.hardware.type === hw && p.batchSize === b).map((p) => p.throughputItemsPerSecond!)
    const row = body.rows.find((r: any) => r.hardware === 'cuda' && r.batchSize === 8)
    expect(row.value).toBeCloseTo(mean(pick('cuda', 8)), 9)
    expect(row.speedup).toBeCloseTo(mean(pick('cuda', 8)) / mean(pick('cpu', 8)), 9)
    expect(body.hardware).not.toContain('qnn') // simulated only
  })

  test('an unknown metric is a 400', async () => {
    const {status, body} = await getJson(`${t.url}/api/compare/hardware?model=bert-base-uncased&metric=speed`)
    expect(status).toBe(400)
    expect(body.error.details.issues[0].pointer).toBe('/metric')
  })
})

describe('GET /api/trend', () => {
  test('one point per run, in time order', async () => {
    const {status, body} = await getJson(`${t.url}/api/trend?model=t5-small&hardware=rocm&metric=latency`)
    expect(status).toBe(200)
    const b32 = body.series.find((s: any) => s.batchSize === 32)
    const expected = samplePerformance.filter((p) => p.model.name === 't5-small' && p.hardware.type === 'rocm' && p.batchSize === 32)
    expect(b32.points.map((p: any) => p.value)).toEqual(expected.map((p) => p.averageLatencyMs))
    expect(b32.points.map((p: any) => p.measuredAt)).toEqual(['2025-03-01T02:00:00.000Z', '2025-03-08T02:00:00.000Z', '2025-03-15T02:00:00.000Z'])
  })

  test('model and hardware are required', async () => {
    const {status, body} = await getJson(`${t.url}/api/trend?model=t5-small`)
    expect(status).toBe(400)
    expect(body.error.details.issues.map((i: any) => i.pointer)).toContain('/hardware')
  })
})

describe('GET /api/reports/{type}', () => {
  test('CSV with the report rows', async () => {
    const res = await fetch(`${t.url}/api/reports/performance?format=csv&model=bert-base-uncased&hardware=cpu`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    const lines = (await res.text()).trim().split(/\r?\n/)
    expect(lines).toHaveLength(4) // header + batch 1, 8, 32
    const b8 = samplePerformance.filter((p) => p.model.name === 'bert-base-uncased' && p.hardware.type === 'cpu' && p.batchSize === 8)
    expect(lines[2]).toContain(`,${mean(b8.map((p) => p.throughputItemsPerSecond!))},`)
  })

  test('HTML is self-contained; its CSP runs only its own inline chart scripts; markdown and JSON work', async () => {
    const html = await fetch(`${t.url}/api/reports/summary?format=html`)
    expect(html.headers.get('content-type')).toMatch(/^text\/html/)
    expect(html.headers.get('content-security-policy')).toBe(`default-src 'none'; script-src ${chartScriptHashes().join(' ')}; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
    const text = await html.text()
    const {markup, scripts} = withoutChartScripts(text)
    expect(markup).toMatch(/<table/)
    expect(markup).not.toMatch(/(src|href)="https?:/)
    expect(scripts).toBe(4)
    expect(markup).not.toMatch(/<script/i)
    const md = await (await fetch(`${t.url}/api/reports/summary?format=markdown`)).text()
    expect(md.startsWith('# ')).toBe(true)
    const json = await getJson(`${t.url}/api/reports/hardware?format=json`)
    expect(json.status).toBe(200)
    expect(json.body.kind).toBeDefined()
  })

  test('answers name the database by its file name, never by the server path', async () => {
    const json = await getJson(`${t.url}/api/reports/summary?format=json`)
    expect(json.body.meta.databasePath).toBe(basename(t.db))
    const html = await (await fetch(`${t.url}/api/reports/summary?format=html`)).text()
    expect(html).toContain(basename(t.db))
    expect(html).not.toContain(t.dir)
  })

  test('unknown type or format is a 400', async () => {
    expect((await getJson(`${t.url}/api/reports/nope`)).status).toBe(400)
    expect((await getJson(`${t.url}/api/reports/summary?format=pdf`)).status).toBe(400)
  })
})

describe('GET /api/charts/{chart}', () => {
  test.each(['compare.png?model=bert-base-uncased', 'trend.png?model=bert-base-uncased&hardware=cuda', 'matrix.png'])('%s is a real PNG', async (q) => {
    const res = await fetch(`${t.url}/api/charts/${q}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(300) // IHDR width
    expect(bytes.length).toBeGreaterThan(5000)
  })

  test('an unknown chart is a 400', async () => {
    expect((await getJson(`${t.url}/api/charts/pie.png`)).status).toBe(400)
  })
})
