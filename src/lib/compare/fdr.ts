/**
 * Benjamini-Hochberg: p-values of many series of one comparison turned into adjusted p-values
 * (q), so that flagging every series with q <= alpha keeps the expected share of false alarms
 * among the flagged at or below alpha. It holds under independence and under the positive
 * dependence of series measured in the same runs (Benjamini-Yekutieli 2001, PRDS).
 *
 *   q_(i) = min over j >= i of  min(1, m / j * p_(j))   (p sorted ascending, m tests)
 *
 * nulls (series without a test) are passed through and do not count in m.
 */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const tested = pValues.map((p, i) => ({p, i})).filter((x): x is {p: number; i: number} => x.p !== null)
  const m = tested.length
  const out: (number | null)[] = pValues.map(() => null)
  tested.sort((a, b) => a.p - b.p)
  let running = 1
  for (let k = m - 1; k >= 0; k--) {
    running = Math.min(running, (m / (k + 1)) * tested[k].p)
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
