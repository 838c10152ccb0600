/**
 * The statistics db:compare decides with, dependency-free: Mann-Whitney U (exact for small,
 * tie-free samples; normal approximation with tie and continuity correction otherwise) for raw
 * per-iteration samples, and a robust z-score (median / scaled MAD) of the candidate against the
 * baseline's run-to-run history. Pure functions on plain arrays, so the false-alarm benchmark runs
 * exactly the code the command runs.
 */

/** MAD of a normal sample times this estimates its standard deviation. */
export const MAD_SCALE = 1.4826

/** Asymptotic efficiency of the MAD relative to the standard deviation on normal data. */
export const MAD_EFFICIENCY = 0.37

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Median absolute deviation from the median (unscaled). */
export function mad(values: readonly number[]): number {
  const m = median(values)
  return median(values.map((v) => Math.abs(v - m)))
}

/** Complementary error function (Numerical Recipes erfcc, |relative error| < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? r : 2 - r
}

/** Two-sided tail probability of a standard normal: P(|Z| >= |z|). */
export function normalTwoSided(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2))
}

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  x -= 1
  let a = c[0]
  const t = x + 7.5
  for (let i = 1; i < 9; i++) a += c[i] / (x + i)
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a)
}

/** Continued fraction of the regularized incomplete beta function (Numerical Recipes betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 3e-16) break
  }
  return h
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b
}

/** Two-sided tail probability of Student's t with `df` degrees of freedom: P(|T| >= |t|). */
export function studentTTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0
  return incompleteBeta(df / (df + t * t), df / 2, 0.5)
}

export interface MannWhitneyResult {
  /** U of the first sample (count of pairs where the first is larger, ties counted half). */
  u: number
  /** Two-sided p-value. */
  p: number
  method: 'exact' | 'normal'
  /** Standardised statistic (normal method), or null for the exact method. */
  z: number | null
  /** Median of the first sample minus median of the second: which way the shift goes. */
  medianShift: number
}

/** Largest n1 * n2 for which the exact null distribution is enumerated (both samples tie-free). */
const EXACT_LIMIT = 400

/**
 * Mann-Whitney U test of `a` against `b`. Exact p-value when there are no ties and n1*n2 <= 400
 * (the normal approximation is poor there), otherwise the normal approximation with the tie
 * correction of the variance and a continuity correction of 0.5.
 */
export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length
  const n2 = b.length
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitney needs two non-empty samples')
  const all = [...a.map((v) => ({v, g: 0})), ...b.map((v) => ({v, g: 1}))].sort((x, y) => x.v - y.v)
  const n = n1 + n2
  const ranks = new Array<number>(n)
  let tieTerm = 0
  for (let i = 0; i < n; ) {
    let j = i
    while (j + 1 < n && all[j + 1].v === all[i].v) j++
    const t = j - i + 1
    const rank = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) ranks[k] = rank
    if (t > 1) tieTerm += t * t * t - t
    i = j + 1
  }
  let r1 = 0
  for (let k = 0; k < n; k++) if (all[k].g === 0) r1 += ranks[k]
  const u = r1 - (n1 * (n1 + 1)) / 2
  const medianShift = median(a) - median(b)

  if (tieTerm === 0 && n1 * n2 <= EXACT_LIMIT) {
    const p = exactTwoSided(n1, n2, u)
    return {u, p, method: 'exact', z: null, medianShift}
  }
  const mu = (n1 * n2) / 2
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)))
  if (variance <= 0) return {u, p: 1, method: 'normal', z: 0, medianShift} // every value identical
  const diff = Math.abs(u - mu)
  const z = Math.sign(u - mu) * Math.max(0, diff - 0.5) / Math.sqrt(variance)
  return {u, p: normalTwoSided(z), method: 'normal', z, medianShift}
}

/** Counts of U over all C(n1+n2, n1) arrangements, by the recursion f(m,n,u) = f(m-1,n,u-n) + f(m,n-1,u). */
function exactDistribution(n1: number, n2: number): Float64Array {
  // prev[j] holds the distribution for (i-1, j); built row by row to keep memory at O(n2 * U).
  const maxU = n1 * n2
  let prev: Float64Array[] = Array.from({length: n2 + 1}, () => Float64Array.of(1)) // i = 0: U = 0 only
  for (let i = 1; i <= n1; i++) {
    const cur: Float64Array[] = [Float64Array.of(1)] // j = 0: U = 0 only
    for (let j = 1; j <= n2; j++) {
      const dist = new Float64Array(i * j + 1)
      const up = prev[j] // (i-1, j): the largest value came from sample 1, adding j to U
      for (let k = 0; k < up.length; k++) dist[k + j] += up[k]
      const left = cur[j - 1] // (i, j-1): the largest came from sample 2
      for (let k = 0; k < left.length; k++) dist[k] += left[k]
      cur.push(dist)
    }
    prev = cur
  }
  const dist = prev[n2]
  if (dist.length !== maxU + 1) throw new Error('exact U distribution has the wrong size')
  return dist
}

const exactCache = new Map<string, Float64Array>()

function exactTwoSided(n1: number, n2: number, u: number): number {
  const key = `${n1}x${n2}`
  let dist = exactCache.get(key)
  if (!dist) {
    dist = exactDistribution(n1, n2)
    exactCache.set(key, dist)
  }
  const total = dist.reduce((s, x) => s + x, 0)
  const lo = Math.min(u, n1 * n2 - u) // the distribution is symmetric about n1*n2/2
  let tail = 0
  for (let k = 0; k <= Math.floor(lo + 1e-9); k++) tail += dist[k]
  return Math.min(1, (2 * tail) / total)
}

export interface RobustZResult {
  /** (candidate - median(history)) / (1.4826 * MAD(history)); +-Infinity when history has no spread. */
  z: number
  /** Two-sided p-value from Student's t with 0.37 (n-1) df, widened for the uncertainty of the centre. */
  p: number
  centre: number
  /** Estimated standard deviation of one run (scaled MAD, or a fallback; 0 when history is flat). */
  spread: number
}

/**
 * How unusual `candidate` (the median of `m` candidate runs) is against the run-to-run history of
 * the baseline. The spread is the MAD scaled to a standard deviation; when more than half of the
 * history is identical (MAD = 0) the mean absolute deviation (scaled by sqrt(pi/2)) stands in.
 * The p-value treats z like a prediction-interval t statistic, with the degrees of freedom cut to
 * 0.37 (n - 1): the MAD has only ~37 % of the standard deviation's efficiency on normal data, and
 * with the plain n - 1 a 10-run history raises 3.5x the nominal false alarms (simulated; with the
 * effective df the rate is at or below alpha for every history length from 3 to 50).
 */
export function robustZ(history: readonly number[], candidate: number, m = 1): RobustZResult {
  const n = history.length
  if (n < 2) throw new RangeError('robustZ needs at least two history values')
  const centre = median(history)
  let spread = MAD_SCALE * mad(history)
  if (spread === 0) {
    spread = Math.sqrt(Math.PI / 2) * (history.reduce((s, v) => s + Math.abs(v - centre), 0) / n)
  }
  const diff = candidate - centre
  if (spread === 0) {
    // A flat history (a deterministic metric such as peak memory): any difference is real.
    return {z: diff === 0 ? 0 : Math.sign(diff) * Infinity, p: diff === 0 ? 1 : 0, centre, spread}
  }
  const z = diff / spread
  const t = z / Math.sqrt(1 / m + 1 / n)
  return {z, p: studentTTwoSided(t, MAD_EFFICIENCY * (n - 1)), centre, spread}
}
