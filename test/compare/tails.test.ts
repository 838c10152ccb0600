import {describe, expect, test} from '@jest/globals'
import {poolPrior} from '../../src/lib/compare/noise.js'
import {binomialUpper, MAD_EFFICIENCY} from '../../src/lib/compare/stats.js'
import {generateSeries, prng} from '../../src/lib/compare/synthetic.js'
import {countBeyond, isolatedExcursions, poolExcursions, PRIOR_RUNS, tailRisk} from '../../src/lib/compare/tails.js'
import {adaptiveBenjaminiHochberg} from '../../src/lib/compare/fdr.js'
import {analyseHistory, assessSeries, decide, finishDecision} from '../../src/lib/compare/verdict.js'

/**
 * The outlier check (tails.ts) against values worked out here by hand or by brute force, and its
 * effect on verdicts: a single candidate run as far out as runs the history shows happen is
 * "inconclusive: rerun", a real change is still called, and a history without such runs decides
 * as before.
 */

const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k)

describe('the pieces', () => {
  test('binomialUpper is the summed binomial tail', () => {
    for (const [n, p, k] of [[1, 0.03, 1], [3, 0.03, 2], [5, 0.2, 3], [4, 0.5, 2], [6, 0.01, 0], [2, 0.3, 3]] as const) {
      let ref = 0
      for (let i = k; i <= n; i++) ref += choose(n, i) * p ** i * (1 - p) ** (n - i)
      expect(binomialUpper(n, p, k)).toBeCloseTo(ref, 14)
    }
  })

  test('an isolated run is an excursion, a step and drift are not', () => {
    const sigma = 0.01
    // Flat at 0 with one run at +0.25: its excursion is +0.25 (both sides agree), the others 0.
    const spike = [0, 0, 0, 0, 0.25, 0, 0, 0]
    expect([...isolatedExcursions(spike, sigma)]).toEqual([0, 0, 0, 0, 0, 25])
    // A step of +0.1 at run 4: each run is near one of its sides, so nothing is an excursion.
    expect([...isolatedExcursions([0, 0, 0, 0, 0.1, 0.1, 0.1, 0.1], sigma)].every((e) => e === 0)).toBe(true)
    // Linear drift: the left side says +d (or +1.5d), the right side -d: opposite signs, 0.
    expect([...isolatedExcursions(Array.from({length: 10}, (_, i) => 0.005 * i), sigma)].every((e) => e === 0)).toBe(true)
    // Worked example: [0, 0.02, 0.3, 0.01, 0] -> run 2: left 0.3 - mean(0.02, 0) = 0.29, right 0.3 - mean(0.01, 0) = 0.295 -> 0.29.
    const e = isolatedExcursions([0, 0.02, 0.3, 0.01, 0], 0.01)
    expect(e.at(-1)).toBeCloseTo(29, 10)
    // Run 1: left 0.02 - 0 = 0.02, right 0.02 - mean(0.3, 0.01) < 0: opposite signs -> 0; run 3: left 0.01 - 0.16 < 0, right 0.01 > 0 -> 0.
    expect([...e].slice(0, 2)).toEqual([0, 0])
    // Within modes: two machines alternating 12 % apart are no excursions once labelled.
    const alternating = Array.from({length: 12}, (_, i) => (i % 2 ? Math.log(1.12) : 0))
    expect([...isolatedExcursions(alternating, sigma, alternating.map((_, i) => i % 2))].every((x) => x === 0)).toBe(true)
  })

  test('countBeyond counts like a filter, both directions, ties included', () => {
    const rand = prng(7)
    const values = Float64Array.from({length: 200}, () => Math.round((rand() - 0.5) * 20)).sort()
    for (const x of [0, 1, 3.5, 7, 10, 11]) {
      expect(countBeyond(values, x, 1)).toBe([...values].filter((v) => v >= x).length)
      expect(countBeyond(values, x, -1)).toBe([...values].filter((v) => v <= -x).length)
    }
  })

  test('tailRisk: none without a run that far out; the own rate shrunk toward the pool otherwise', () => {
    const own = Float64Array.from([-2, -1, 0, 0, 0.5, 1, 1, 2, 30])
    expect(tailRisk(own, null, 40, 1, 1)).toBeNull()
    // Alone: (seen + 1) / (n + 1) = (1 + 1) / 10.
    const alone = tailRisk(own, null, 25, 1, 1)!
    expect(alone).toMatchObject({seen: 1, of: 9, pooledSeen: 0, pooledOf: 0})
    expect(alone.rate).toBeCloseTo(0.2, 14)
    expect(alone.p).toBeCloseTo(0.2, 14)
    // With a pool of 3 series (27 excursions, 2 of them >= 25): (1 + 20 * 3/28) / (9 + 20).
    const pool = poolExcursions([own, Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 26]), Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0])])!
    const r = tailRisk(own, pool, 25, 1, 1)!
    expect(r.pooledSeen).toBe(2)
    expect(r.pooledOf).toBe(27)
    expect(r.rate).toBeCloseTo((1 + (PRIOR_RUNS * 3) / 28) / (9 + PRIOR_RUNS), 12)
    // Three candidate runs: two of them must be that far out.
    expect(tailRisk(own, pool, 25, 1, 3)!.p).toBeCloseTo(3 * r.rate ** 2 * (1 - r.rate) + r.rate ** 3, 12)
    // The other direction only counts excursions down.
    expect(tailRisk(own, null, 1.5, -1, 1)).toMatchObject({seen: 1})
  })

  test('many short histories pool their differences into a prior', () => {
    // Four series of 3 runs: 2 differences each (df 0.74, unusable alone).
    const shorts = [[0, 0.01], [-0.01, 0.02], [0.015, -0.005], [0.01, 0]].map((diffs) => ({sigma: Number.NaN, df: 0, diffs}))
    const all = shorts.flatMap((s) => s.diffs).sort((a, b) => a - b)
    const med = (xs: number[]) => (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2
    const m = med(all)
    const mad = med(all.map((v) => Math.abs(v - m)).sort((a, b) => a - b))
    expect(poolPrior(shorts)).toEqual({sigma: (1.4826 * mad) / Math.SQRT2, df: Math.min(4, MAD_EFFICIENCY * 8)})
    expect(poolPrior(shorts.slice(0, 2))).toBeNull()
  })
})

describe('verdicts with outlier runs', () => {
  // 1 % noise around 100 (deterministic), one +25 % run in it.
  const calm = Array.from({length: 20}, (_, i) => 100 * Math.exp(0.01 * Math.sin(i * 2.1)))
  const withOutlier = calm.map((v, i) => (i === 9 ? v * 1.25 : v))
  const latency = (history: number[], candidate: number[]) => ({better: 'lower' as const, baseline: history, candidate, history})

  test('a +25 % single run is regressed when the history never did that, inconclusive when it did', () => {
    expect(decide(latency(calm, [125])).verdict).toBe('regressed')
    const d = decide(latency(withOutlier, [125]))
    expect(d.verdict).toBe('inconclusive')
    // The own rate alone (no pool): (1 + 1) / (18 + 1), 18 interior runs of 20 with one that far out.
    const excursions = analyseHistory(withOutlier, 0.05).excursions.length
    expect(d.outlierRisk).toMatchObject({seen: 1, of: excursions})
    expect(d.pWorse).toBeCloseTo(2 / (excursions + 1), 12)
    expect(d.reason).toMatch(/outlier-like: 1 of 18 earlier runs of this series were isolated excursions at least this far out .*rerun; about 2 more candidate run\(s\)/)
    expect(d.moreRuns).toBe(2)
    // Rerun as advised: three runs at +25 % are a regression (two outliers of three: p = 3q^2 - 2q^3).
    expect(decide(latency(withOutlier, [125, 124, 126])).verdict).toBe('regressed')
    // A faster candidate is not "outlier-like" in the slow direction.
    expect(decide(latency(withOutlier, [80])).verdict).toBe('improved')
  })

  test('throughput of the same runs: the mirror, same verdict and risk', () => {
    const thr = (xs: number[]) => xs.map((v) => 1000 / v)
    const d = decide({better: 'higher', baseline: thr(withOutlier), candidate: thr([125]), history: thr(withOutlier)})
    const l = decide(latency(withOutlier, [125]))
    expect(d.verdict).toBe(l.verdict)
    expect(d.pWorse).toBeCloseTo(l.pWorse!, 12)
  })

  test('many series: one outlier-like candidate is not flagged, a change in most series still is', () => {
    // 200 series of one machine, 1 % noise, 3 % outlier runs (+25 %), seeded: the pool sees ~3 % excursions.
    const rand = prng(99)
    const histories = Array.from({length: 200}, () => generateSeries({runs: 20, noise: 0.01, outlierRuns: {rate: 0.03, size: 0.25}}, rand).values)
    const analysed = histories.map((h) => analyseHistory(h, 0.05))
    const tailPool = poolExcursions(analysed.map((a) => a.excursions))
    const judge = (candidates: number[]) => {
      const assessed = histories.map((h, i) => assessSeries({...latency(h, [candidates[i]]), analysed: analysed[i], tailPool}))
      const q = adaptiveBenjaminiHochberg(assessed.map((a) => a.decision.pWorse))
      return assessed.map((a, i) => finishDecision(a, q[i], a.decision.pBetter))
    }
    const level = (h: number[]) => [...h].sort((a, b) => a - b)[10]
    // Noise only, but 4 candidates are +25 % outlier runs: none is called regressed.
    const noise = judge(histories.map((h, i) => level(h) * (i < 4 ? 1.25 : 1))).map((d) => d.verdict)
    expect(noise.filter((v) => v === 'regressed')).toEqual([])
    expect(noise.slice(0, 4)).toEqual(['inconclusive', 'inconclusive', 'inconclusive', 'inconclusive'])
    // Every series 12 % slower: called regressed, except where the series itself showed two or more
    // runs that far out (its own rate then outweighs the pool's ~3 %: one run cannot tell), and where
    // three or more outliers made the history bimodal (judged against both levels: never "unchanged").
    const moved = judge(histories.map((h) => level(h) * 1.12))
    const bimodal = moved.filter((d) => d.modes !== null)
    expect(bimodal.every((d) => d.verdict === 'inconclusive')).toBe(true)
    const single = moved.filter((d) => d.modes === null)
    const notRegressed = single.filter((d) => d.verdict !== 'regressed')
    expect(notRegressed.every((d) => d.verdict === 'inconclusive' && d.outlierRisk!.seen >= 2 && d.moreRuns! >= 2)).toBe(true)
    expect(single.filter((d) => d.outlierRisk && d.outlierRisk.seen < 2).every((d) => d.verdict === 'regressed')).toBe(true)
    // About 12 % of 20-run histories hold two or more 3 % outliers: most series are still called.
    expect(single.length - notRegressed.length).toBeGreaterThanOrEqual(150)
  })
})
