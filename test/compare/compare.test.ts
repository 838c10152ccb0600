import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {Ajv} from 'ajv'
import {compareRuns, parseThreshold, shouldFail, type ComparisonResult} from '../../src/lib/compare/compare.js'
import {median} from '../../src/lib/compare/stats.js'
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
    expect(a).toMatchObject({verdict: 'regressed', decidedBy: 'mann-whitney+robust-z', candidateValue: A_CANDIDATE})
    expect(a.baselineValue).toBeCloseTo(median(A_LATENCY), 10)
    expect(a.change!).toBeCloseTo(A_CANDIDATE / median(A_LATENCY) - 1, 10)
    expect(a.mannWhitney).toMatchObject({n1: 10, n2: 100})
    expect(a.baseline.map((p) => p.value)).toEqual(A_LATENCY)

    const b = find(r, 'bert-base-uncased', 'cuda')!
    expect(b).toMatchObject({verdict: 'improved', candidateValue: B_CANDIDATE})
    expect(b.baselineValue).toBeCloseTo(median(B_LATENCY), 10)

    const c = find(r, 't5-small', 'cpu')!
    expect(c).toMatchObject({verdict: 'inconclusive', decidedBy: 'robust-z', candidateValue: C_CANDIDATE})
    expect(c.baselineValue).toBe(median(C_LATENCY))

    expect(r.summary).toEqual({series: 3, regressed: 1, improved: 1, unchanged: 0, inconclusive: 1, unpaired: 2})
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
    expect(find(r, 'bert-base-uncased', 'cpu')).toMatchObject({verdict: 'regressed', decidedBy: 'mann-whitney+robust-z'})
    expect(find(r, 'bert-base-uncased', 'cpu')!.gain!).toBeLessThan(-0.08)
    expect(find(r, 'bert-base-uncased', 'cuda')).toMatchObject({verdict: 'improved'})
    expect(find(r, 'bert-base-uncased', 'cuda')!.change!).toBeGreaterThan(0.1)
    expect(r.metric).toEqual({name: 'throughput', label: 'Throughput', unit: 'items/s', better: 'higher'})
  })

  test('memory: no samples, a flat 512 MB history and 600 MB is a regression by the robust z alone', async () => {
    const r = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'memory'})
    const a = find(r, 'bert-base-uncased', 'cpu')!
    expect(a).toMatchObject({verdict: 'regressed', decidedBy: 'robust-z', baselineValue: 512, candidateValue: 600})
    expect(a.robustZ).toMatchObject({z: null, p: 0, spread: 0, runs: 10})
    expect(find(r, 'bert-base-uncased', 'cuda')).toMatchObject({verdict: 'unchanged', decidedBy: 'threshold', change: 0})
    expect(validate(r)).toBe(true)
  })

  test('simulated results are left out unless asked for, and never mixed with measured ones', async () => {
    const without = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency'})
    expect(find(without, 'bert-base-uncased', 'qnn')).toBeUndefined()
    const withSim = await compareRuns(bench, {baseline: 'window:10', candidate: 'latest', metric: 'latency', includeSimulated: true})
    const f = find(withSim, 'bert-base-uncased', 'qnn')!
    expect(f.key.simulated).toBe(true)
    expect(f).toMatchObject({verdict: 'regressed', baselineValue: 50.5, candidateValue: 65})
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

  test('a short baseline is compared by Mann-Whitney alone, with a warning', async () => {
    const r = await compareRuns(bench, {baseline: String(runIds[7]), candidate: 'feature', metric: 'latency'})
    expect(find(r, 'bert-base-uncased', 'cpu')).toMatchObject({verdict: 'regressed', decidedBy: 'mann-whitney', test: 'mann-whitney'})
    // No samples and one baseline run (104 ms -> 110.5 ms, +6 %): nothing can tell change from noise.
    expect(find(r, 't5-small', 'cpu')).toMatchObject({verdict: 'inconclusive', decidedBy: 'insufficient-data'})
    expect(r.warnings.join(' ')).toMatch(/run-to-run noise is unknown/)
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
    await expect(compareRuns(bench, {baseline: 'window:3', candidate: 'latest', metric: 'speed' as never})).rejects.toMatchObject({kind: 'usage'})
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
