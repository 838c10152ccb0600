import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {scanHistory, type ChangesResult} from '../../src/lib/compare/history.js'
import {getJson, serveDatabase, type TestServer} from '../helpers/api-server.js'
import {bench as runCli, benchJson} from '../helpers/cli.js'
import {databaseWith} from '../helpers/compare.js'
import {HISTORY_RUNS, historyRuns as runs} from './history-fixture.js'

/** The seeded history of history-fixture.ts; the CLI and API answers are read from the same file. */
const RUNS = HISTORY_RUNS

let dir: string
let path: string
let ids: number[]
let result: ChangesResult
let cli: ReturnType<typeof benchJson>
let cliText: ReturnType<typeof runCli>
let server: TestServer

beforeAll(async () => {
  const made = await databaseWith(runs())
  ;({dir, path, runIds: ids} = made)
  result = await scanHistory(made.bench, {metric: 'latency'})
  made.bench.close()
  cli = benchJson(['db:compare', '--db', path, '--history', '--metric', 'latency'])
  cliText = runCli(['db:compare', '--db', path, '--history', '--metric', 'latency', '--format', 'markdown'])
  server = await serveDatabase(dir, path)
}, 120000)

afterAll(async () => {
  await server?.close()
})

describe('change points over the whole history', () => {
  test('each change is one alert at the first run after it, newest first; series moved in the same run are grouped', () => {
    expect(result.alerts.map((a) => a.runId)).toEqual([ids[38], ids[30]])
    const [improvement, regression] = result.alerts
    expect(regression).toMatchObject({commit: 'feed0030', branch: 'main', previousRunId: ids[29], previousCommit: 'feed0029', severity: 'regressed'})
    expect(regression.series.map((s) => s.key.modelName).sort()).toEqual(['alpha', 'beta'])
    for (const s of regression.series) {
      expect(s).toMatchObject({direction: 'regressed', runsBefore: 30, runsAfter: 15})
      // Size near the true +15 %, its interval symmetric on the log scale; the noise is the 1 % put in.
      expect(s.change).toBeGreaterThan(0.13)
      expect(s.change).toBeLessThan(0.17)
      expect(Math.log1p(s.interval.high) - Math.log1p(s.change)).toBeCloseTo(Math.log1p(s.change) - Math.log1p(s.interval.low), 12)
      expect(s.interval.level).toBeCloseTo(0.9, 12)
      expect(s.noise).toBeGreaterThan(0.006)
      expect(s.noise).toBeLessThan(0.014)
      expect(s.points).toHaveLength(RUNS)
    }
    expect(improvement.series).toHaveLength(1)
    expect(improvement.series[0]).toMatchObject({direction: 'improved', runsBefore: 38})
    expect(improvement.series[0].change).toBeCloseTo(-0.2, 1)
    expect(improvement.severity).toBe('improved')
  })

  test('slow drift is reported as drift, not as steps; the quiet series has nothing', () => {
    expect(result.drifts.map((d) => d.key.modelName)).toEqual(['delta'])
    expect(result.drifts[0]).toMatchObject({direction: 'regressed', fromRunId: ids[0], toRunId: ids[RUNS - 1]})
    expect(result.drifts[0].perRun).toBeCloseTo(0.005, 2)
    const moved = new Set(result.alerts.flatMap((a) => a.series.map((s) => s.key.modelName)))
    expect(moved.has('delta')).toBe(false)
    expect(moved.has('quiet')).toBe(false)
    expect(result.summary).toEqual({series: 5, alerts: 2, changes: 3, regressions: 1, drifts: 1})
  })

  test('a change is not re-alerted as runs arrive: the scan of the first 35 runs finds the same change at the same run', async () => {
    const made = await databaseWith(runs().slice(0, 35))
    try {
      const early = await scanHistory(made.bench, {metric: 'latency'})
      expect(early.alerts.map((a) => a.commit)).toEqual(['feed0030'])
      expect(early.alerts[0].series.map((s) => s.key.modelName).sort()).toEqual(['alpha', 'beta'])
    } finally {
      made.bench.close()
    }
  })

  test('throughput reads the same changes mirrored (over HTTP: the server holds the file)', async () => {
    const thr = (await getJson(`${server.url}/api/changes?metric=throughput`)).body as ChangesResult
    expect(thr.alerts.map((a) => [a.runId, a.severity])).toEqual([[ids[38], 'improved'], [ids[30], 'regressed']])
    expect(thr.alerts[1].series.map((s) => Math.log1p(s.change))).toEqual(
      result.alerts[1].series.map((s) => expect.closeTo(-Math.log1p(s.change), 9)))
  })

  test('the CLI prints the same result (--json) and a Markdown table', () => {
    expect(cli.status).toBe(0)
    expect((cli.json as ChangesResult).alerts.map((a) => a.runId)).toEqual([ids[38], ids[30]])
    expect(cliText.status).toBe(0)
    expect(cliText.stdout.split('\n')[0]).toBe('**1 regression alert(s)** · Latency history (lower is better, threshold 5.0%): 2 alert(s) (1 with regressions), 3 change(s) and 1 drift(s) in 5 series')
    expect(cliText.stdout).toMatch(/\| feed0030 \| main \| regressed \| beta · cpu[^\n]*\n\|  \|  \|  \| regressed \| alpha · cpu/)
  })

  test('GET /api/changes answers 200 with the same alerts; bad input is a 400 with a suggestion', async () => {
    const ok = await getJson(`${server.url}/api/changes?metric=latency`)
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual(JSON.parse(JSON.stringify(result)))
    const bad = await getJson(`${server.url}/api/changes?metric=latencyy`)
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({code: 'bad_request', message: 'unknown metric "latencyy"'})
    expect(JSON.stringify(bad.body.error.details)).toMatch(/Did you mean --metric latency/)
    const zero = await getJson(`${server.url}/api/changes?threshold=0`)
    expect(zero.status).toBe(400)
    expect(zero.body.error.message).toBe('threshold 0% is out of range')
  })
})
