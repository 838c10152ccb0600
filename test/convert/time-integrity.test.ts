import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {getJson, serveDatabase, type TestServer} from '../helpers/api-server.js'
import {cleanup, FIXTURES, queryDb, ROOT, runCli, tempDir} from '../helpers/convert.js'

/**
 * Time that is never invented, one run order everywhere, and integrity on our own data: the real
 * fixtures (all written in 2025, or undated) and examples/ converted by the real CLI.
 */

const files = (dir: string): string[] =>
  readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []))

/**
 * The newest instant written anywhere in the fixture files (content or names), found here
 * independently of the ingest code: ISO date-times, compact YYYYMMDD_HHMMSS and unix seconds.
 */
function newestWrittenTime(dir: string): number {
  let newest = 0
  for (const f of files(dir)) {
    const text = readFileSync(f, 'utf8') + '\n' + f
    for (const m of text.matchAll(/(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})/g)) newest = Math.max(newest, Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
    for (const m of text.matchAll(/(?<!\d)(20\d{2})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})(?!\d)/g)) newest = Math.max(newest, Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
    for (const m of text.matchAll(/(?<![\d.])(1[67]\d{8})(?:\.\d+)?(?![\d])/g)) newest = Math.max(newest, Number(m[1]) * 1000)
  }
  return newest
}

describe.each([
  ['real fixtures', FIXTURES],
  ['examples/', join(ROOT, 'examples')],
])('%s converted', (_name, input) => {
  let dir: string
  let db: string
  beforeAll(() => {
    dir = tempDir()
    db = join(dir, 'bench.duckdb')
    expect(runCli(['db:convert', '-i', input, '--db', db, '--no-ci-env']).code).toBe(0)
  }, 60_000)
  afterAll(() => cleanup(dir))

  test('no run is dated later than the newest time written in any file; undated runs are unknown, never ingestion time', async () => {
    const newest = newestWrittenTime(input)
    expect(new Date(newest).getUTCFullYear()).toBe(2025)
    const runs = await queryDb<{test_name: string; at: string | null; time_source: string; started_at: string | null}>(db,
      `SELECT test_name, strftime(coalesce(started_at, completed_at), '%Y-%m-%dT%H:%M:%S') AS at, time_source, started_at::VARCHAR AS started_at FROM test_runs ORDER BY test_name`)
    const dated = runs.filter((r) => r.at !== null)
    for (const r of dated) expect(Date.parse(r.at + 'Z')).toBeLessThanOrEqual(newest)
    expect(dated.every((r) => r.at!.startsWith('2025-'))).toBe(true)
    // The five files that state no time anywhere (content, file or folder name).
    const undated = runs.filter((r) => r.time_source === 'unknown')
    expect(undated.map((r) => r.test_name)).toEqual(['563b04d421d313bae1d2d8f9f16dea6c308856e5cda42307da74bcc073644dc6', 'bert_cpu_test', 'bert_cuda_test', 'claude_test_results', 'test_results'])
    expect(undated.every((r) => r.started_at === null && r.at === null)).toBe(true)
    // Dated by their names only: the compact stamp and the unix seconds in the file name.
    expect(runs.filter((r) => r.time_source === 'filename').map((r) => [r.test_name, r.at])).toEqual([
      ['hardware_cpu_results_20250226_222617', '2025-02-26T22:26:17'],
      ['whisper_firefox_vs_chrome_1741232337', '2025-03-06T03:38:57'],
    ])
  })

  test('db:maintain --check-integrity passes (exit 0)', () => {
    const r = runCli(['db:maintain', '--db', db, '--check-integrity'])
    expect(r.stderr + r.stdout).toContain('no problems')
    expect(r.code).toBe(0)
  })

  test('/api/runs lists runs in the order db:compare uses: its first run with results is `latest`; undated runs come last', async () => {
    let server: TestServer | null = await serveDatabase(dir, db)
    let items: Array<{run_id: number; started_at: string | null; completed_at: string | null; performance_results: number}>
    try {
      const res = await getJson(`${server.url}/api/runs?limit=100`)
      expect(res.status).toBe(200)
      items = res.body.items
    } finally {
      await server.server.close()
      server = null
    }
    const times = items.map((r) => r.started_at ?? r.completed_at)
    const firstUndated = times.indexOf(null)
    expect(firstUndated).toBeGreaterThan(0)
    expect(times.slice(firstUndated).every((t) => t === null)).toBe(true)
    const dated = times.slice(0, firstUndated).map((t) => Date.parse(t!))
    expect(dated).toEqual([...dated].sort((a, b) => b - a))

    const r = runCli(['db:compare', '--db', db, '--baseline', 'window:3', '--candidate', 'latest', '--include-simulated', '--json'])
    expect([0, 1]).toContain(r.code)
    const cmp = JSON.parse(r.stdout) as {candidate: {runs: Array<{runId: number}>}; baseline: {runs: Array<{runId: number}>}}
    const withResults = items.filter((x) => x.performance_results > 0).map((x) => x.run_id)
    expect(cmp.candidate.runs.map((x) => x.runId)).toEqual([withResults[0]])
    // (window:N is drawn per series, in this same run order: test/compare/baselines.test.ts.)
  })
})
