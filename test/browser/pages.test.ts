import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import type {Browser, Page} from 'playwright-core'
import {packRaw} from '../../src/lib/ingest/raw-document.js'
import {writeBatch} from '../../src/lib/ingest/writer.js'
import type {NormalizedDocument} from '../../src/lib/ingest/types.js'
import {startTestServer, type TestServer} from '../helpers/api-server.js'

// Headless Chromium (Debian's package, driven by playwright-core). Skipped only on a developer
// machine without it; in CI (CI set) a missing browser fails the suite.
const CHROMIUM = '/usr/bin/chromium'
const available = existsSync(CHROMIUM) || Boolean(process.env.CI)
if (!available) console.warn(`browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium); they always run when CI is set`)
const describeBrowser = available ? describe : describe.skip
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
    const {chromium} = await import('playwright-core')
    browser = await chromium.launch({executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic']})
    page = await browser.newPage({viewport: {width: 1280, height: 1000}})
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`))
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.url()} HTTP ${r.status()}`) })
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()) })
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss() })
  }, 60000)

  afterAll(async () => {
    await browser?.close()
    await t?.close()
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
    expect(paths.map((p) => p.replace(/\u200b/g, ''))).toEqual(expect.arrayContaining(['/api/performance', '/api/results', '/health', '/api/charts/{chart}']))
    expect(await page.locator('.opblock').count()).toBe(12)
    await page.screenshot({path: `${ARTIFACTS}docs.png`, fullPage: false})
    expect(failed).toEqual([])
    expect(consoleErrors).toEqual([])
  }, 60000)
})
