import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {Ajv} from 'ajv'
import {compareRuns, parseThreshold, shouldFail, type ComparisonResult} from '../../src/lib/compare/compare.js'
import {median} from '../../src/lib/compare/stats.js'

const geoMedian = (xs: number[]) => Math.exp(median(xs.map(Math.log)))
import type {BenchDb} from '../../src/lib/db/bench-db.js'
import {BenchError} from '../../src/lib/errors.js'
import {compareOutputSchema} from '../../src/schema/output/compare.js'
import {databaseWith, removeDir} from '../helpers/compare.js'
import {A_CANDIDATE, A_LATENCY, B_CANDIDATE, B_LATENCY, C_CANDIDATE, C_LATENCY, fixtureRuns} from './fixture.js'

let dir: string
let bench: BenchDb
let runIds: number[]

beforeAll(async () => {
  ;({dir, bench, runIds} = await databaseWith(fixtureRuns()))
})

afterAll(() => {
  bench.close()
  removeDir(dir)
})

const validate = new Ajv({allErrors: true}).compile(compareOutputSchema)
const find = (r: ComparisonResult, model: string, hardware: string) =>
  r.series.find((s) => s.key.modelName === model && s.key.hardwareType === hardware)

describe('compareRuns on synthetic runs with known truth', () => {
  test('latency: the 10 % slowdown regressed, the speed-up improved, the noisy series inconclusive', async () => {
    const r = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency'})
    expect(r.baseline.runs.map((x) => x.runId)).toEqual(runIds.slice(0, 10))
    expect(r.candidate.runs.map((x) => x.runId)).toEqual([runIds[10]])

    const a = find(r, 'bert-base-uncased', 'cpu')!
    expect(a).toMatchObject({verdict: 'regressed', decidedBy: 'interval'})
    expect(a.candidateValue).toBeCloseTo(A_CANDIDATE, 10)
    // Levels are geometric medians (the median on the log scale).
    expect(a.baselineValue).toBeCloseTo(geoMedian(A_LATENCY), 10)
    expect(a.change!).toBeCloseTo(A_CANDIDATE / geoMedian(A_LATENCY) - 1, 10)
    expect(a.interval!.low).toBeGreaterThan(0.05)
    expect(a.baseline.map((p) => p.value)).toEqual(A_LATENCY)
    expect(a.baseline.every((p) => p.samples === 10)).toBe(true)
    expect(a.noise.iterationSigma).not.toBeNull()
    expect(a.baselineBranch).toBe('main')

    const b = find(r, 'bert-base-uncased', 'cuda')!
    expect(b).toMatchObject({verdict: 'improved'})
    expect(b.baselineValue).toBeCloseTo(geoMedian(B_LATENCY), 10)

    const c = find(r, 't5-small', 'cpu')!
    expect(c).toMatchObject({verdict: 'inconclusive', decidedBy: 'interval'})
    expect(c.candidateValue).toBeCloseTo(C_CANDIDATE, 10)
    expect(c.baselineValue).toBeCloseTo(geoMedian(C_LATENCY), 10)
    expect(c.interval!.low).toBeLessThan(0.05)
    expect(c.interval!.high).toBeGreaterThan(0.05)

    expect(r.summary).toMatchObject({series: 3, regressed: 1, improved: 1, unchanged: 0, inconclusive: 1, unpaired: 2})
    expect(r.summary.fdr).toMatchObject({method: 'adaptive-benjamini-hochberg', level: 0.05, tested: 3})
    // Storey's pi0 from the three "worse" p-values, by hand: (#{p > 0.5} + 1) / (3 x 0.5), at most 1.
    const above = r.series.filter((s) => s.pWorse! > 0.5).length
    expect(r.summary.fdr.pi0).toBeCloseTo(Math.min(1, (above + 1) / 1.5), 12)
    expect(r.summary.fdr.expectedFalseAlarms).toBeCloseTo(a.pWorse! + b.pBetter!, 12)
    expect(r.series.map((s) => s.verdict)).toEqual(['regressed', 'inconclusive', 'improved'])
    expect(validate(r)).toBe(true)
  })

  test('unpaired series are listed with the side that has them', async () => {
    const r = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency'})
    const sides = Object.fromEntries(r.unpaired.map((u) => [u.key.modelName, u]))
    expect(sides['google/vit-base-patch16-224']).toMatchObject({side: 'baseline-only', runs: runIds.slice(0, 10)})
    expect(sides['openai/whisper-tiny']).toMatchObject({side: 'candidate-only', runs: [runIds[10]]})
  })

  test('throughput: directions flip with the metric', async () => {
    const r = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'throughput'})
    expect(find(r, 'bert-base-uncased', 'cpu')).toMatchObject({verdict: 'regressed', decidedBy: 'interval'})
    expect(find(r, 'bert-base-uncased', 'cpu')!.gain!).toBeLessThan(-0.08)
    // The same data read as latency: mirrored effect on the log scale, same verdicts.
    const lat = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency'})
    for (const s of r.series) {
      const l = lat.series.find((x) => x.id === s.id)!
      expect(s.verdict).toBe(l.verdict)
      expect(Math.log1p(s.change!)).toBeCloseTo(-Math.log1p(l.change!), 6)
    }
    expect(find(r, 'bert-base-uncased', 'cuda')).toMatchObject({verdict: 'improved'})
    expect(find(r, 'bert-base-uncased', 'cuda')!.change!).toBeGreaterThan(0.1)
    expect(r.metric).toEqual({name: 'throughput', label: 'Throughput', unit: 'items/s', better: 'higher'})
  })

  test('memory: a flat 512 MB history (zero noise) and 600 MB is a regression; an equal value is unchanged', async () => {
    const r = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'memory'})
    const a = find(r, 'bert-base-uncased', 'cpu')!
    expect(a).toMatchObject({verdict: 'regressed', decidedBy: 'interval', pWorse: 0})
    expect(a.baselineValue).toBeCloseTo(512, 9)
    expect(a.candidateValue).toBeCloseTo(600, 9)
    expect(a.noise.sigma).toBe(0)
    expect(r.metric).toEqual({name: 'memory_peak', label: 'Peak memory', unit: 'MB', better: 'lower'})
    expect(find(r, 'bert-base-uncased', 'cuda')).toMatchObject({verdict: 'unchanged', change: 0})
    expect(validate(r)).toBe(true)
  })

  test('simulated results are left out unless asked for, and never mixed with measured ones', async () => {
    const without = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency'})
    expect(find(without, 'bert-base-uncased', 'qnn')).toBeUndefined()
    const withSim = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency', includeSimulated: true})
    const f = find(withSim, 'bert-base-uncased', 'qnn')!
    expect(f.key.simulated).toBe(true)
    expect(f).toMatchObject({verdict: 'regressed'})
    expect(f.baselineValue).toBeCloseTo(Math.sqrt(50 * 51), 9)
    expect(withSim.settings.includeSimulated).toBe(true)
  })

  test('filters by model, family and hardware', async () => {
    const fam = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency', filters: {families: ['BERT']}})
    expect(fam.series.map((s) => s.key.hardwareType).sort()).toEqual(['cpu', 'cuda'])
    expect(fam.unpaired).toEqual([])
    const hw = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency', filters: {hardware: ['cuda']}})
    expect(hw.series.map((s) => s.key.modelName)).toEqual(['bert-base-uncased'])
    const model = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency', filters: {models: ['t5-small']}})
    expect(model.summary).toMatchObject({series: 1, inconclusive: 1, regressed: 0})
    expect(model.settings.filters).toEqual({models: ['t5-small']})
  })

  test('a one-run baseline still reads the noise from the series\' history before the candidate', async () => {
    const r = await compareRuns(bench, {baseline: String(runIds[7]), candidate: 'feature', metric: 'latency'})
    const a = find(r, 'bert-base-uncased', 'cpu')!
    expect(a).toMatchObject({verdict: 'regressed'})
    expect(a.baseline.map((p) => p.runId)).toEqual([runIds[7]])
    expect(a.noise.differences).toBe(9)
    // 104 ms -> 110.5 ms (+6 %) in +-20 % run noise: inconclusive, with the interval.
    expect(find(r, 't5-small', 'cpu')).toMatchObject({verdict: 'inconclusive', decidedBy: 'interval'})
  })

  test('overlapping selectors: the candidate is taken out of the baseline; identical ones are a usage error', async () => {
    const r = await compareRuns(bench, {baseline: '2025-03-01..2025-03-31', candidate: 'latest', metric: 'latency'})
    expect(r.baseline.runs).toHaveLength(10)
    expect(r.warnings[0]).toMatch(/1 run\(s\) in both selectors/)
    await expect(compareRuns(bench, {baseline: 'latest', candidate: 'latest'})).rejects.toMatchObject({kind: 'usage'})
  })

  test('settings are validated as usage errors', async () => {
    await expect(compareRuns(bench, {baseline: 'window:3', candidate: 'latest', threshold: -1})).rejects.toBeInstanceOf(BenchError)
    await expect(compareRuns(bench, {baseline: 'window:3', candidate: 'latest', alpha: 0.7})).rejects.toMatchObject({kind: 'usage'})
    await expect(compareRuns(bench, {baseline: 'window:3', candidate: 'latest', threshold: 0})).rejects.toMatchObject({kind: 'usage'})
    await expect(compareRuns(bench, {baseline: 'window:3', candidate: 'latest', metric: 'latncy'})).rejects.toMatchObject({
      kind: 'usage', message: 'unknown metric "latncy"', details: {hint: 'Did you mean --metric latency?'},
    })
    await expect(compareRuns(bench, {baseline: 'window:3', candidate: 'latest', metric: 'latency_stddev'})).rejects.toMatchObject({kind: 'usage'})
    expect(() => parseThreshold('0%')).toThrow(/out of range/)
    expect(() => parseThreshold('-3%')).toThrow(/out of range/)
    expect(parseThreshold('5%')).toBeCloseTo(0.05, 12)
    expect(parseThreshold('2.5')).toBeCloseTo(0.025, 12)
    expect(() => parseThreshold('five')).toThrow(/invalid threshold/)
  })

  test('--fail-on modes', async () => {
    const r = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency'})
    expect([shouldFail(r, 'regression'), shouldFail(r, 'any'), shouldFail(r, 'never')]).toEqual([true, true, false])
    const t5 = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency', filters: {models: ['t5-small']}})
    expect([shouldFail(t5, 'regression'), shouldFail(t5, 'any')]).toEqual([false, true])
  })
})
