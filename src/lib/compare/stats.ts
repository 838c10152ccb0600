/**
 * The distributions and robust location/scale estimators db:compare and db:compare --history
 * decide with, dependency-free: median, MAD, Student's t (tail probability and quantile) and the
 * normal tail. Pure functions on plain arrays.
 */

/** MAD of a normal sample times this estimates its standard deviation. */
export const MAD_SCALE = 1.4826

/** Asymptotic efficiency of the MAD relative to the standard deviation on normal data. */
export const MAD_EFFICIENCY = 0.37

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  // A typed copy sorts numerically without a comparator call per comparison.
  const s = Float64Array.from(values).sort()
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

/** One-sided upper tail of Student's t: P(T >= t). */
export function studentTUpper(t: number, df: number): number {
  if (t === Infinity) return 0
  if (t === -Infinity) return 1
  if (!(df > 0)) return t > 0 ? 0.5 : 1 // no information: never significant
  const two = studentTTwoSided(t, df)
  return t >= 0 ? two / 2 : 1 - two / 2
}

const quantiles = new Map<string, number>()

/**
 * The t with P(T >= t) = p (0 < p < 0.5), by bisection on the tail probability (monotone).
 * Memoised: the series of one comparison mostly share their degrees of freedom.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 0.5)) throw new RangeError('studentTQuantile needs 0 < p < 0.5')
  if (!(df > 0)) return Infinity
  const key = `${p}|${df}`
  let q = quantiles.get(key)
  if (q === undefined) {
    if (quantiles.size > 10_000) quantiles.clear()
    quantiles.set(key, (q = tQuantile(p, df)))
  }
  return q
}

function tQuantile(p: number, df: number): number {
  let lo = 0
  let hi = 1
  while (studentTUpper(hi, df) > p) hi *= 2
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2
    if (studentTUpper(mid, df) > p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/**
 * Robust standard deviation of normal data: 1.4826 MAD, or, when more than half the values are
 * identical (MAD 0), the mean absolute deviation from the median scaled by sqrt(pi/2); 0 only when
 * every value is identical.
 */
export function robustScale(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const m = median(values)
  // mad() inlined around the one median: called once per series and per history split, it is hot.
  const s = MAD_SCALE * median(values.map((v) => Math.abs(v - m)))
  if (s > 0) return s
  return Math.sqrt(Math.PI / 2) * (values.reduce((acc, v) => acc + Math.abs(v - m), 0) / values.length)
}

/** P(X >= k) for X ~ Binomial(n, p), summed exactly (n is a handful of candidate runs). */
export function binomialUpper(n: number, p: number, k: number): number {
  if (k <= 0) return 1
  if (k > n) return 0
  let term = (1 - p) ** n // P(X = 0)
  let below = 0
  for (let i = 0; i < k; i++) {
    below += term
    term *= ((n - i) / (i + 1)) * (p / (1 - p))
  }
  return p >= 1 ? 1 : Math.min(1, Math.max(0, 1 - below))
}
