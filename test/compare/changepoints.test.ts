import {describe, expect, test} from '@jest/globals'
import {CRITICAL, criticalValue, scanChanges, simulateCritical} from '../../src/lib/compare/changepoints.js'
import {generateSeries, prng} from '../../src/lib/compare/synthetic.js'

const logs = (xs: number[]) => xs.map(Math.log)
const LIMIT = Math.log(1.05)

// Properties on fixed seeds; the error rates over many seeds are measured by bench/compare.ts.
describe('change points over a history', () => {
  test('a +10 % step in 3 % noise is found once, at its run, with its size inside the interval', () => {
    const s = generateSeries({runs: 40, noise: 0.03, step: {at: 30, size: 0.1}}, prng(5))
    const scan = scanChanges(logs(s.values), LIMIT)
    expect(scan.steps).toHaveLength(1)
    expect(Math.abs(scan.steps[0].index - 30)).toBeLessThanOrEqual(1)
    const step = scan.steps[0]
    expect(step.size - 1.645 * step.se).toBeLessThan(Math.log(1.1))
    expect(step.size + 1.645 * step.se).toBeGreaterThan(Math.log(1.1))
    expect(scan.drifts).toEqual([])
  })

  test('the step found is the mean difference of the two clipped segments (reference computed here)', () => {
    const values = [...Array(10).fill(100), ...Array(10).fill(120)].map((v, i) => v * (1 + ((i * 37) % 7 - 3) * 0.002))
    const scan = scanChanges(logs(values), LIMIT)
    expect(scan.steps.map((s) => s.index)).toEqual([10])
    // Reference: sigma = 1.4826 MAD(successive differences) / sqrt(2); each value clipped to its
    // 5-run running median +-3 sigma; the size is the difference of the segment means.
    const l = logs(values)
    const med = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b)
      return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
    }
    const d = l.slice(1).map((v, i) => v - l[i])
    const sigma = (1.4826 * med(d.map((x) => Math.abs(x - med(d))))) / Math.SQRT2
    const c = l.map((v, i) => {
      const m = med(l.slice(Math.max(0, i - 2), i + 3))
      return Math.min(m + 3 * sigma, Math.max(m - 3 * sigma, v))
    })
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(scan.sigma).toBeCloseTo(sigma, 12)
    expect(scan.steps[0].size).toBeCloseTo(mean(c.slice(10)) - mean(c.slice(0, 10)), 12)
    expect(scan.steps[0].se).toBeCloseTo(sigma * Math.sqrt(1 / 10 + 1 / 10), 12)
  })

  test('noise-only series of 60 runs on fixed seeds get no change point, even with an outlier run', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const s = generateSeries({runs: 60, noise: 0.03}, prng(seed))
      s.values[30] *= 1.4 // one slow run is not a step
      expect(scanChanges(logs(s.values), LIMIT).steps).toEqual([])
    }
  })

  test('slow drift is reported as drift, not as steps', () => {
    const s = generateSeries({runs: 60, noise: 0.01, drift: 0.005}, prng(3))
    const scan = scanChanges(logs(s.values), LIMIT)
    expect(scan.steps).toEqual([])
    expect(scan.drifts).toHaveLength(1)
    expect(scan.drifts[0].slope).toBeGreaterThan(Math.log(1.003))
    expect(scan.drifts[0].slope).toBeLessThan(Math.log(1.007))
  })

  test('the tabulated critical values agree with a fresh simulation (2,000 series, another seed)', () => {
    for (const n of [30, 60]) {
      const fresh = simulateCritical(n, 2000, 0.01, 99)
      expect(Math.abs(fresh - CRITICAL[n]) / CRITICAL[n]).toBeLessThan(0.08)
    }
  })

  test('critical values are interpolated between grid lengths', () => {
    const c = [10, 15, 20].map(criticalValue)
    expect(c[1]).toBeLessThanOrEqual(Math.max(c[0], c[2]))
    expect(c[1]).toBeGreaterThanOrEqual(Math.min(c[0], c[2]))
    expect(criticalValue(60)).toBeGreaterThan(3)
  })
})
