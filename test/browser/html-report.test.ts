import {afterAll, beforeAll, expect, test} from '@jest/globals'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Browser, Page} from 'playwright-core'
import {bench, tempDir} from '../helpers/cli.js'
import {describeBrowser, launchChromium} from '../helpers/browser.js'

/** HTML reports in Chromium: table cells wrap between words, never inside one; wide tables scroll. */
const LONG = 'organisation-with-a-long-name/bert-base-uncased-finetuned-on-a-long-dataset-name'

describeBrowser('HTML report tables in Chromium', () => {
  let tmp: ReturnType<typeof tempDir>
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    tmp = tempDir()
    const input = join(tmp.dir, 'results')
    mkdirSync(input)
    const rows = ['cpu', 'cuda', 'webgpu'].flatMap((hw, i) => [1, 8].map((batch) => ({
      model_name: i === 0 ? LONG : `llama-${hw}`, hardware_type: hw, device_name: `${hw.toUpperCase()} Accelerator Device With A Long Marketing Name`,
      batch_size: batch, precision: 'fp16', throughput_items_per_second: 10 * batch + i, average_latency_ms: 100 / batch,
    })))
    writeFileSync(join(input, 'run.json'), JSON.stringify(rows))
    const db = join(tmp.dir, 'b.duckdb')
    expect(bench(['db:convert', '--input-dir', input, '--db', db]).status).toBe(0)
    for (const report of ['performance', 'summary']) {
      const r = bench(['db:query', '--db', db, '--report', report, '--format', 'html', '--output', join(tmp.dir, `${report}.html`)])
      expect(r.status).toBe(0)
    }
    browser = await launchChromium()
    page = await browser.newPage({viewport: {width: 700, height: 900}})
  }, 60000)

  afterAll(async () => {
    await browser?.close()
    tmp?.cleanup()
  })

  test.each(['performance', 'summary'])('%s: no word in any table cell is split across lines, and wide tables scroll', async (report) => {
    await page.goto(`file://${join(tmp.dir, `${report}.html`)}`)
    const found = await page.evaluate(() => {
      const split: string[] = []
      let words = 0
      for (const cell of Array.from(document.querySelectorAll('th, td'))) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const m of node.textContent!.matchAll(/\S+/g)) {
            const range = document.createRange()
            range.setStart(node, m.index!)
            range.setEnd(node, m.index! + m[0].length)
            words++
            // A word laid out on one line has one client rect; a broken one has one per line.
            if (range.getClientRects().length > 1) split.push(m[0])
          }
        }
      }
      const wraps = Array.from(document.querySelectorAll('.table-wrap'))
      return {split, words, tables: document.querySelectorAll('table').length, wrapped: wraps.length}
    })
    expect(found.words).toBeGreaterThan(20)
    expect(found.split).toEqual([])
    expect(found.wrapped).toBe(found.tables)
  })

  test('at 700 px the performance table is wider than the page: its wrapper scrolls sideways', async () => {
    await page.goto(`file://${join(tmp.dir, 'performance.html')}`)
    const widths = await page.evaluate(() => {
      const wrap = document.querySelector('.table-wrap')!
      return {scroll: wrap.scrollWidth, client: wrap.clientWidth, page: document.documentElement.scrollWidth, viewport: window.innerWidth}
    })
    expect(widths.scroll).toBeGreaterThan(widths.client)
    // The page itself does not overflow: only the table's wrapper does.
    expect(widths.page).toBeLessThanOrEqual(widths.viewport)
  })
})
