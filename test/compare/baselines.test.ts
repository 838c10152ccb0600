import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {compareRuns, type ComparisonResult} from '../../src/lib/compare/compare.js'
import type {BenchDb} from '../../src/lib/db/bench-db.js'
import {databaseWith, removeDir, type SynthResult, type SynthRun} from '../helpers/compare.js'

/**
 * One database, 24 hourly runs, whose series each test one baseline rule (latency, ms):
 *   every     runs 0-19 on main, +-0.5 % around 10 ms
 *   sparse    only in runs 1, 5, 9, 13, 17: window:N must count its own runs
 *   stepped   runs 0-19: 20 ms until run 14, then 24 ms (+20 %) from run 15 on (an accepted step)
 *   machines  two machines named in test_runs.machine: odd runs on "slow-box" at 11.2 ms, even on "fast-box" at 10 ms
 * Runs 20-22 are on branch `feat` (every: 10 ms); run 23 is the candidate on `feat`: every 10.02,
 * sparse 10.01, stepped 24.1, machines (on slow-box) 11.21.
 */
const at = (n: number) => new Date(Date.UTC(2025, 2, 1) + n * 3_600_000).toISOString()
const wiggle = (i: number) => 1 + (((i * 7) % 5) - 2) * 0.0025
const lat = (model: string, latencyMs: number): SynthResult => ({model, family: 'synthetic', hardware: 'cpu', latencyMs, throughput: 1000 / latencyMs})

function runs(): SynthRun[] {
  const out: SynthRun[] = []
  for (let i = 0; i < 23; i++) {
    const results = [lat('every', 10 * wiggle(i))]
    if (i < 20 && i % 4 === 1) results.push(lat('sparse', 10 * wiggle(i + 1)))
    if (i < 20) results.push(lat('stepped', (i < 15 ? 20 : 24) * wiggle(i + 2)))
    if (i < 20) results.push(lat('machines', (i % 2 ? 11.2 : 10) * wiggle(i + 3)))
    out.push({startedAt: at(i), branch: i < 20 ? 'main' : 'feat', machine: i < 20 ? (i % 2 ? 'slow-box' : 'fast-box') : 'fast-box', commit: `c0ffee${String(i).padStart(2, '0')}`, results})
  }
  out.push({startedAt: at(23), branch: 'feat', machine: 'slow-box', commit: 'c0ffee23',
    results: [lat('every', 10.02), lat('sparse', 10.01), lat('stepped', 24.1), lat('machines', 11.21)]})
  return out
}

let dir: string
let bench: BenchDb
let ids: number[]

beforeAll(async () => {
  ;({dir, bench, runIds: ids} = await databaseWith(runs()))
})

afterAll(() => {
  bench.close()
  removeDir(dir)
})

const series = (r: ComparisonResult, model: string) => r.series.find((s) => s.key.modelName === model)!

describe('per-series baselines', () => {
  test('window:N counts the runs of each series, on the candidate machine: a sparse series reaches further back', async () => {
    const r = await compareRuns(bench, {baseline: 'window:3@main', candidate: 'latest', metric: 'latency'})
    // The candidate ran on slow-box: only slow-box series pair (the machine is part of the series).
    expect(r.series.every((s) => s.key.machine === 'slow-box')).toBe(true)
    // On slow-box (odd runs), "every" has runs 1, 3, ..., 19; "sparse" only 1, 5, 9, 13, 17.
    expect(series(r, 'every').baseline.map((p) => p.runId)).toEqual([ids[15], ids[17], ids[19]])
    expect(series(r, 'sparse').baseline.map((p) => p.runId)).toEqual([ids[9], ids[13], ids[17]])
    expect(series(r, 'machines').baseline.map((p) => p.runId)).toEqual([ids[15], ids[17], ids[19]])
    expect(series(r, 'machines')).toMatchObject({verdict: 'unchanged', baselineBranch: 'main', modes: null})
  })

  test('different machines are different series: the slow box window holds only its own level', async () => {
    const r = await compareRuns(bench, {baseline: 'window:10@main', candidate: 'latest', metric: 'latency', filters: {models: ['machines']}})
    const m = series(r, 'machines')
    expect(m.key.machine).toBe('slow-box')
    expect(m.baseline).toHaveLength(10)
    expect(m.baseline.every((p) => p.value > 11)).toBe(true)
    expect(m.verdict).toBe('unchanged')
  })

  test('the branch rule: the candidate\'s branch when it has enough runs, else main', async () => {
    // Run 22 on feat, on fast-box: feat has 2 earlier fast-box runs of "every" (20, 21) < min(5, 3), so main.
    const mainRule = await compareRuns(bench, {baseline: 'window:5', candidate: String(ids[22]), metric: 'latency', filters: {models: ['every']}})
    expect(series(mainRule, 'every').baselineBranch).toBe('main')
    expect(series(mainRule, 'every').baseline.map((p) => p.runId)).toEqual([ids[10], ids[12], ids[14], ids[16], ids[18]])
    // window:N@feat forces the branch even with 2 runs.
    const forced = await compareRuns(bench, {baseline: 'window:5@feat', candidate: String(ids[22]), metric: 'latency', filters: {models: ['every']}})
    expect(series(forced, 'every').baseline.map((p) => p.runId)).toEqual([ids[20], ids[21]])
    expect(series(forced, 'every').baselineBranch).toBe('feat')
  })

  test('a window restarts after a change point; --exclude-regressions keeps the old level and lists the excluded runs', async () => {
    const byDefault = await compareRuns(bench, {baseline: 'window:20@main', candidate: 'latest', metric: 'latency', filters: {models: ['stepped']}})
    const s = series(byDefault, 'stepped')
    // Odd runs of slow-box before the candidate: 1..19; the step is at run 15, so the window keeps 15, 17, 19.
    expect(s.baseline.map((p) => p.runId)).toEqual([ids[15], ids[17], ids[19]])
    expect(s.verdict).toBe('unchanged')
    const strict = await compareRuns(bench, {baseline: 'window:20@main', candidate: 'latest', metric: 'latency', filters: {models: ['stepped']}, excludeRegressions: true})
    const x = series(strict, 'stepped')
    expect(x.excludedRuns).toEqual([ids[15], ids[17], ids[19]])
    expect(x.baseline.every((p) => p.value < 21)).toBe(true)
    expect(x.verdict).toBe('regressed')
    expect(strict.settings.excludeRegressions).toBe(true)
  })
})
