import {afterAll, beforeAll, expect, test} from '@jest/globals'
import {join} from 'node:path'
import type {Browser, Page} from 'playwright-core'
import {serveDatabase, getJson, type TestServer} from '../helpers/api-server.js'
import {describeBrowser, launchChromium} from '../helpers/browser.js'
import {ROOT, bench, tempDir} from '../helpers/cli.js'

/**
 * The dashboard's views in Chromium: the view is in the URL (reload, share, back button), a run
 * page per run reached from the runs list, unpaired series listed, models without evidence hidden
 * from the matrix, and a layout that fits a 400 px phone.
 */
describeBrowser('dashboard views (Chromium)', () => {
  let t: TestServer
  let browser: Browser
  let page: Page
  const problems: string[] = []

  beforeAll(async () => {
    const {dir} = tempDir()
    const db = join(dir, 'bench.duckdb')
    expect(bench(['db:create', '--db', db, '--sample-data']).status).toBe(0)
    expect(bench(['db:convert', '--db', db, '--input-dir', join(ROOT, 'examples')]).status).toBe(0)
    t = await serveDatabase(dir, db)
    browser = await launchChromium()
    page = await browser.newPage({viewport: {width: 1280, height: 1000}})
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  const ready = (id: string) => page.waitForSelector(`#${id}[data-state="ready"]`, {timeout: 20_000})
  const value = (id: string) => page.$eval(`#${id}`, (n) => (n as HTMLInputElement).value)

  test('the URL sets the filters; Apply writes them back; reload keeps them; Back restores the previous view', async () => {
    await page.goto(`${t.url}/dashboard?model=bert-base-uncased&metric=latency&compare_baseline=window%3A5`)
    await ready('compare-section')
    expect([await value('f-model'), await value('f-metric'), await value('c-baseline')]).toEqual(['bert-base-uncased', 'latency', 'window:5'])
    // The menu holds the metric catalogue's canonical names (p99 latency is latency_p99).
    await page.selectOption('#f-metric', 'latency_p99')
    await page.click('#filters button[type="submit"]')
    expect(new URL(page.url()).searchParams.get('metric')).toBe('latency_p99')
    expect(new URL(page.url()).searchParams.get('model')).toBe('bert-base-uncased')
    await page.reload()
    await ready('compare-section')
    expect(await value('f-metric')).toBe('latency_p99')
    await page.goBack()
    await page.waitForFunction(() => (document.getElementById('f-metric') as HTMLSelectElement).value === 'latency')
    expect(new URL(page.url()).searchParams.get('metric')).toBe('latency')
  })

  test('the runs list links to each run page: context, source file and every result of the run', async () => {
    await page.goto(`${t.url}/dashboard`)
    await ready('recent-section')
    const runs = (await getJson(`${t.url}/api/runs?limit=15`)).body.items as Array<{run_id: number}>
    const links = await page.$$eval('#recent tbody a', (as) => as.map((a) => (a as HTMLAnchorElement).href))
    expect(links.map((h) => new URL(h).searchParams.get('run'))).toEqual(runs.map((r) => String(r.run_id)))
    // The first sample run: a named run with a commit.
    const sample = runs.find((r) => (r as any).test_name === 'nightly-benchmark-2')!
    await page.click(`#recent tbody a[href*="run=${sample.run_id}"]`)
    await ready('run-section')
    const detail = (await getJson(`${t.url}/api/runs/${sample.run_id}`)).body
    expect(await page.textContent('#run-title')).toBe('Run: nightly-benchmark-2')
    const pairs = await page.$$eval('#run-body dl.pairs', (dls) => dls.map((dl) => Object.fromEntries([...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]))))
    expect(pairs[0]).toMatchObject({'Run id': String(sample.run_id), Commit: detail.run.git_commit, Branch: detail.run.git_branch})
    expect(pairs[1]).toMatchObject({Path: detail.file.path, Status: 'ingested'})
    expect(await page.$$eval('#run-body table tbody tr', (rows) => rows.length)).toBe(detail.results.length)
    expect(detail.results.length).toBeGreaterThan(10)
    // The run comparison below compares this run (the candidate) with the runs before it.
    expect(await value('c-candidate')).toBe(String(sample.run_id))
  })

  test('unpaired series are listed, one row each', async () => {
    const runs = (await getJson(`${t.url}/api/runs?limit=100`)).body.items as Array<{run_id: number; test_name: string}>
    const sample = runs.find((r) => r.test_name === 'nightly-benchmark-1')!
    const other = runs.find((r) => !r.test_name.startsWith('nightly-benchmark') && (r as any).performance_results > 0)!
    const answer = (await getJson(`${t.url}/api/compare/runs?baseline=${sample.run_id}&candidate=${other.run_id}&fail_on=never`)).body
    expect(answer.unpaired.length).toBeGreaterThan(0)
    await page.goto(`${t.url}/dashboard?compare_baseline=${sample.run_id}&compare_candidate=${other.run_id}`)
    await ready('runs-section')
    expect(await page.isVisible('#unpaired-box summary')).toBe(true)
    expect(await page.textContent('#unpaired-summary')).toBe(`${answer.unpaired.length} unpaired series`)
    expect(await page.$$eval('#unpaired tbody tr', (rows) => rows.length)).toBe(answer.unpaired.length)
  })

  test('the matrix shows models with evidence and says how many it hid; "show all" brings them back', async () => {
    await page.goto(`${t.url}/dashboard`)
    await ready('matrix-section')
    const matrix = (await getJson(`${t.url}/api/compatibility?all=true`)).body
    const width = matrix.hardware.length
    const withEvidence = matrix.rows.filter((_r: string, i: number) => matrix.cells.slice(i * width, (i + 1) * width).some((c: any) => c.state !== 'untested')).length
    expect(withEvidence).toBeLessThan(matrix.rows.length)
    // The API's default leaves the same rows out and counts them.
    const shown = (await getJson(`${t.url}/api/compatibility`)).body
    expect([shown.rows.length, shown.hiddenRows]).toEqual([withEvidence, matrix.rows.length - withEvidence])
    expect(await page.$$eval('#matrix tbody tr', (rows) => rows.length)).toBe(withEvidence)
    expect(await page.textContent('#matrix-note')).toBe(`${withEvidence} ${matrix.by}(s) with evidence; ${matrix.rows.length - withEvidence} without any evidence hidden`)
    await page.check('#matrix-all')
    await page.waitForFunction((n) => document.querySelectorAll('#matrix tbody tr').length === n, matrix.rows.length)
  })

  test('at 400 px nothing overflows the page: every card fits the viewport', async () => {
    const phone = await browser.newPage({viewport: {width: 400, height: 800}})
    await phone.goto(`${t.url}/dashboard`)
    await phone.waitForSelector('#latest-section[data-state="ready"]', {timeout: 20_000})
    const layout = await phone.evaluate(() => ({
      page: document.scrollingElement!.scrollWidth,
      cards: [...document.querySelectorAll('main > section:not([hidden])')].map((s) => Math.round(s.getBoundingClientRect().right)),
    }))
    await phone.close()
    expect(layout.page).toBeLessThanOrEqual(400)
    expect(layout.cards.length).toBeGreaterThan(5)
    for (const right of layout.cards) expect(right).toBeLessThanOrEqual(400)
  })

  test('no script error on any view', () => {
    expect(problems).toEqual([])
  })
})
