import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {createHash} from 'node:crypto'
import {mkdirSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import type {Browser, Page} from 'playwright-core'
import {packRaw} from '../../src/lib/ingest/raw-document.js'
import {writeBatch} from '../../src/lib/ingest/writer.js'
import type {NormalizedDocument} from '../../src/lib/ingest/types.js'
import {serveDatabase, startTestServer, type TestServer} from '../helpers/api-server.js'
import {describeBrowser, launchChromium} from '../helpers/browser.js'
import {databaseWith} from '../helpers/compare.js'
import {XSS_MODEL, fixtureRunsWithHostileModel} from '../compare/fixture.js'

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url))

const XSS_ALERT = '<img src=x onerror=alert(1)>'
const XSS_FLAG = '<img src=x onerror="window.__xss=1">'

/** Two hostile model names, measured after the sample runs so they top the latest-results table. */
function hostileDocument(): NormalizedDocument {
  const hw = {type: 'cpu', deviceName: 'AMD EPYC 7763', platform: 'linux'}
  const models = [XSS_ALERT, XSS_FLAG].map((name) => ({name, family: 'xss', modality: 'text'}))
  return {
    run: {testName: 'hostile-names', testType: 'performance', startedAt: '2025-03-20T02:00:00Z'},
    performance: models.flatMap((model) => [1, 8].map((b) => ({model, hardware: hw, batchSize: b, precision: 'fp32', throughputItemsPerSecond: 10 * b, averageLatencyMs: 100, simulated: false}))),
    compatibility: models.map((model) => ({model, hardware: hw, isCompatible: false, errorMessage: XSS_FLAG, simulated: false})),
    integration: [], webPlatform: [], hardwarePlatforms: [], models,
  }
}

describeBrowser('dashboard and docs in headless Chromium', () => {
  let t: TestServer
  /** The db:compare fixture (known regressions, one under a hostile model name). */
  let runs: TestServer
  let browser: Browser
  let page: Page
  const failed: string[] = []
  const consoleErrors: string[] = []
  const dialogs: string[] = []

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, {recursive: true})
    t = await startTestServer()
    const bytes = Buffer.from(JSON.stringify(hostileDocument()))
    await t.server.bench.write((db, dims) =>
      writeBatch(db, dims, [{path: 'hostile.json', sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.length, mtimeMs: null,
        category: 'performance', shape: 'test', status: 'ingested', raw: packRaw(bytes), doc: hostileDocument()}]))
    t.server.api.deps.cache.invalidate()
    const made = await databaseWith(fixtureRunsWithHostileModel())
    made.bench.close()
    runs = await serveDatabase(made.dir, made.path)
    browser = await launchChromium()
    page = await browser.newPage({viewport: {width: 1280, height: 1000}})
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`))
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.url()} HTTP ${r.status()}`) })
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()) })
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss() })
  }, 60000)

  afterAll(async () => {
    await browser?.close()
    await t?.close()
    await runs?.close()
  })

  test('the dashboard renders charts, matrix and table; hostile names stay text', async () => {
    await page.goto(`${t.url}/dashboard`, {waitUntil: 'load'})
    for (const id of ['compare-section', 'trend-section', 'matrix-section', 'latest-section']) {
      await page.waitForSelector(`#${id}[data-state="ready"]`, {timeout: 20000})
    }
    // Chart.js drew on both canvases (non-blank pixels).
    for (const id of ['compare-chart', 'trend-chart']) {
      const painted = await page.evaluate((canvasId) => {
        const c = document.getElementById(canvasId) as HTMLCanvasElement
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
        let n = 0
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++
        return n
      }, id)
      expect(painted).toBeGreaterThan(1000)
    }
    expect(await page.locator('#matrix td.incompatible').count()).toBeGreaterThan(0)
    // The hostile names are in the page as text, in the filter list, the table and the matrix.
    const firstCell = await page.locator('#latest tbody tr td').first().textContent()
    expect([XSS_ALERT, XSS_FLAG]).toContain(firstCell)
    expect(await page.locator('#f-model option', {hasText: XSS_FLAG}).count()).toBe(1)
    expect(await page.locator('#matrix td', {hasText: XSS_ALERT}).count()).toBe(1)
    expect(await page.locator('img').count()).toBe(0)
    // Selecting a hostile model redraws everything with it; still nothing executes.
    await page.selectOption('#f-model', XSS_FLAG)
    await page.click('#filters button[type=submit]')
    await page.waitForSelector('#compare-section[data-state="ready"]')
    await page.waitForFunction(() => document.querySelectorAll('#latest tbody tr').length === 2)
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => (window as unknown as {__xss?: number}).__xss)).toBeUndefined()
    expect(dialogs).toEqual([])
    expect(await page.locator('#reports a').count()).toBe(6)
    await page.selectOption('#f-model', '')
    await page.click('#filters button[type=submit]')
    await page.waitForSelector('#compare-section[data-state="ready"]')
    await page.screenshot({path: `${ARTIFACTS}dashboard.png`, fullPage: true})
    expect(failed).toEqual([])
    expect(consoleErrors).toEqual([])
  }, 60000)

  test('the metric menu lists the whole catalogue; a chosen metric is drawn in its own unit', async () => {
    const p = await browser.newPage({viewport: {width: 1280, height: 1000}})
    const pageFailed: string[] = []
    p.on('response', (r) => { if (r.status() >= 400) pageFailed.push(`${r.url()} HTTP ${r.status()}`) })
    await p.goto(`${t.url}/dashboard`, {waitUntil: 'load'})
    await p.waitForSelector('#compare-section[data-state="ready"]', {timeout: 20000})
    const {METRICS} = await import('../../src/lib/metrics/catalogue.js')
    const options = await p.locator('#f-metric option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]))
    expect(options).toEqual(METRICS.map((m) => [m.name, `${m.label} (${m.unit}, ${m.direction} is better)`]))
    await p.selectOption('#f-metric', 'latency')
    await p.click('#filters button[type=submit]')
    await p.waitForFunction(() => {
      const chart = (window as unknown as {Chart: {getChart(c: unknown): {options: {scales: {y: {title: {text: string}}}}} | undefined}}).Chart
        .getChart(document.getElementById('compare-chart'))
      return chart?.options.scales.y.title.text === 'Latency (ms)'
    }, undefined, {timeout: 20000})
    expect(pageFailed).toEqual([])
    await p.close()
  }, 60000)

  test('the run comparison panel lists the known regressions first; the hostile name stays text', async () => {
    const p = await browser.newPage({viewport: {width: 1280, height: 1000}})
    const pageFailed: string[] = []
    const pageErrors: string[] = []
    const pageDialogs: string[] = []
    p.on('requestfailed', (r) => pageFailed.push(`${r.url()} ${r.failure()?.errorText}`))
    p.on('response', (r) => { if (r.status() >= 400) pageFailed.push(`${r.url()} HTTP ${r.status()}`) })
    p.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()) })
    p.on('dialog', (d) => { pageDialogs.push(d.message()); void d.dismiss() })
    try {
      await p.goto(`${runs.url}/dashboard`, {waitUntil: 'load'})
      await p.waitForSelector('#runs-section[data-state="ready"]', {timeout: 20000})
      // Defaults: window:20 vs latest, throughput (the CLI's).
      expect(await p.locator('#runs-summary').textContent()).toBe(
        '2 regressed · 1 improved · 0 unchanged · 1 inconclusive · 2 unpaired — Throughput (higher is better), baseline window:20 (10 runs) vs candidate latest (run 11)')
      const rows = async () => p.locator('#runs tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))
      let cells = await rows()
      expect(cells.map((r) => r[4])).toEqual(['regressed', 'regressed', 'inconclusive', 'improved'])
      expect(cells[0][0]).toBe(`${XSS_MODEL} · cpu (cpu-device) · inference · batch 1 · fp32`)
      expect(await p.locator('#runs th').allTextContents()).toEqual(['Series', 'Baseline items/s', 'Candidate items/s', 'Change', 'Verdict', 'Decided by'])
      expect(await p.locator('#runs-note').textContent()).toBe('2 unpaired series (in one side only) not compared')

      // The comparison's metric menu is the catalogue (GET /api/metrics), the same as the filters'.
      const menu = async (id: string) => p.locator(`#${id} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
      expect(await menu('c-metric')).toEqual(await menu('f-metric'))
      expect(await menu('c-metric')).toEqual(expect.arrayContaining(['throughput', 'latency', 'latency_p99', 'tokens_per_second', 'ttft']))
      // Latency through the panel's own controls, filtered by the dashboard's hardware filter.
      await p.selectOption('#c-metric', 'latency')
      await p.fill('#c-baseline', 'window:10')
      await p.selectOption('#f-hardware', 'cpu')
      await p.click('#run-compare button[type=submit]')
      await p.waitForFunction(() => document.querySelector('#runs-summary')!.textContent!.includes('Latency (lower is better)'))
      await p.waitForSelector('#runs-section[data-state="ready"]')
      cells = await rows()
      expect(cells).toEqual([
        // Levels are geometric medians (t5-small: sqrt(100 x 104) = 101.98); verdicts come from intervals.
        [`${XSS_MODEL} · cpu (cpu-device) · inference · batch 1 · fp32`, '30', '36', '+20.0%', 'regressed', 'interval'],
        ['bert-base-uncased · cpu (cpu-device) · inference · batch 1 · fp32', '20', '22', '+10.0%', 'regressed', 'interval'],
        ['t5-small · cpu (cpu-device) · inference · batch 1 · fp32', '101.98', '110.5', '+8.4%', 'inconclusive', 'interval'],
      ])
      expect(await p.locator('#runs td.regressed').count()).toBe(2)
      expect(await p.locator('img').count()).toBe(0)
      expect(await p.evaluate(() => (window as unknown as {__xss?: number}).__xss)).toBeUndefined()
      expect(pageDialogs).toEqual([])
      await p.screenshot({path: `${ARTIFACTS}dashboard-run-comparison.png`, fullPage: true})
      expect(pageFailed).toEqual([])
      expect(pageErrors).toEqual([])

      // A malformed selector: the API's message in the panel, nothing else breaks.
      await p.fill('#c-baseline', 'window:x')
      await p.click('#run-compare button[type=submit]')
      await p.waitForSelector('#runs-section[data-state="error"]')
      expect(await p.locator('#runs-note').textContent()).toMatch(/^invalid run selector "window:x"/)
      expect(await p.locator('#runs tbody tr').count()).toBe(0)
      expect(pageFailed).toEqual([expect.stringMatching(/\/api\/compare\/runs\?baseline=window%3Ax.* HTTP 400$/)])
    } finally {
      await p.close()
    }
  }, 60000)

  test('an HTML report linked from the dashboard opens', async () => {
    const href = await page.locator('#reports a').first().getAttribute('href')
    const res = await page.goto(`${t.url}${href}`)
    expect(res!.status()).toBe(200)
    expect(await page.locator('table').count()).toBeGreaterThan(0)
    expect(failed).toEqual([])
  }, 30000)

  test('/docs renders every operation from the local Swagger UI', async () => {
    await page.goto(`${t.url}/docs`, {waitUntil: 'load'})
    await page.waitForSelector('.opblock', {timeout: 20000})
    const paths = await page.locator('.opblock-summary-path').allTextContents()
    expect(paths.map((p) => p.replace(/\u200b/g, ''))).toEqual(expect.arrayContaining(['/api/performance', '/api/results', '/health', '/api/charts/{chart}', '/api/metrics']))
    // One block per operation of the served OpenAPI document (counted from the document itself).
    const spec = await (await fetch(`${t.url}/openapi.json`)).json()
    const operations = Object.values(spec.paths as Record<string, object>).reduce((n: number, ops) => n + Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).length, 0)
    expect(operations).toBeGreaterThanOrEqual(14)
    expect(await page.locator('.opblock').count()).toBe(operations)
    await page.screenshot({path: `${ARTIFACTS}docs.png`, fullPage: false})
    expect(failed).toEqual([])
    expect(consoleErrors).toEqual([])
  }, 60000)
})
