import {median, robustScale} from './stats.js'

/**
 * Two unlabelled machines (or any two-level setup) feeding one series make its history bimodal:
 * its spread is then the distance between the levels, not noise, and a candidate near either
 * level looks "unchanged" or "regressed" by chance. This finds such a split on log values.
 *
 * Method: the best two-cluster split of the sorted values (the cut that minimises the
 * within-cluster sum of squares, exact in one dimension), accepted only when
 *  - each cluster holds at least max(2, 15 %) of the runs (one outlier run is not a mode),
 *  - the clusters' centres are at least `minGap` apart (a split smaller than the threshold cannot
 *    change a verdict), and
 *  - the gap between centres is at least SEPARATION robust within-cluster standard deviations.
 *    The best split of one normal sample of 8-60 values separates its halves by about 2.5-3.2
 *    such deviations, so 5 leaves a wide margin (bench/compare.ts measures both sides).
 */

export const SEPARATION = 5
const MIN_RUNS = 8
const MIN_SHARE = 0.15

export interface Modes {
  /** Centres (medians, log scale) of the low and the high mode. */
  centres: [number, number]
  /** Per input value: 0 (low mode) or 1 (high mode). */
  labels: number[]
  /** Gap between centres in robust within-mode standard deviations. */
  separation: number
}

export function detectModes(logValues: readonly number[], minGap: number): Modes | null {
  const n = logValues.length
  if (n < MIN_RUNS) return null
  const order = logValues.map((v, i) => ({v, i})).sort((a, b) => a.v - b.v)
  const sorted = order.map((o) => o.v)
  const minSize = Math.max(2, Math.ceil(MIN_SHARE * n))
  const prefix = [0]
  const prefix2 = [0]
  for (const v of sorted) {
    prefix.push(prefix.at(-1)! + v)
    prefix2.push(prefix2.at(-1)! + v * v)
  }
  const ss = (a: number, b: number) => {
    const k = b - a
    const s = prefix[b] - prefix[a]
    return prefix2[b] - prefix2[a] - (s * s) / k
  }
  let best = -1
  let bestSs = Infinity
  for (let k = minSize; k <= n - minSize; k++) {
    const total = ss(0, k) + ss(k, n)
    if (total < bestSs) {
      bestSs = total
      best = k
    }
  }
  if (best < 0) return null
  const low = sorted.slice(0, best)
  const high = sorted.slice(best)
  const centres: [number, number] = [median(low), median(high)]
  const residuals = [...low.map((v) => v - centres[0]), ...high.map((v) => v - centres[1])]
  const within = robustScale(residuals)
  const gap = centres[1] - centres[0]
  const separation = within > 0 ? gap / within : Infinity
  if (gap < minGap || separation < SEPARATION) return null
  const labels = new Array<number>(n)
  order.forEach((o, rank) => (labels[o.i] = rank < best ? 0 : 1))
  return {centres, labels, separation}
}

/** The mode whose centre is nearest to `value`. */
export function nearestMode(modes: Modes, value: number): number {
  return Math.abs(value - modes.centres[0]) <= Math.abs(value - modes.centres[1]) ? 0 : 1
}
