import {afterAll, beforeAll, expect, test} from '@jest/globals'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Browser, Page} from 'playwright-core'
import {bench, tempDir} from '../helpers/cli.js'
import {describeBrowser, launchChromium} from '../helpers/browser.js'

/**
 * HTML reports draw their bar and line charts in the browser: hover values, legend toggles, zoom
 * and pan, a time-scaled x axis with run and commit on hover, a log scale (automatic when values
 * span decades, with a toggle), value labels; all inline, allowed by the page's CSP hashes.
 */
describeBrowser('interactive charts in HTML reports (Chromium)', () => {
  let tmp: ReturnType<typeof tempDir>
  let browser: Browser
  let page: Page
  const problems: string[] = []
  const html = (name: string) => `file://${join(tmp.dir, name)}`

  beforeAll(async () => {
    tmp = tempDir()
    const db = join(tmp.dir, 'sample.duckdb')
    expect(bench(['db:create', '--db', db, '--sample-data']).status).toBe(0)
    const q = (args: string[], out: string) => expect(bench(['db:query', '--db', db, ...args, '--format', 'html', '--output', join(tmp.dir, out)]).status).toBe(0)
    q(['--model', 'bert-base-uncased', '--hardware', 'cuda', '--trend'], 'trend.html')
    q(['--model', 'bert-base-uncased', '--compare-hardware'], 'compare.html')
    // Two models three decades apart: the automatic log scale.
    const input = join(tmp.dir, 'decades')
    mkdirSync(input)
    writeFileSync(join(input, 'r.json'), JSON.stringify([
      {model_name: 'tiny-model', hardware_type: 'cpu', batch_size: 1, precision: 'fp32', throughput_items_per_second: 2},
      {model_name: 'tiny-model', hardware_type: 'cuda', batch_size: 1, precision: 'fp32', throughput_items_per_second: 4000},
      {model_name: 'cpu-only-model', hardware_type: 'cpu', batch_size: 1, precision: 'fp32', throughput_items_per_second: 30},
    ]))
    const decades = join(tmp.dir, 'decades.duckdb')
    expect(bench(['db:convert', '--input-dir', input, '--db', decades]).status).toBe(0)
    expect(bench(['db:query', '--db', decades, '--model', 'tiny-model', '--compare-hardware', '--format', 'html', '--output', join(tmp.dir, 'decades.html')]).status).toBe(0)
    expect(bench(['db:query', '--db', decades, '--report', 'summary', '--format', 'html', '--output', join(tmp.dir, 'summary.html')]).status).toBe(0)
    browser = await launchChromium()
    page = await browser.newPage({viewport: {width: 1100, height: 900}})
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
    page.on('pageerror', (e) => problems.push(e.message))
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`)))
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    tmp?.cleanup()
  })

  async function open(name: string) {
    await page.goto(html(name))
    await page.waitForSelector('figure[data-benchdb-chart][data-state="ready"]', {timeout: 10_000})
  }

  test('the trend: a time-scaled x axis with dates, hover shows value, run and commit, zoom and reset', async () => {
    await open('trend.html')
    const axis = await page.evaluate(() => {
      const chart = (window as any).Chart.getChart(document.querySelector('figure[data-benchdb-chart] canvas'))
      return {type: chart.scales.x.type, ticks: chart.scales.x.ticks.map((t: any) => String(t.label)), datasets: chart.data.datasets.length}
    })
    expect(axis.type).toBe('linear')
    expect(axis.datasets).toBe(3)
    expect(axis.ticks.length).toBeGreaterThan(2)
    for (const label of axis.ticks) expect(label).toMatch(/^\d{4}-\d{2}-\d{2}/)

    // Hover the first point of the first series: the tooltip names its value, run and commit.
    const point = await page.evaluate(() => {
      const canvas = document.querySelector('figure[data-benchdb-chart] canvas')!
      const chart = (window as any).Chart.getChart(canvas)
      const el = chart.getDatasetMeta(0).data[0]
      const box = canvas.getBoundingClientRect()
      return {x: box.left + el.x, y: box.top + el.y, raw: chart.data.datasets[0].data[0]}
    })
    await page.mouse.move(point.x, point.y)
    const tooltip = await page.evaluate(() => {
      const chart = (window as any).Chart.getChart(document.querySelector('figure[data-benchdb-chart] canvas'))
      return {active: chart.tooltip.getActiveElements().length, lines: chart.tooltip.body?.flatMap((b: any) => b.lines) ?? []}
    })
    expect(tooltip.active).toBeGreaterThan(0)
    expect(tooltip.lines.join('\n')).toContain(`commit `)
    expect(point.raw.label).toMatch(/^nightly-benchmark-\d, commit [0-9a-f]+$/)

    // Wheel over the plot zooms the x axis; "Reset zoom" restores it.
    await page.mouse.wheel(0, -400)
    const zoomed = await page.evaluate(() => (window as any).Chart.getChart(document.querySelector('figure[data-benchdb-chart] canvas')).getZoomLevel())
    expect(zoomed).toBeGreaterThan(1)
    await page.click('figure[data-benchdb-chart] button[data-reset]')
    const reset = await page.evaluate(() => (window as any).Chart.getChart(document.querySelector('figure[data-benchdb-chart] canvas')).getZoomLevel())
    expect(reset).toBe(1)
  })

  test('the hardware comparison: bars are painted with value labels, legend toggles a series, the log toggle switches the scale', async () => {
    await open('compare.html')
    const canvas = 'figure[data-benchdb-chart] canvas'
    const painted = await page.evaluate((sel) => {
      const c = document.querySelector(sel) as HTMLCanvasElement
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
      let coloured = 0
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && !(data[i] > 240 && data[i + 1] > 240 && data[i + 2] > 240)) coloured++
      return coloured
    }, canvas)
    expect(painted).toBeGreaterThan(5000)
    const before = await page.evaluate((sel) => (window as any).Chart.getChart(document.querySelector(sel)).isDatasetVisible(0), canvas)
    expect(before).toBe(true)
    // Click the first legend item.
    const item = await page.evaluate((sel) => {
      const c = document.querySelector(sel)!
      const chart = (window as any).Chart.getChart(c)
      const hit = chart.legend.legendHitBoxes[0]
      const box = c.getBoundingClientRect()
      return {x: box.left + hit.left + hit.width / 2, y: box.top + hit.top + hit.height / 2}
    }, canvas)
    await page.mouse.click(item.x, item.y)
    // Chart.js handles events on the next animation frame (throttled), not during the click: wait for it.
    await page.waitForFunction((sel) => !(window as any).Chart.getChart(document.querySelector(sel)).isDatasetVisible(0), canvas, {timeout: 5_000}).catch(() => undefined)
    expect(await page.evaluate((sel) => (window as any).Chart.getChart(document.querySelector(sel)).isDatasetVisible(0), canvas)).toBe(false)
    expect(await page.evaluate((sel) => (window as any).Chart.getChart(document.querySelector(sel)).scales.y.type, canvas)).toBe('linear')
    await page.click('figure[data-benchdb-chart] input[data-log]')
    expect(await page.evaluate((sel) => (window as any).Chart.getChart(document.querySelector(sel)).scales.y.type, canvas)).toBe('logarithmic')
  })

  test('values three decades apart get a log scale by default, with the toggle checked', async () => {
    await open('decades.html')
    const state = await page.evaluate(() => ({
      type: (window as any).Chart.getChart(document.querySelector('figure[data-benchdb-chart] canvas')).scales.y.type,
      checked: (document.querySelector('figure[data-benchdb-chart] input[data-log]') as HTMLInputElement).checked,
    }))
    expect(state).toEqual({type: 'logarithmic', checked: true})
  })

  test('no script error and no CSP violation on any page', () => {
    expect(problems).toEqual([])
  })

  test('the summary chart: one bar per model, coloured and named in the legend by the hardware of its fastest series', async () => {
    await open('summary.html')
    const drawn = await page.evaluate(() => {
      const chart = (window as any).Chart.getChart(document.querySelector('figure[data-benchdb-chart] canvas'))
      return {
        labels: chart.data.labels,
        legend: chart.data.datasets.map((d: any) => d.label),
        values: chart.data.datasets.map((d: any) => d.data),
        // Not grouped: each bar is as wide as a category's bar, never half of it beside an empty slot.
        widths: chart.data.datasets.flatMap((_d: any, i: number) => chart.getDatasetMeta(i).data.filter((e: any) => !e.skip && Number.isFinite(e.height) && e.height > 0).map((e: any) => Math.round(e.width))),
      }
    })
    expect(drawn.labels).toEqual(['cpu-only-model', 'tiny-model'])
    expect(drawn.legend).toEqual(['cpu', 'cuda'])
    expect(drawn.values).toEqual([[30, null], [null, 4000]])
    expect(drawn.widths).toHaveLength(2)
    expect(drawn.widths[0]).toBe(drawn.widths[1])
    expect(problems).toEqual([])
  })
})
