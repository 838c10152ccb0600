/**
 * Benjamini-Hochberg: p-values of many series of one comparison turned into adjusted p-values
 * (q), so that flagging every series with q <= alpha keeps the expected share of false alarms
 * among the flagged at or below alpha. It holds under independence and under the positive
 * dependence of series measured in the same runs (Benjamini-Yekutieli 2001, PRDS).
 *
 *   q_(i) = min over j >= i of  min(1, pi0 * m / j * p_(j))   (p sorted ascending, m tests)
 *
 * `pi0` = 1 is plain BH. nulls (series without a test) are passed through and do not count in m.
 */
export function benjaminiHochberg(pValues: readonly (number | null)[], pi0 = 1): (number | null)[] {
  const tested = pValues.map((p, i) => ({p, i})).filter((x): x is {p: number; i: number} => x.p !== null)
  const m = tested.length
  const out: (number | null)[] = pValues.map(() => null)
  tested.sort((a, b) => a.p - b.p)
  let running = 1
  for (let k = m - 1; k >= 0; k--) {
    running = Math.min(running, ((pi0 * m) / (k + 1)) * tested[k].p)
    out[tested[k].i] = Math.min(1, running)
  }
  return out
}

/**
 * Expected number of false alarms among the flagged series: each flagged series' raw p-value is
 * the probability of a change this far beyond the threshold when the truth sits exactly at the
 * threshold (the least favourable null), so their sum bounds the expected count.
 */
export function expectedFalseAlarms(flaggedRawP: readonly number[]): number {
  return flaggedRawP.reduce((s, p) => s + p, 0)
}

/** Storey's lambda: p-values above it are counted as coming from series without a change. */
export const STOREY_LAMBDA = 0.5

/**
 * The share of series without a change, estimated from the p-values above lambda (Storey, Taylor
 * & Siegmund 2004, with their +1 that keeps the adaptive procedure's FDR control in finite
 * samples): pi0 = min(1, (#{p > lambda} + 1) / (m (1 - lambda))). When most series moved (one
 * commit slowed everything), BH's m over-counts the nulls and loses power; this gives it back.
 * On noise-only comparisons the estimate is 1 and the procedure is plain BH.
 */
export function storeyPi0(pValues: readonly (number | null)[], lambda = STOREY_LAMBDA): number {
  const ps = pValues.filter((p): p is number => p !== null)
  if (ps.length === 0) return 1
  return Math.min(1, (ps.filter((p) => p > lambda).length + 1) / (ps.length * (1 - lambda)))
}

/** Adaptive Benjamini-Hochberg: BH with Storey's estimate of the share of unchanged series. */
export function adaptiveBenjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  return benjaminiHochberg(pValues, storeyPi0(pValues))
}
