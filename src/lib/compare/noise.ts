import {MAD_EFFICIENCY, median, robustScale} from './stats.js'

/**
 * How much one run's value of a series varies from run to run, on the log scale (0.01 = about
 * 1 %), and how many degrees of freedom that estimate is worth. Three sources, combined:
 *
 * 1. The series' own history: successive differences of its log values in run order (within a
 *    mode when the history is bimodal). Differences cancel slow drift and a past step costs one
 *    difference only; their robust scale (MAD) / sqrt(2) is one run's noise, worth
 *    0.37 (the MAD's efficiency) x differences degrees of freedom.
 * 2. Similar series (same machine, same metric, same comparison): their median noise acts as a
 *    prior worth PRIOR_DF degrees of freedom, shrinking a short history toward it (the moderated
 *    variance of limma-style empirical Bayes), so 3 baseline runs can still decide.
 * 3. Iterations inside the runs: the standard error of a run's value from its own samples. Runs of
 *    one process share the machine's state, so this understates run-to-run noise, and a history's
 *    run values already carry it; it is a floor only under a thin estimate (under FLOOR_DF degrees
 *    of freedom), and alone (no history, no pool) it is inflated by ITERATION_INFLATION and worth
 *    few degrees of freedom.
 */

export const PRIOR_DF = 4
export const ITERATION_INFLATION = 2
/** Below this many degrees of freedom, the iterations' standard error floors the noise. */
export const FLOOR_DF = 4
const ITERATION_ONLY_DF = 2
/** Series needed (each with an estimate of at least 2 df) before a pool is trusted as a prior. */
const MIN_POOL_SERIES = 3
/** Differences short histories must add up to before they are pooled (a 2-df estimate at the MAD's efficiency). */
const MIN_POOLED_DIFFERENCES = 6

export interface NoiseScale {
  /** Standard deviation of one run's log value. */
  sigma: number
  /** Degrees of freedom of that estimate (0 = unknown). */
  df: number
}

export type NoiseSource = 'history' | 'history+pooled' | 'pooled' | 'iterations' | 'none'

export interface NoiseEstimate extends NoiseScale {
  source: NoiseSource
  /** Run-to-run differences the series' own history contributed. */
  differences: number
  /** Standard error of one run's value from its iterations (log scale), when runs hold samples. */
  iterationSigma: number | null
}

/** Noise of one series' history, with the successive differences it was measured from. */
export interface HistoryNoise extends NoiseScale {
  differences: number
  diffs: readonly number[]
}

/** Noise from successive differences of `logValues` (time order); `labels` keeps differences within a mode. */
export function historyNoise(logValues: readonly number[], labels?: readonly number[]): HistoryNoise {
  const diffs: number[] = []
  const last = new Map<number, number>()
  logValues.forEach((v, i) => {
    const mode = labels?.[i] ?? 0
    const prev = last.get(mode)
    if (prev !== undefined) diffs.push(v - prev)
    last.set(mode, v)
  })
  if (diffs.length < 2) return {sigma: Number.NaN, df: 0, differences: diffs.length, diffs}
  return {sigma: robustScale(diffs) / Math.SQRT2, df: MAD_EFFICIENCY * diffs.length, differences: diffs.length, diffs}
}

/**
 * The prior of a group of series: the median of their noise, when enough of them have a usable
 * one (robust to a few noisy series). When none has (every history is 2-4 runs long: a machine
 * that joined lately, or the minority machine of a mix), their successive differences are pooled
 * and measured together: hundreds of two-difference histories still tell the machine's noise.
 */
export function poolPrior(estimates: readonly (NoiseScale & {diffs?: readonly number[]})[]): NoiseScale | null {
  const usable = estimates.filter((e) => e.df >= 2 && Number.isFinite(e.sigma))
  if (usable.length >= MIN_POOL_SERIES) {
    return {sigma: median(usable.map((e) => e.sigma)), df: Math.min(PRIOR_DF, usable.reduce((s, e) => s + e.df, 0))}
  }
  const short = estimates.filter((e) => e.diffs?.length)
  const diffs = short.flatMap((e) => e.diffs!)
  if (short.length < MIN_POOL_SERIES || diffs.length < MIN_POOLED_DIFFERENCES) return null
  const sigma = robustScale(diffs) / Math.SQRT2
  return sigma > 0 ? {sigma, df: Math.min(PRIOR_DF, MAD_EFFICIENCY * diffs.length)} : null
}

/** Shrinks a series' own estimate toward the prior (weights = degrees of freedom). */
export function moderate(own: NoiseScale, prior: NoiseScale | null): NoiseScale {
  if (!prior) return own
  if (!(own.df > 0)) return prior
  const df = own.df + prior.df
  return {sigma: Math.sqrt((own.df * own.sigma ** 2 + prior.df * prior.sigma ** 2) / df), df}
}

/**
 * Standard error of one run's value from its iterations (median over runs with 3+ positive
 * samples): robust scale of the log samples x sqrt(pi/2) (the run value behaves like a median) / sqrt(k).
 */
export function iterationNoise(runs: readonly (readonly number[])[]): number | null {
  const ses: number[] = []
  for (const samples of runs) {
    const logs = samples.filter((v) => v > 0).map(Math.log)
    if (logs.length < 3) continue
    ses.push((robustScale(logs) * Math.sqrt(Math.PI / 2)) / Math.sqrt(logs.length))
  }
  return ses.length ? median(ses) : null
}

export function combineNoise(own: NoiseScale & {differences: number}, prior: NoiseScale | null, iterationSigma: number | null): NoiseEstimate {
  const moderated = moderate(own, prior)
  const source: NoiseSource = own.df > 0 ? (prior ? 'history+pooled' : 'history') : prior ? 'pooled' : 'none'
  if (moderated.df > 0) {
    const sigma = moderated.df < FLOOR_DF ? Math.max(moderated.sigma, iterationSigma ?? 0) : moderated.sigma
    return {sigma, df: moderated.df, source, differences: own.differences, iterationSigma}
  }
  if (iterationSigma !== null) {
    return {sigma: ITERATION_INFLATION * iterationSigma, df: ITERATION_ONLY_DF, source: 'iterations', differences: own.differences, iterationSigma}
  }
  return {sigma: Number.NaN, df: 0, source: 'none', differences: own.differences, iterationSigma}
}
