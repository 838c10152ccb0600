import {describe, expect, test} from '@jest/globals'
import {generateSeries, prng} from '../../src/lib/compare/synthetic.js'
import {decide, DEFAULT_SETTINGS, type SeriesEvidence} from '../../src/lib/compare/verdict.js'

/** A fixed history of 12 latency runs around 100 ms (about 1 % noise) and helpers. */
const HISTORY = [100, 101.2, 99.1, 100.4, 98.8, 100.9, 99.6, 101.5, 99.3, 100.2, 98.9, 100.7]
const latency = (candidate: number[], history = HISTORY, window = history): SeriesEvidence =>
  ({better: 'lower', baseline: window, candidate, history})

const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** Student's t upper quantile by integrating its density (Simpson) and bisecting: independent of the library's incomplete beta. */
function tQuantileReference(p: number, df: number): number {
  const c = Math.exp(lgamma((df + 1) / 2) - lgamma(df / 2)) / Math.sqrt(df * Math.PI)
  const pdf = (t: number) => c * (1 + (t * t) / df) ** (-(df + 1) / 2)
  const upper = (t: number) => {
    // P(T > t) = 0.5 - integral 0..t
    const n = 4000
    const h = t / n
    let s = pdf(0) + pdf(t)
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * pdf(i * h)
    return 0.5 - (s * h) / 3
  }
  let lo = 0
  let hi = 50
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (upper(mid) > p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

function lgamma(x: number): number {
  // Stirling series with shift, plenty for x >= 0.5 here.
  let shift = 0
  while (x < 10) {
    shift -= Math.log(x)
    x += 1
  }
  return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3)
}

describe('the interval verdict, against a straightforward reference', () => {
  test('effect, interval and noise equal the reference computed here', () => {
    const d = decide(latency([108]))
    const l = HISTORY.map(Math.log)
    const diffs = l.slice(1).map((v, i) => v - l[i])
    const sigma = (1.4826 * med(diffs.map((x) => Math.abs(x - med(diffs))))) / Math.SQRT2
    const df = 0.37 * diffs.length
    const effect = Math.log(108) - med(l)
    const se = sigma * Math.sqrt(Math.PI / 2 / 12 + 1)
    const t = tQuantileReference(0.05, df)
    expect(d.noise.sigma!).toBeCloseTo(sigma, 12)
    expect(d.noise.df).toBeCloseTo(df, 12)
    expect(d.change!).toBeCloseTo(Math.expm1(effect), 12)
    expect(d.interval!.low).toBeCloseTo(Math.expm1(effect - t * se), 4)
    expect(d.interval!.high).toBeCloseTo(Math.expm1(effect + t * se), 4)
    expect(d.interval!.level).toBeCloseTo(0.9, 12)
    expect(d.baselineValue).toBeCloseTo(Math.exp(med(l)), 10)
    // The verdict follows the interval: regressed iff its low end clears +5 %.
    expect(d.verdict).toBe(d.interval!.low > 0.05 ? 'regressed' : 'inconclusive')
  })

  test('regressed, improved, unchanged and inconclusive by where the whole interval lies', () => {
    expect(decide(latency([115]))).toMatchObject({verdict: 'regressed', decidedBy: 'interval'})
    expect(decide(latency([115])).interval!.low).toBeGreaterThan(0.05)
    expect(decide(latency([87]))).toMatchObject({verdict: 'improved'})
    const same = decide(latency([100.5]))
    expect(same.verdict).toBe('unchanged')
    expect(same.interval!.low).toBeGreaterThan(-0.05)
    expect(same.interval!.high).toBeLessThan(0.05)
    const edge = decide(latency([105.5]))
    expect(edge.verdict).toBe('inconclusive')
    expect(edge.interval!.low).toBeLessThan(0.05)
    expect(edge.interval!.high).toBeGreaterThan(0.05)
    expect(edge.reason).toMatch(/straddles the 5\.0% threshold/)
  })

  test('the confirm loop: the number of runs it names decides the series, one fewer does not', () => {
    const edge = decide(latency([106.5]))
    expect(edge.verdict).toBe('inconclusive')
    const k = edge.moreRuns!
    expect(k).toBeGreaterThan(0)
    expect(decide(latency(Array(1 + k).fill(106.5))).verdict).not.toBe('inconclusive')
    expect(decide(latency(Array(k).fill(106.5))).verdict).toBe('inconclusive')
  })

  test('latency and the throughput computed from it get the same verdict and mirrored intervals', () => {
    for (const c of [95, 100.5, 105.5, 108, 115]) {
      const lat = decide(latency([c]))
      const thr = decide({better: 'higher', baseline: HISTORY.map((v) => 1000 / v), candidate: [1000 / c], history: HISTORY.map((v) => 1000 / v)})
      expect(thr.verdict).toBe(lat.verdict)
      expect(Math.log1p(thr.change!)).toBeCloseTo(-Math.log1p(lat.change!), 10)
      expect(Math.log1p(thr.interval!.low)).toBeCloseTo(-Math.log1p(lat.interval!.high), 10)
    }
  })

  test('a short history decides with the pooled noise of similar series, and not without it', () => {
    const short = [100, 100.8, 99.4]
    expect(decide(latency([110], short)).verdict).toBe('inconclusive')
    const pooled = decide({...latency([110], short), prior: {sigma: 0.01, df: 4}})
    expect(pooled).toMatchObject({verdict: 'regressed'})
    expect(pooled.noise.source).toBe('history+pooled')
  })

  test('iterations alone: inflated noise, and no history at all is insufficient data', () => {
    const none = decide({better: 'lower', baseline: [100], candidate: [120], history: [100]})
    expect(none).toMatchObject({verdict: 'inconclusive', decidedBy: 'insufficient-data', interval: null})
    const samples = [Array.from({length: 9}, (_, i) => 100 * (1 + (i - 4) * 0.01)), Array.from({length: 9}, (_, i) => 120 * (1 + (i - 4) * 0.01))]
    const it = decide({better: 'lower', baseline: [100], candidate: [120], history: [100], samples})
    expect(it.noise.source).toBe('iterations')
    expect(it.noise.sigma!).toBeCloseTo(2 * it.noise.iterationSigma!, 12)
  })

  test('a bimodal history (two unlabelled machines 12 % apart) is detected; matching one level is never "unchanged"', () => {
    const history = Array.from({length: 20}, (_, i) => (i % 2 ? 112 : 100) * (1 + ((i * 13) % 5 - 2) * 0.002))
    const matchHigh = decide(latency([112], history))
    expect(matchHigh.modes).not.toBeNull()
    expect(matchHigh.modes!.levels[1] / matchHigh.modes!.levels[0]).toBeCloseTo(1.12, 2)
    expect(matchHigh.verdict).toBe('inconclusive')
    expect(matchHigh.reason).toMatch(/bimodal/)
    expect(decide(latency([125], history)).verdict).toBe('regressed')
  })

  test('a value of zero is insufficient data, not a crash', () => {
    expect(decide(latency([0]))).toMatchObject({verdict: 'inconclusive', decidedBy: 'insufficient-data'})
  })

  test('fixed seed: 150 noise-only series (3 % noise, 20 runs) raise no "regressed", 150 +10 % steps at 1 % are caught', () => {
    const rand = prng(42)
    let falseAlarms = 0
    let caught = 0
    for (let i = 0; i < 150; i++) {
      const n = generateSeries({runs: 21, noise: 0.03}, rand).values
      if (decide(latency([n[20]], n.slice(0, 20))).verdict === 'regressed') falseAlarms++
      const s = generateSeries({runs: 21, noise: 0.01, step: {at: 20, size: 0.1}}, rand).values
      if (decide(latency([s[20]], s.slice(0, 20))).verdict === 'regressed') caught++
    }
    expect(falseAlarms).toBe(0)
    expect(caught).toBeGreaterThanOrEqual(148)
    expect(DEFAULT_SETTINGS).toEqual({threshold: 0.05, alpha: 0.05})
  })
})
