import {prng} from '../util/prng.js'
import {gaussian} from './synthetic.js'
import {robustScale, studentTQuantile} from './stats.js'

/**
 * Change points over a series' whole history (log values, run order): binary segmentation with a
 * robust cost, calibrated by simulation.
 *
 * 1. Noise: sigma = robust scale of successive differences / sqrt(2) (immune to the steps and the
 *    drift it is looking for).
 * 2. Outlier runs cannot make a step: every value is clipped to its running median (5 runs) +-3 sigma.
 * 3. A segment [a, b) splits at the k maximising the two-sample statistic
 *      T(k) = |mean(a..k) - mean(k..b)| / (sigma sqrt(1/(k-a) + 1/(b-k))),  both sides >= MIN_SEGMENT runs,
 *    when T exceeds the critical value of a segment of that length: the (1 - ALPHA) quantile of
 *    max T on simulated iid normal series run through steps 1-3 (CALIBRATION_SERIES per grid
 *    length, seeded, tabulated in CRITICAL and interpolated in log n). The maximum over all k
 *    makes the test honest about the many positions tried.
 * 4. Drift: before a split, a straight line is fitted to the segment; when it explains the segment
 *    better than the best step, the segment is drift (reported when its slope is significant and its
 *    total change is at least the threshold), and it is not cut into steps.
 * 5. Steps smaller than the threshold are kept as boundaries but not reported.
 */

export const MIN_SEGMENT = 3
export const ALPHA = 0.01
export const CALIBRATION_SERIES = 20000
export const GRID = [6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500, 1000]
const CLIP = 3

export interface Step {
  /** Index of the first value after the change. */
  index: number
  /** Change of level in log units (after - before). */
  size: number
  /** Standard error of `size`. */
  se: number
  /** T statistic and its critical value. */
  statistic: number
  critical: number
}

export interface Drift {
  /** First and last index of the drifting segment. */
  from: number
  to: number
  /** Slope in log units per run, and its standard error. */
  slope: number
  se: number
}

export interface ChangeScan {
  sigma: number
  steps: Step[]
  drifts: Drift[]
}

export function noiseOf(values: readonly number[]): number {
  const diffs = values.slice(1).map((v, i) => v - values[i])
  return diffs.length >= 2 ? robustScale(diffs) / Math.SQRT2 : 0
}

/** Median of values[from..to) (at most 5 values), by insertion sort into a reused buffer: this runs for every point of every scan. */
const window5 = new Float64Array(5)
function smallMedian(values: readonly number[], from: number, to: number): number {
  const n = to - from
  for (let i = 0; i < n; i++) {
    const v = values[from + i]
    let j = i
    while (j > 0 && window5[j - 1] > v) {
      window5[j] = window5[j - 1]
      j--
    }
    window5[j] = v
  }
  return n % 2 ? window5[n >> 1] : (window5[n / 2 - 1] + window5[n / 2]) / 2
}

function clipped(values: readonly number[], sigma: number): number[] {
  return values.map((v, i) => {
    const m = smallMedian(values, Math.max(0, i - 2), Math.min(values.length, i + 3))
    return Math.min(m + CLIP * sigma, Math.max(m - CLIP * sigma, v))
  })
}

interface Best {
  k: number
  t: number
  ssStep: number
}

function bestSplit(x: readonly number[], a: number, b: number, sigma: number): Best | null {
  if (b - a < 2 * MIN_SEGMENT) return null
  let total = 0
  for (let i = a; i < b; i++) total += x[i]
  let left = 0
  for (let i = a; i < a + MIN_SEGMENT - 1; i++) left += x[i]
  let best: Best | null = null
  for (let k = a + MIN_SEGMENT; k <= b - MIN_SEGMENT; k++) {
    left += x[k - 1]
    const nl = k - a
    const nr = b - k
    const diff = (total - left) / nr - left / nl
    const t = Math.abs(diff) / (sigma * Math.sqrt(1 / nl + 1 / nr))
    if (!best || t > best.t) best = {k, t, ssStep: 0}
  }
  if (best) {
    const ss = (from: number, to: number) => {
      const mean = x.slice(from, to).reduce((s, v) => s + v, 0) / (to - from)
      return x.slice(from, to).reduce((s, v) => s + (v - mean) ** 2, 0)
    }
    best.ssStep = ss(a, best.k) + ss(best.k, b)
  }
  return best
}

function lineFit(x: readonly number[], a: number, b: number): {slope: number; ss: number; sxx: number} {
  const n = b - a
  const tMean = (n - 1) / 2
  const yMean = x.slice(a, b).reduce((s, v) => s + v, 0) / n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    sxy += (i - tMean) * (x[a + i] - yMean)
    sxx += (i - tMean) ** 2
  }
  const slope = sxy / sxx
  let ss = 0
  for (let i = 0; i < n; i++) ss += (x[a + i] - yMean - slope * (i - tMean)) ** 2
  return {slope, ss, sxx}
}

/** The (1 - alpha) quantile of max T on `n` iid normal values, from `series` seeded simulations. */
export function simulateCritical(n: number, series: number, alpha = ALPHA, seed = n * 7919 + 17): number {
  const rand = prng(seed)
  const normal = gaussian(rand)
  const maxima: number[] = []
  for (let s = 0; s < series; s++) {
    const v = Array.from({length: n}, normal)
    const sigma = noiseOf(v)
    const best = sigma > 0 ? bestSplit(clipped(v, sigma), 0, n, sigma) : null
    maxima.push(best?.t ?? 0)
  }
  maxima.sort((p, q) => p - q)
  return maxima[Math.min(maxima.length - 1, Math.ceil((1 - alpha) * maxima.length) - 1)]
}

/**
 * simulateCritical(n, CALIBRATION_SERIES) for each GRID length, computed once and written here
 * (simulating at every start-up cost ~0.3 s of a 2 s budget); test/compare/changepoints.test.ts
 * re-simulates entries to keep the table honest.
 */
export const CRITICAL: Readonly<Record<number, number>> = {
  6: 9.9666, 8: 6.9948, 10: 6.1331, 12: 5.7578, 15: 4.981, 20: 4.6975, 25: 4.4299, 30: 4.2606, 40: 4.0898, 50: 4.0049,
  60: 3.9362, 80: 3.9263, 100: 3.8291, 150: 3.8333, 200: 3.8047, 300: 3.7963, 500: 3.7521, 1000: 3.7952,
}

function gridCritical(n: number): number {
  return CRITICAL[n]
}

/** Critical value for a segment of n runs, interpolated in log n between grid lengths. */
export function criticalValue(n: number): number {
  if (n <= GRID[0]) return gridCritical(GRID[0])
  if (n >= GRID.at(-1)!) return gridCritical(GRID.at(-1)!)
  const i = GRID.findIndex((g) => g >= n)
  if (GRID[i] === n) return gridCritical(n)
  const [lo, hi] = [GRID[i - 1], GRID[i]]
  const w = (Math.log(n) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))
  return gridCritical(lo) * (1 - w) + gridCritical(hi) * w
}

/** Steps and drifts in `values` (log scale); `minSize` (log units) is the smallest step or total drift reported. */
export function scanChanges(values: readonly number[], minSize: number): ChangeScan {
  if (values.some((v) => !Number.isFinite(v))) return {sigma: Number.NaN, steps: [], drifts: []}
  const sigma = noiseOf(values)
  const out: ChangeScan = {sigma, steps: [], drifts: []}
  if (!(sigma > 0) || values.length < 2 * MIN_SEGMENT) return out
  const x = clipped(values, sigma)
  const visit = (a: number, b: number) => {
    const best = bestSplit(x, a, b, sigma)
    if (!best) return
    const critical = criticalValue(b - a)
    if (best.t <= critical) return
    const line = lineFit(x, a, b)
    if (line.ss <= best.ssStep) {
      const se = sigma / Math.sqrt(line.sxx)
      if (Math.abs(line.slope) / se > studentTQuantile(ALPHA / 2, b - a - 2) && Math.abs(line.slope) * (b - a - 1) >= minSize) {
        out.drifts.push({from: a, to: b - 1, slope: line.slope, se})
      }
      return
    }
    const mean = (from: number, to: number) => x.slice(from, to).reduce((s, v) => s + v, 0) / (to - from)
    const size = mean(best.k, b) - mean(a, best.k)
    if (Math.abs(size) >= minSize) {
      out.steps.push({index: best.k, size, se: sigma * Math.sqrt(1 / (best.k - a) + 1 / (b - best.k)), statistic: best.t, critical})
    }
    visit(a, best.k)
    visit(best.k, b)
  }
  visit(0, x.length)
  out.steps.sort((p, q) => p.index - q.index)
  out.drifts.sort((p, q) => p.from - q.from)
  return out
}
