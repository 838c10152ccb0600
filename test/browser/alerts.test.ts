import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {existsSync} from 'node:fs'
import type {Browser, Page} from 'playwright-core'
import {serveDatabase, type TestServer} from '../helpers/api-server.js'
import {databaseWith} from '../helpers/compare.js'
import {historyRuns} from '../compare/history-fixture.js'

// The dashboard's alerts view on the seeded history (one grouped +15 % regression at run 30, a
// -20 % improvement at run 38), one series under a hostile name, in headless Chromium.
const CHROMIUM = '/usr/bin/chromium'
const available = existsSync(CHROMIUM) || Boolean(process.env.CI)
const describeBrowser = available ? describe : describe.skip
const HOSTILE = '<img src=x onerror="window.__xss=1">'

describeBrowser('dashboard alerts view in headless Chromium', () => {
  let t: TestServer
  let browser: Browser
  let page: Page
  let runIds: number[]
  const problems: string[] = []

  beforeAll(async () => {
    const made = await databaseWith(historyRuns((name) => (name === 'beta' ? HOSTILE : name)))
    made.bench.close()
    runIds = made.runIds
    t = await serveDatabase(made.dir, made.path)
    const {chromium} = await import('playwright-core')
    browser = await chromium.launch({executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run']})
    page = await browser.newPage({viewport: {width: 1280, height: 1000}})
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.url()} HTTP ${r.status()}`) })
    page.on('dialog', (d) => { problems.push(`dialog ${d.message()}`); void d.dismiss() })
  }, 60000)

  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  test('alerts newest first, each series with its chart: change marked, threshold and noise band drawn; names stay text', async () => {
    await page.goto(`${t.url}/dashboard/alerts`, {waitUntil: 'load'})
    await page.fill('#alerts-filters input[name=metric]', 'latency')
    await page.click('#alerts-filters button[type=submit]')
    await page.waitForSelector('#alerts-list[data-state="ready"]', {timeout: 20000})
    const blocks = await page.locator('article.alert-block').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-run'))))
    expect(blocks).toEqual([runIds[38], runIds[30]])
    expect(await page.locator('article.alert-block h3').allTextContents()).toEqual([
      expect.stringMatching(/^Improvement at run \d+ \(feed0038\) on main · .* · 1 series$/),
      expect.stringMatching(/^Regression at run \d+ \(feed0030\) on main · .* · 2 series$/),
    ])
    const regression = page.locator('article.alert-block').nth(1)
    expect(await regression.locator('p.alert-series', {hasText: HOSTILE}).count()).toBe(1)
    expect(await page.locator('img').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as {__xss?: number}).__xss)).toBeUndefined()
    // Three charts (1 + 2 series); the regression's first chart marks run 30 and draws the threshold 5 % above the level.
    expect(await page.locator('article.alert-block canvas').count()).toBe(3)
    const drawn = await regression.locator('canvas').first().evaluate((c) => {
      const chart = (window as unknown as {Chart: {getChart(c: unknown): {data: {datasets: {label: string; data: number[]; pointRadius?: number[]}[]}}}}).Chart.getChart(c)
      const ctx = (c as HTMLCanvasElement).getContext('2d')!
      const px = ctx.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data
      let painted = 0
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++
      const ds = chart.data.datasets
      return {labels: ds.map((d) => d.label), marked: ds[0].pointRadius!.indexOf(6), threshold: ds[3].data[0], bandHigh: ds[1].data[0], bandLow: ds[2].data[0], painted}
    })
    expect(drawn.labels).toEqual(['Latency (ms)', 'Noise band (±2σ)', 'Noise band low', 'Threshold (5.0% worse)'])
    expect(drawn.marked).toBe(30)
    expect(drawn.painted).toBeGreaterThan(1000)
    // Threshold = level x 1.05; the band is symmetric on the log scale around the same level.
    const level = Math.sqrt(drawn.bandHigh * drawn.bandLow)
    expect(drawn.threshold / level).toBeCloseTo(1.05, 9)
    expect(await page.locator('#drifts td', {hasText: 'delta'}).count()).toBe(1)
    expect(problems).toEqual([])
  }, 60000)

  test('a bad metric shows the API error and the dashboard links the view', async () => {
    await page.fill('#alerts-filters input[name=metric]', 'latncy')
    await page.click('#alerts-filters button[type=submit]')
    await page.waitForSelector('#alerts-list[data-state="error"]')
    expect(await page.locator('#alerts-error').textContent()).toBe('unknown metric "latncy"')
    problems.length = 0
    await page.goto(`${t.url}/dashboard`, {waitUntil: 'domcontentloaded'})
    expect(await page.locator('header nav a[href="/dashboard/alerts"]').textContent()).toBe('Alerts')
  }, 60000)
})
