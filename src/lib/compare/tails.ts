import {binomialUpper} from './stats.js'

/**
 * The outlier check: does the series' history show that single runs sometimes land as far out as
 * the candidate, even though its noise is small?
 *
 * The interval of verdict.ts assumes noise with roughly normal tails on the log scale, with a
 * robust scale that ignores the odd slow run. That is what keeps a baseline outlier from hiding a
 * regression, but it also makes a single candidate run that is itself such an outlier (a machine
 * hiccup, a cold cache: +25 % once in thirty runs) look like a certain regression. The history
 * says how often that happens, so the probability of "the candidate is this far out by chance" is
 * also estimated from it, without a model:
 *
 *  - an isolated excursion of a past run is how far it sits from its neighbours on both sides (the
 *    median of up to 2 runs before and of up to 2 runs after; the smaller of the two distances when
 *    both have the same sign, else 0), in units of the series' noise. A step in the history is near
 *    one side, so it is not an excursion; drift cancels; the first and last runs have one side and
 *    are skipped;
 *  - the rate q of excursions at least as far out, in the candidate's direction, as the candidate
 *    is beyond the threshold: the series' own rate shrunk toward the rate of the other series of its
 *    machine in the comparison (worth PRIOR_RUNS runs of its own history), since a flaky machine
 *    makes every series flaky but one flaky benchmark should not need a pool to be believed;
 *  - m candidate runs: their median is that far out only when about half of them are, so the
 *    chance is P(Binomial(m, q) >= ceil(m/2)).
 *
 * That probability replaces the interval's p-value when it is larger, and only when some past run
 * was at least that far out (no excursion seen: the history does not contradict the normal tail,
 * and short histories keep deciding). It then goes through the false-discovery control like any
 * p-value: one outlier-like run among many series is "inconclusive: rerun", while a change seen in
 * many series at once is still called.
 */

/** Runs of its own history the machine's pooled rate is worth. */
export const PRIOR_RUNS = 20
/** Series of one machine needed before their excursions are pooled. */
const MIN_POOL_SERIES = 3

/** Sorted (ascending) standardised excursions. */
export type Excursions = Float64Array

const mid = (a: number, b?: number) => (b === undefined ? a : (a + b) / 2)

/**
 * Isolated excursions of `logValues` (time order), divided by `sigma`; `labels` keeps neighbours
 * within a mode (two machines under one name). Sorted ascending.
 */
export function isolatedExcursions(logValues: readonly number[], sigma: number, labels?: readonly number[]): Excursions {
  if (!(sigma > 0)) return new Float64Array(0)
  const groups = new Map<number, number[]>()
  logValues.forEach((v, i) => {
    const mode = labels?.[i] ?? 0
    const list = groups.get(mode)
    if (list) list.push(v)
    else groups.set(mode, [v])
  })
  const out: number[] = []
  for (const xs of groups.values()) {
    for (let i = 1; i < xs.length - 1; i++) {
      const left = xs[i] - mid(xs[i - 1], i >= 2 ? xs[i - 2] : undefined)
      const right = xs[i] - mid(xs[i + 1], i + 2 < xs.length ? xs[i + 2] : undefined)
      const e = left > 0 && right > 0 ? Math.min(left, right) : left < 0 && right < 0 ? Math.max(left, right) : 0
      out.push(e / sigma)
    }
  }
  return Float64Array.from(out).sort()
}

/** Values of a sorted array >= x (direction +1) or <= -x (direction -1). */
export function countBeyond(sorted: Excursions, x: number, direction: 1 | -1): number {
  // First index with value >= target (for +1) / last index with value <= -x (for -1), by bisection.
  const target = direction * x
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const m = (lo + hi) >> 1
    if (direction === 1 ? sorted[m] < target : sorted[m] <= target) lo = m + 1
    else hi = m
  }
  return direction === 1 ? sorted.length - lo : lo
}

export interface TailPool {
  /** Excursions of every series of the machine in the comparison, sorted. */
  excursions: Excursions
  series: number
}

/** The pool of one machine's series (null when too few series have excursions). */
export function poolExcursions(lists: readonly Excursions[]): TailPool | null {
  const usable = lists.filter((l) => l.length > 0)
  if (usable.length < MIN_POOL_SERIES) return null
  const all = new Float64Array(usable.reduce((n, l) => n + l.length, 0))
  let at = 0
  for (const l of usable) {
    all.set(l, at)
    at += l.length
  }
  return {excursions: all.sort(), series: usable.length}
}

export interface TailRisk {
  /** Probability that m candidate runs land this far out by chance, from the excursions seen. */
  p: number
  /** Estimated rate of one run landing that far out. */
  rate: number
  /** Past runs of the series at least that far out, of how many. */
  seen: number
  of: number
  /** The same in the machine's pool (0 of 0 without a pool). */
  pooledSeen: number
  pooledOf: number
}

/**
 * The outlier-like probability of a candidate `beyond` noise units past the threshold in
 * `direction` (+1: up on the log scale), with m candidate runs; null when no past run was that far out.
 */
export function tailRisk(own: Excursions, pool: TailPool | null, beyond: number, direction: 1 | -1, m: number): TailRisk | null {
  if (!(beyond > 0) || own.length === 0) return null
  const seen = countBeyond(own, beyond, direction)
  const pooledSeen = pool ? countBeyond(pool.excursions, beyond, direction) : 0
  if (seen + pooledSeen === 0) return null
  const pooledOf = pool ? pool.excursions.length : 0
  const rate = pool
    ? (seen + (PRIOR_RUNS * (pooledSeen + 1)) / (pooledOf + 1)) / (own.length + PRIOR_RUNS)
    : (seen + 1) / (own.length + 1)
  return {p: binomialUpper(m, Math.min(1, rate), Math.ceil(m / 2)), rate, seen, of: own.length, pooledSeen, pooledOf}
}
