import {describe, expect, test} from '@jest/globals'
import {mad, mannWhitney, median, normalTwoSided, robustZ, studentTTwoSided} from '../../src/lib/compare/stats.js'
import {gaussian, prng} from '../../src/lib/compare/synthetic.js'

// Reference values from SciPy 1.17 (scipy.stats.mannwhitneyu / scipy.stats.t).
describe('Mann-Whitney U', () => {
  test('exact p for fully separated 5 vs 5 samples is 2 / C(10,5)', () => {
    const r = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])
    expect(r.method).toBe('exact')
    expect(r.u).toBe(0)
    expect(r.p).toBeCloseTo(2 / 252, 12)
    expect(r.medianShift).toBe(-5)
  })

  test('exact p matches SciPy for unequal sizes', () => {
    const r = mannWhitney([1.1, 2.3, 3.2, 4.5, 5.1, 6.7], [3.3, 4.4, 7.1, 8.2, 9.9, 10.5, 11.2])
    expect(r.u).toBe(6)
    expect(r.p).toBeCloseTo(0.03496503496503496, 10)
  })

  test('ties switch to the normal approximation with tie and continuity correction (SciPy asymptotic)', () => {
    const r = mannWhitney([1, 1, 2, 2, 3], [2, 3, 3, 4, 4])
    expect(r.method).toBe('normal')
    expect(r.u).toBe(3)
    expect(r.p).toBeCloseTo(0.05241162867102868, 6)
    const big = mannWhitney(Array.from({length: 30}, (_, i) => i), Array.from({length: 30}, (_, i) => i + 5))
    expect(big.u).toBe(312.5)
    expect(big.p).toBeCloseTo(0.04274735330571392, 6)
  })

  test('identical samples give p = 1', () => {
    expect(mannWhitney([2, 2, 2, 2, 2], [2, 2, 2, 2, 2]).p).toBe(1)
  })
})

describe('distributions and robust statistics', () => {
  test('normal and t tails', () => {
    expect(normalTwoSided(1.959964)).toBeCloseTo(0.05, 6)
    expect(studentTTwoSided(2.776445, 4)).toBeCloseTo(0.05, 6)
    // Fractional degrees of freedom, as the robust z uses (SciPy: 2 * t.sf(3.0, 3.33)).
    expect(studentTTwoSided(3.0, 0.37 * 9)).toBeCloseTo(0.050487457050205305, 5)
  })

  test('median and MAD', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(mad([1, 2, 3, 4, 100])).toBe(1)
  })

  test('robust z ignores an outlier run in the history', () => {
    const r = robustZ([100, 101, 99, 100.5, 99.5, 100.2, 99.8, 100.1, 99.9, 180], 110)
    expect(r.centre).toBe(100.05)
    expect(r.spread).toBeCloseTo(1.4826 * 0.35, 10)
    expect(r.z).toBeGreaterThan(8)
    expect(r.p).toBeLessThan(0.01)
  })

  test('a flat history makes any difference certain and no difference null', () => {
    expect(robustZ([512, 512, 512], 600)).toMatchObject({z: Infinity, p: 0, spread: 0})
    expect(robustZ([512, 512, 512], 512)).toMatchObject({z: 0, p: 1})
  })

  test('robust z false-alarm rate stays at or below alpha on normal noise (calibration of the effective df)', () => {
    const normal = gaussian(prng(11))
    for (const n of [3, 5, 10, 20]) {
      let alarms = 0
      const trials = 4000
      for (let i = 0; i < trials; i++) {
        const history = Array.from({length: n}, normal)
        if (robustZ(history, normal()).p < 0.01) alarms++
      }
      // 1.5 % leaves room for sampling error (sd of the rate at 1 % over 4000 trials is 0.16 %).
      expect(alarms / trials).toBeLessThan(0.015)
    }
  })
})
