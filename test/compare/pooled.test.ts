import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {compareRuns} from '../../src/lib/compare/compare.js'
import type {BenchDb} from '../../src/lib/db/bench-db.js'
import {databaseWith, day, removeDir, type SynthRun} from '../helpers/compare.js'

/**
 * Short histories pool their differences: six series of one machine with 3 runs each (2
 * successive differences: too few for a noise estimate of their own, df 0.74), then a candidate
 * run 10 % slower for three of them. The machine's prior is measured from all 12 differences
 * together, and the verdicts follow; the expected noise is computed here from the values.
 */
const level = (i: number, r: number) => 100 * (1 + 0.01 * ((((i * 3 + r * 5) % 7) - 3) / 3))
const SERIES = 6
let dir: string
let bench: BenchDb

beforeAll(async () => {
  const runs: SynthRun[] = [0, 1, 2, 3].map((r) => ({
    startedAt: day(r + 1), branch: 'main', machine: 'box-b',
    results: Array.from({length: SERIES}, (_, i) => {
      const latencyMs = r < 3 ? level(i, r) : i < 3 ? 110 : 100
      return {model: `m-${i}`, family: 'm', hardware: 'cpu', latencyMs, throughput: 1000 / latencyMs}
    }),
  }))
  ;({dir, bench} = await databaseWith(runs))
})

afterAll(() => {
  bench.close()
  removeDir(dir)
})

const sortedMedian = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

describe('a machine of short histories', () => {
  test('its series share the noise of all their differences, and a +10 % step is called', async () => {
    const r = await compareRuns(bench, {baseline: 'window:20', candidate: 'latest', metric: 'latency'})
    const diffs = (i: number) => [Math.log(level(i, 1) / level(i, 0)), Math.log(level(i, 2) / level(i, 1))]
    const all = Array.from({length: SERIES}, (_, i) => diffs(i)).flat()
    const m = sortedMedian(all)
    const prior = (1.4826 * sortedMedian(all.map((d) => Math.abs(d - m)))) / Math.SQRT2
    const priorDf = 4 // min(PRIOR_DF, 0.37 x 12 differences)
    for (const s of r.series) {
      const i = Number(s.key.modelName.slice(2))
      const own = diffs(i)
      const ownMean = (own[0] + own[1]) / 2
      const ownSigma = (1.4826 * sortedMedian(own.map((d) => Math.abs(d - ownMean)))) / Math.SQRT2
      const ownDf = 0.37 * 2
      expect(s.noise.source).toBe('history+pooled')
      expect(s.noise.df).toBeCloseTo(ownDf + priorDf, 10)
      expect(s.noise.sigma!).toBeCloseTo(Math.sqrt((ownDf * ownSigma ** 2 + priorDf * prior ** 2) / (ownDf + priorDf)), 12)
      expect(s.verdict).toBe(i < 3 ? 'regressed' : 'unchanged')
    }
    expect(r.series).toHaveLength(SERIES)
  })
})
