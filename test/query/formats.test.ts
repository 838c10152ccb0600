import {withoutChartScripts} from '../helpers/html.js'
import {primaryChart} from '../../src/lib/report/documents.js'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {createCanvas, loadImage} from '@napi-rs/canvas'
import {Ajv} from 'ajv'

import {BenchDb} from '../../src/lib/db/bench-db.js'
import {DATASET_COLOURS, STATE_STYLES} from '../../src/lib/render/charts/index.js'
import {formatNumber, isPng, pngSize} from '../../src/lib/render/index.js'
import {answer, renderResult, runSandboxedSql, type QueryRequest, type QueryResult} from '../../src/lib/report/index.js'
import {QUERY_RESULT_SCHEMA} from '../../src/schema/output/query-result.js'
import {
  FIXED_NOW, README_QUERY, XSS_MODEL, addDocuments, compat, emptyDoc, mean, parseCsv, perf, ref, sampleDb, samplePerformance, type TempDb,
} from '../helpers/query.js'

const REQUESTS: [string, Exclude<QueryRequest, {mode: 'sql'}>][] = [
  ['performance', {mode: 'report', report: 'performance', filters: {family: 'bert'}}],
  ['summary', {mode: 'report', report: 'summary'}],
  ['hardware', {mode: 'report', report: 'hardware'}],
  ['compatibility', {mode: 'report', report: 'compatibility'}],
  ['integration', {mode: 'report', report: 'integration'}],
  ['web-platform', {mode: 'report', report: 'web-platform'}],
  ['matrix', {mode: 'matrix'}],
  ['matrix by family', {mode: 'matrix', by: 'family'}],
  ['comparison', {mode: 'compare', metric: 'throughput', filters: {model: 'bert-base-uncased'}}],
  ['family comparison', {mode: 'compare', metric: 'latency', filters: {family: 'bert'}}],
  ['trend', {mode: 'trend', metric: 'throughput', filters: {model: 'bert-base-uncased', hardware: 'cuda'}}],
]

let db: TempDb
let bench: BenchDb
const results = new Map<string, QueryResult>()
const real = samplePerformance().filter((p) => !p.simulated)
const bertCuda32 = mean(real.filter((p) => p.model === 'bert-base-uncased' && p.hardware === 'cuda' && p.batch === 32).map((p) => p.throughput))

beforeAll(async () => {
  db = await sampleDb()
  bench = await BenchDb.open(db.path, {readOnly: true})
  for (const [name, request] of REQUESTS) results.set(name, await answer(bench, request, {now: FIXED_NOW}))
  bench.close()
  results.set('sql', await runSandboxedSql(db.path, README_QUERY, {now: FIXED_NOW}))
})
afterAll(() => db?.cleanup())

const names = [...REQUESTS.map(([n]) => n), 'sql']

describe('JSON output', () => {
  const validate = new Ajv({allErrors: true, strict: true}).compile(QUERY_RESULT_SCHEMA)
  test.each(names)('%s validates against the published schema and round-trips', async (name) => {
    const out = await renderResult(results.get(name)!, 'json')
    const parsed = JSON.parse(String(out.body)) as {meta: {generatedAt: string}}
    const ok = validate(parsed)
    if (!ok) throw new Error(JSON.stringify(validate.errors, null, 2))
    expect(parsed).toEqual(JSON.parse(JSON.stringify(results.get(name))))
    expect(parsed.meta.generatedAt).toBe(FIXED_NOW.toISOString())
  })
  test('the schema rejects a changed shape', () => {
    const bad = JSON.parse(JSON.stringify(results.get('matrix')))
    bad.cells[0].state = 'unknown'
    expect(validate(bad)).toBe(false)
    const extra = {...JSON.parse(JSON.stringify(results.get('trend'))), surprise: 1}
    expect(validate(extra)).toBe(false)
  })
})

describe('text and Markdown', () => {
  test.each(names)('%s renders a titled document with provenance in both', async (name) => {
    const text = String((await renderResult(results.get(name)!, 'text', {width: 160})).body)
    expect(text).toMatch(/Provenance\n-+\nbenchdb version: /)
    expect(text.split('\n').every((line) => [...line].length <= 160)).toBe(true)
    const md = String((await renderResult(results.get(name)!, 'markdown')).body)
    expect(md).toMatch(/^# /)
    expect(md).toMatch(/\n\| .* \|\n\| *:?-+:? *\|/) // a GitHub table header and delimiter row
  })

  test('the comparison shows the values and speed-ups', async () => {
    const text = String((await renderResult(results.get('comparison')!, 'text', {width: 160})).body)
    expect(text).toContain(formatNumber(bertCuda32, 2))
    const md = String((await renderResult(results.get('comparison')!, 'markdown')).body)
    // The row names its device and precision, and says its baseline had another precision.
    expect(md).toMatch(new RegExp(`\\| bert-base-uncased \\| cuda \\| NVIDIA A100-SXM4-80GB \\| fp16 \\| 32 \\| ${formatNumber(bertCuda32, 2).replace('.', '\\.')} \\|.*\\| cpu fp32 \\(no fp16 baseline\\) \\|`))
  })

  test('the matrix grid spells out untested and the 80-column terminal still fits', async () => {
    const text = String((await renderResult(results.get('matrix')!, 'text', {width: 80})).body)
    expect(text.split('\n').every((line) => [...line].length <= 80)).toBe(true)
    const wide = String((await renderResult(results.get('matrix')!, 'text', {width: 200})).body)
    const whisper = wide.split('\n').find((l) => l.includes('openai/whisper-tiny') && l.includes('│'))!
    expect(whisper.split('│').map((c) => c.trim()).filter(Boolean)).toEqual([
      'openai/whisper-tiny', '✓ yes', '✓ yes', '✓ yes', '✓ yes', '✓ yes', 'untested', '✗ no', '✓ yes',
    ])
    expect(wide).toContain('63 simulated row(s) excluded')
  })
})

describe('CSV output', () => {
  test.each(names)('%s is RFC 4180 with CRLF records and a header', async (name) => {
    const csv = String((await renderResult(results.get(name)!, 'csv')).body)
    expect(csv.endsWith('\r\n')).toBe(true)
    // The summary's CSV is its overview (Item,Value), a blank line, then its models.
    const blocks = name === 'summary' ? csv.split('\r\n\r\n') : [csv]
    expect(blocks).toHaveLength(name === 'summary' ? 2 : 1)
    for (const block of blocks) {
      const rows = parseCsv(block.endsWith('\r\n') ? block : block + '\r\n')
      expect(rows.length).toBeGreaterThan(1)
      expect(new Set(rows.map((r) => r.length)).size).toBe(1)
    }
  })

  test('values stay raw and exact', async () => {
    const rows = parseCsv(String((await renderResult(results.get('comparison')!, 'csv')).body))
    const header = rows[0]
    expect(header).toEqual(['Model', 'Hardware', 'Device', 'Precision', 'Batch', 'Throughput (items/s)', 'Results', 'cpu value (items/s)', 'Speed-up vs cpu', 'Compared with'])
    const cuda32 = rows.find((r) => r[1] === 'cuda' && r[4] === '32')!
    expect(Number(cuda32[5])).toBeCloseTo(bertCuda32, 9)
    const sql = parseCsv(String((await renderResult(results.get('sql')!, 'csv')).body))
    expect(sql[0]).toEqual(['model_name', 'hardware_type', 'avg_throughput'])
    expect(sql).toHaveLength(1 + 6 * 8 - 3)
  })

  test('matrix CSV holds one row per cell with its state and evidence', async () => {
    const rows = parseCsv(String((await renderResult(results.get('matrix')!, 'csv')).body))
    expect(rows).toHaveLength(1 + 6 * 8)
    const cell = rows.find((r) => r[0] === 'meta-llama/Llama-3.2-1B' && r[1] === 'webnn')!
    expect(cell.slice(2, 5)).toEqual(['incompatible', '0', '3'])
    expect(cell).toContain('WebNN has no support for dynamic KV cache shapes')
    expect(rows.filter((r) => r[1] === 'qnn').every((r) => r[2] === 'untested')).toBe(true)
  })
})

async function colours(png: Buffer): Promise<Set<string>> {
  const image = await loadImage(png)
  const canvas = createCanvas(image.width, image.height)
  const ctx = canvas.getContext('2d')
  ctx.drawImage(image, 0, 0)
  const {data} = ctx.getImageData(0, 0, image.width, image.height)
  const seen = new Set<string>()
  for (let i = 0; i < data.length; i += 4) seen.add(`#${[data[i], data[i + 1], data[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`)
  return seen
}

describe('PNG output', () => {
  test.each<[string, string[], {width: number; height?: number}]>([
    ['comparison', DATASET_COLOURS.slice(0, 3), {width: 800, height: 450}], // one bar colour per batch size 1, 8, 32
    ['family comparison', DATASET_COLOURS.slice(0, 1), {width: 800, height: 450}],
    ['trend', DATASET_COLOURS.slice(0, 3), {width: 800, height: 450}],
    ['hardware', DATASET_COLOURS.slice(0, 1), {width: 800, height: 450}],
    ['matrix', [STATE_STYLES.compatible.fill, STATE_STYLES.incompatible.fill, STATE_STYLES.untested.fill], {width: 800}],
    ['compatibility', [STATE_STYLES.compatible.fill, STATE_STYLES.incompatible.fill], {width: 800}],
  ])('%s is a PNG of the expected size with the expected colours', async (name, expected, size) => {
    const out = await renderResult(results.get(name)!, 'png')
    expect(out.mediaType).toBe('image/png')
    const png = out.body as Buffer
    expect(isPng(png)).toBe(true)
    const dims = pngSize(png)
    expect(dims.width).toBe(size.width)
    if (size.height) expect(dims.height).toBe(size.height)
    else expect(dims.height).toBeGreaterThan(6 * 20) // a row per model
    const seen = await colours(png)
    for (const colour of expected) expect(seen).toContain(colour)
  })

  test('results without a chart refuse PNG with a usage error', async () => {
    await expect(renderResult(results.get('performance')!, 'png')).rejects.toMatchObject({kind: 'usage'})
    await expect(renderResult(results.get('sql')!, 'png')).rejects.toMatchObject({kind: 'usage'})
  })
})

describe('HTML output', () => {
  test.each(names)('%s is one self-contained document with a provenance footer', async (name) => {
    const html = String((await renderResult(results.get(name)!, 'html')).body)
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    // No network reference of any kind outside the inline PNG data and benchdb's own chart scripts
    const markup = withoutChartScripts(html).markup.replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/g, 'data:')
    expect(markup).not.toMatch(/https?:\/\/|\/\/[a-z]|<script|<link|<iframe|@import|url\(|src="(?!data:)/i)
    const footer = html.slice(html.indexOf('<footer class="provenance">'))
    for (const label of ['benchdb version', 'Database', 'Schema version', 'Filters', 'Generated at', 'Rows used', 'Simulated rows included']) {
      expect(footer).toContain(`<dt>${label}</dt>`)
    }
    expect(footer).toContain(`<dd>${db.path}</dd>`)
    expect(footer).toContain(`<dd>${FIXED_NOW.toISOString()}</dd>`)
    expect(footer).toContain(`<dd>${results.get(name)!.meta.rowsUsed.toLocaleString('en-US')}</dd>`)
  })

  test('bar and line charts are interactive canvases carrying their spec; the heatmap is an inline PNG', async () => {
    const comparison = results.get('comparison')!
    const html = String((await renderResult(comparison, 'html')).body)
    const {markup, scripts, specs} = withoutChartScripts(html)
    expect(specs).toEqual([primaryChart(comparison)])
    expect(scripts).toBe(4)
    expect(markup).not.toMatch(/<img /)
    const matrix = String((await renderResult(results.get('matrix')!, 'html')).body)
    const imgs = [...matrix.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1])
    expect(imgs).toHaveLength(1)
    expect(isPng(Buffer.from(imgs[0].slice('data:image/png;base64,'.length), 'base64'))).toBe(true)
    // A page with no interactive chart carries no script at all.
    expect(matrix).not.toMatch(/<script/i)
  })
})

describe('hostile names', () => {
  let xss: TempDb
  const FORMULAS = ['=cmd|calc', '+SUM(1)', '-2+3', '@SUM(A1)']
  let perfResult: QueryResult
  let summary: QueryResult
  let matrix: QueryResult
  beforeAll(async () => {
    xss = await sampleDb()
    const doc = emptyDoc('hostile', '2025-05-01T00:00:00Z')
    const evil = ref.model(XSS_MODEL, 'evil')
    doc.performance.push(perf(evil, ref.hw('cpu'), 1, 10), perf(evil, ref.hw('cuda'), 1, 50))
    doc.compatibility.push(compat(evil, ref.hw('webnn'), false, '<script>alert(2)</script> & "quotes"'))
    for (const name of FORMULAS) doc.performance.push(perf(ref.model(name, 'evil'), ref.hw('cpu'), 1, 1))
    await addDocuments(xss.path, [doc])
    const b = await BenchDb.open(xss.path, {readOnly: true})
    try {
      perfResult = await answer(b, {mode: 'report', report: 'performance', filters: {family: 'evil'}})
      summary = await answer(b, {mode: 'report', report: 'summary'})
      matrix = await answer(b, {mode: 'matrix', filters: {family: 'evil'}})
    } finally {
      b.close()
    }
  })
  afterAll(() => xss?.cleanup())

  test('a model named <img src=x onerror=alert(1)> appears only escaped in HTML', async () => {
    for (const result of [summary, matrix, perfResult]) {
      const html = String((await renderResult(result, 'html')).body)
      // Cells keep words with punctuation on one line in <span class="w"> (render/html.ts): the
      // escaped text is compared without those wrappers.
      const text = html.replace(/<span class="w">|<\/span>/g, '')
      expect(html).not.toContain('<img src=x')
      expect(html).not.toContain('<script>alert(2)')
      expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;')
      // No URL outside the chart libraries' own licence comments.
      expect(withoutChartScripts(html).markup).not.toMatch(/https?:\/\//)
      // every <img> is a data URI chart, never the model name
      for (const m of html.matchAll(/<img\b[^>]*>/g)) expect(m[0]).toMatch(/^<img src="data:image\/png;base64,/)
    }
    const matrixHtml = String((await renderResult(matrix, 'html')).body).replace(/<span class="w">|<\/span>/g, '')
    expect(matrixHtml).toContain('&lt;script&gt;alert(2)&lt;/script&gt; &amp; &quot;quotes&quot;')
  })

  test('CSV neutralises cells that a spreadsheet would run as formulas', async () => {
    const rows = parseCsv(String((await renderResult(perfResult, 'csv')).body))
    const models = rows.slice(1).map((r) => r[0])
    for (const f of FORMULAS) {
      expect(models).toContain(`'${f}`)
      expect(models).not.toContain(f)
    }
    expect(models).toContain(XSS_MODEL)
  })

  test('Markdown escapes the markup', async () => {
    const md = String((await renderResult(summary, 'markdown')).body)
    expect(md).not.toContain('<img src=x')
  })
})
