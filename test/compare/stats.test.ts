import {describe, expect, test} from '@jest/globals'
import {adaptiveBenjaminiHochberg, benjaminiHochberg, expectedFalseAlarms, storeyPi0} from '../../src/lib/compare/fdr.js'
import {mad, median, normalTwoSided, robustScale, studentTQuantile, studentTTwoSided, studentTUpper} from '../../src/lib/compare/stats.js'

// Reference values from SciPy (scipy.stats.t) and from hand computation.
describe('distributions and robust statistics', () => {
  test('normal and t tails', () => {
    expect(normalTwoSided(1.959964)).toBeCloseTo(0.05, 6)
    expect(studentTTwoSided(2.776445, 4)).toBeCloseTo(0.05, 6)
    // Fractional degrees of freedom (SciPy: 2 * t.sf(3.0, 3.33)).
    expect(studentTTwoSided(3.0, 0.37 * 9)).toBeCloseTo(0.050487457050205305, 5)
    expect(studentTUpper(1.812461, 10)).toBeCloseTo(0.05, 6)
    expect(studentTUpper(-1.812461, 10)).toBeCloseTo(0.95, 6)
    expect(studentTUpper(Infinity, 3)).toBe(0)
  })

  test('t quantiles match the tables (scipy.stats.t.ppf)', () => {
    expect(studentTQuantile(0.05, 10)).toBeCloseTo(1.812461123, 6)
    expect(studentTQuantile(0.025, 5)).toBeCloseTo(2.570581836, 6)
    expect(studentTQuantile(0.01, 3)).toBeCloseTo(4.540702858, 5)
    expect(studentTQuantile(0.05, 1e6)).toBeCloseTo(1.644854, 4)
    expect(studentTQuantile(0.05, 0)).toBe(Infinity)
  })

  test('median, MAD and the robust scale', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(mad([1, 2, 3, 4, 100])).toBe(1)
    expect(robustScale([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 10)
    // More than half identical: MAD 0, the scaled mean absolute deviation stands in (|0|*3 + 1 + 3) / 5 * sqrt(pi/2).
    expect(robustScale([5, 5, 5, 6, 8])).toBeCloseTo((4 / 5) * Math.sqrt(Math.PI / 2), 12)
    expect(robustScale([7, 7, 7])).toBe(0)
  })
})

describe('Benjamini-Hochberg', () => {
  test('adjusted p-values equal the step-up computed by hand', () => {
    // Sorted: 0.005 (x5/1 = 0.025), 0.01 (x5/2 = 0.025), 0.03 (x5/3 = 0.05), 0.04 (x5/4 = 0.05), 0.2 (x5/5 = 0.2);
    // then the running minimum from the largest down.
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2])
    const expected = [0.025, 0.05, 0.05, 0.025, 0.2]
    q.forEach((v, i) => expect(v!).toBeCloseTo(expected[i], 12))
  })

  test('the running minimum lowers a larger rank, nulls pass through and do not count', () => {
    // m = 3: 0.02 x3 = 0.06, 0.03 x3/2 = 0.045, 0.035 x3/3 = 0.035 -> min from the right: 0.035, 0.035, 0.035.
    const q = benjaminiHochberg([0.035, null, 0.02, 0.03])
    expect(q[1]).toBeNull()
    for (const i of [0, 2, 3]) expect(q[i]!).toBeCloseTo(0.035, 12)
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9])
    expect(expectedFalseAlarms([0.01, 0.002])).toBeCloseTo(0.012, 12)
  })

  test('adaptive BH: Storey pi0 by hand, and q = BH scaled by it', () => {
    // 10 p-values, 2 above 0.5: pi0 = (2 + 1) / (10 x 0.5) = 0.6.
    const p = [0.001, 0.004, 0.01, 0.02, 0.03, 0.04, 0.2, 0.45, 0.7, 0.9]
    expect(storeyPi0(p)).toBeCloseTo(0.6, 12)
    const q = adaptiveBenjaminiHochberg(p)
    const bh = benjaminiHochberg(p)
    q.forEach((v, i) => expect(v!).toBeCloseTo(Math.min(1, 0.6 * bh[i]!), 12))
    // Noise-only p-values (most near 1): pi0 is 1 and the procedure is plain BH.
    expect(storeyPi0([0.9, 0.95, 0.99, 0.6, 0.3])).toBe(1)
  })
})
