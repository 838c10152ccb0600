import {detectModes, nearestMode, type Modes} from './modes.js'
import {combineNoise, historyNoise, iterationNoise, type NoiseEstimate, type NoiseScale} from './noise.js'
import {binomialUpper, median, studentTQuantile, studentTUpper} from './stats.js'
import {isolatedExcursions, tailRisk, type Excursions, type TailPool, type TailRisk} from './tails.js'

/**
 * The decision for one series, on the log scale (so a latency and the throughput computed from it
 * get mirrored effects and the same verdict), from an interval rather than a point estimate:
 *
 *   effect  = median(log candidate runs) - median(log baseline runs)
 *   se      = sigma * sqrt(c(n)/n + c(m)/m)      (sigma: noise.ts; c = pi/2 for a median of 3+, else 1)
 *   CI      = effect +- t(1-alpha, df) * se       (a 1-2alpha two-sided interval; 90 % at alpha 0.05)
 *   L       = log(1 + threshold)
 *
 * regressed: the whole CI lies beyond L in the bad direction (p of "worse by L or less" <= alpha),
 * and the series survives adaptive Benjamini-Hochberg across the comparison (compare.ts); improved: the mirror;
 * unchanged: the whole CI lies within +-L (two one-sided tests); anything else is inconclusive,
 * shown with its interval and how many more candidate runs would decide it.
 *
 * A candidate that sits as far out as isolated excursions of the history (tails.ts: the odd slow
 * run) gets the larger of the interval's p-value and the rate such runs are seen at, so one
 * outlier-like run is "inconclusive: rerun" rather than a certain regression.
 *
 * A bimodal history (detectModes) is judged against each mode: regressed only when worse than
 * every mode, unchanged only when unchanged against every mode (a candidate that matches one
 * machine's level may be a regression of the other machine: inconclusive, never "unchanged").
 */

export type Verdict = 'regressed' | 'improved' | 'unchanged' | 'inconclusive'

export const VERDICTS: readonly Verdict[] = ['regressed', 'inconclusive', 'improved', 'unchanged']

export type DecidedBy = 'interval' | 'insufficient-data'

export interface DecisionSettings {
  /** Minimum relative change that matters (0.05 = 5 %). */
  threshold: number
  /** One-sided error of each verdict; the interval shown is 1 - 2 alpha (90 % at 0.05); also the FDR level. */
  alpha: number
}

export const DEFAULT_SETTINGS: DecisionSettings = {threshold: 0.05, alpha: 0.05}

/** Candidate runs the confirm loop looks ahead. */
export const MAX_MORE_RUNS = 30

export interface SeriesEvidence {
  better: 'higher' | 'lower'
  /** One value per baseline run, time order (the window the candidate is judged against). */
  baseline: readonly number[]
  /** One value per candidate run. */
  candidate: readonly number[]
  /** The series' runs before the candidate, time order (includes the baseline window); noise and modes come from it. */
  history: readonly number[]
  /** Raw iteration samples per baseline and candidate run (optional). */
  samples?: readonly (readonly number[])[]
  /** The pooled noise of similar series (noise.ts poolPrior), if any. */
  prior?: NoiseScale | null
  /** The isolated excursions of the other series of its machine (tails.ts poolExcursions), if any. */
  tailPool?: TailPool | null
  /** analyseHistory(history) when the caller has it already. */
  analysed?: HistoryAnalysis
}

export interface HistoryAnalysis {
  modes: Modes | null
  own: ReturnType<typeof historyNoise>
  /** Isolated excursions of the history in units of its own noise (tails.ts). */
  excursions: Excursions
}

/** Modes, the series' own noise and its isolated excursions, from its history's positive values (log scale). */
export function analyseHistory(history: readonly number[], threshold: number): HistoryAnalysis {
  const logs = history.filter((v) => v > 0).map(Math.log)
  const modes = detectModes(logs, Math.log1p(threshold))
  const own = historyNoise(logs, modes?.labels)
  return {modes, own, excursions: isolatedExcursions(logs, own.sigma, modes?.labels)}
}

export interface Interval {
  /** Relative change (candidate / baseline - 1) at the interval's ends. */
  low: number
  high: number
  /** Two-sided confidence level. */
  level: number
}

export interface Decision {
  verdict: Verdict
  decidedBy: DecidedBy
  /** Baseline and candidate levels: geometric medians of their runs (against the candidate's mode when bimodal). */
  baselineValue: number
  candidateValue: number
  /** candidateValue / baselineValue - 1, as measured. */
  change: number | null
  /** The change seen from the user's side: positive is better (throughput up, latency down). */
  gain: number | null
  interval: Interval | null
  /** p of "worse by no more than the threshold" and of "better by no more than it" (raw, one-sided). */
  pWorse: number | null
  pBetter: number | null
  /** The same after Benjamini-Hochberg across the comparison's series (compare.ts fills them). */
  qWorse: number | null
  qBetter: number | null
  noise: {sigma: number | null; df: number; source: NoiseEstimate['source']; differences: number; iterationSigma: number | null}
  /** Set when the history is bimodal (two unlabelled machines?): the two levels and which one the candidate is near. */
  modes: {levels: [number, number]; separation: number; candidateMode: number} | null
  /** For an inconclusive series: candidate runs to add (at this effect and noise) before it would be decided; null if more baseline is needed. */
  moreRuns: number | null
  /**
   * Set when the candidate is outlier-like: past runs of the series (or of its machine) were isolated
   * excursions at least as far out, so the chance of this by chance is `p` (it replaced the interval's p-value).
   */
  outlierRisk: TailRisk | null
  reason: string
}

interface Assessment {
  effect: number
  se: number
  df: number
  pWorse: number
  pBetter: number
  /** The outlier check in the direction of the effect, when it raised that p-value above the interval's. */
  tail: TailRisk | null
  equivalent: boolean
  baselineLog: number
  candidateLog: number
}

/** Variance factor of a median of n normal values relative to one value (a mean for n <= 2). */
const medianFactor = (n: number) => (n <= 2 ? 1 : Math.PI / 2)

const standardError = (sigma: number, n: number, m: number) => sigma * Math.sqrt(medianFactor(n) / n + medianFactor(m) / m)

/** P(the bad-direction effect is <= L) given estimate `bad` with standard error se: one-sided t test. */
function beyondP(bad: number, limit: number, se: number, df: number): number {
  if (se === 0) return bad > limit ? 0 : 1
  return studentTUpper((bad - limit) / se, df)
}

/** Where the outlier check looks: the history's excursions, its machine's pool, the series' own noise. */
interface TailEvidence {
  excursions: Excursions
  pool: TailPool | null
  sigma: number
}

function assess(baseLogs: readonly number[], candLogs: readonly number[], noise: NoiseEstimate, better: 'higher' | 'lower', settings: DecisionSettings, tails: TailEvidence): Assessment {
  const baselineLog = median(baseLogs)
  const candidateLog = median(candLogs)
  const effect = candidateLog - baselineLog
  const bad = better === 'lower' ? effect : -effect
  const limit = Math.log1p(settings.threshold)
  const se = standardError(noise.sigma, baseLogs.length, candLogs.length)
  const tq = se === 0 ? 0 : studentTQuantile(settings.alpha, noise.df)
  // Excursions are signed on the log scale: "worse" is up for a latency, down for a throughput.
  const worseUp: 1 | -1 = better === 'lower' ? 1 : -1
  const tail = (beyond: number, direction: 1 | -1) => tailRisk(tails.excursions, tails.pool, beyond / tails.sigma, direction, candLogs.length)
  const worseTail = tail(bad - limit, worseUp)
  const betterTail = tail(-bad - limit, worseUp === 1 ? -1 : 1)
  const pWorse = beyondP(bad, limit, se, noise.df)
  const pBetter = beyondP(-bad, limit, se, noise.df)
  const raised = bad >= 0 ? (worseTail && worseTail.p > pWorse ? worseTail : null) : betterTail && betterTail.p > pBetter ? betterTail : null
  return {
    effect, se, df: noise.df, baselineLog, candidateLog,
    pWorse: Math.max(pWorse, worseTail?.p ?? 0),
    pBetter: Math.max(pBetter, betterTail?.p ?? 0),
    tail: raised,
    equivalent: Math.abs(effect) + tq * se < limit,
  }
}

/** Candidate runs to add before the interval at this effect would clear or fit inside the threshold. */
export function moreRunsNeeded(effect: number, sigma: number, df: number, n: number, m: number, settings: DecisionSettings): number | null {
  const limit = Math.log1p(settings.threshold)
  const tq = studentTQuantile(settings.alpha, df)
  for (let k = 1; k <= MAX_MORE_RUNS; k++) {
    const se = standardError(sigma, n, m + k)
    if (Math.abs(effect) - tq * se > limit || Math.abs(effect) + tq * se < limit) return k
  }
  return null
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${pct(Math.abs(x))}`

function insufficient(evidence: SeriesEvidence, reason: string, noise?: NoiseEstimate): Decision {
  const pos = (xs: readonly number[]) => xs.filter((v) => v > 0)
  const b = median(pos(evidence.baseline))
  const c = median(pos(evidence.candidate))
  const change = b > 0 && c > 0 ? c / b - 1 : null
  return {
    verdict: 'inconclusive', decidedBy: 'insufficient-data', baselineValue: Number.isFinite(b) ? b : 0, candidateValue: Number.isFinite(c) ? c : 0,
    change, gain: change === null ? null : evidence.better === 'higher' ? change : -change, interval: null,
    pWorse: null, pBetter: null, qWorse: null, qBetter: null,
    noise: {sigma: null, df: noise?.df ?? 0, source: noise?.source ?? 'none', differences: noise?.differences ?? 0, iterationSigma: noise?.iterationSigma ?? null},
    modes: null, moreRuns: null, outlierRisk: null, reason,
  }
}

/** A series assessed up to its p-values; the verdict waits for the comparison-wide FDR step (finishDecision). */
export interface Assessed {
  decision: Decision
  /** Every mode's interval lies within the threshold. */
  equivalent: boolean
  baselineRuns: number
  candidateRuns: number
}

/** One series alone (no other series to control the false discovery rate with). */
export function decide(evidence: SeriesEvidence, settings: DecisionSettings = DEFAULT_SETTINGS): Decision {
  const a = assessSeries(evidence, settings)
  return finishDecision(a, a.decision.pWorse, a.decision.pBetter, settings)
}

export function assessSeries(evidence: SeriesEvidence, settings: DecisionSettings = DEFAULT_SETTINGS): Assessed {
  const counts = {equivalent: false, baselineRuns: evidence.baseline.length, candidateRuns: evidence.candidate.length}
  if (evidence.baseline.some((v) => !(v > 0)) || evidence.candidate.some((v) => !(v > 0))) {
    return {...counts, decision: insufficient(evidence, 'a value is zero or negative, so no relative change exists')}
  }
  const baseLogs = evidence.baseline.map(Math.log)
  const candLogs = evidence.candidate.map(Math.log)
  const {modes, own, excursions} = evidence.analysed ?? analyseHistory(evidence.history, settings.threshold)
  const noise = combineNoise(own, evidence.prior ?? null, iterationNoise(evidence.samples ?? []))
  if (!(noise.df > 0) || !Number.isFinite(noise.sigma)) {
    return {...counts, decision: insufficient(evidence, `no way to tell change from noise: ${evidence.history.length} earlier run(s) of this series, no similar series to pool and no iteration samples`, noise)}
  }

  // Against each mode (the baseline runs nearest to it), or against the whole baseline.
  const candidateMode = modes ? nearestMode(modes, median(candLogs)) : 0
  const groups = modes ? [0, 1].map((mode) => baseLogs.filter((v) => nearestMode(modes, v) === mode)) : [baseLogs]
  const tails: TailEvidence = {excursions, pool: evidence.tailPool ?? null, sigma: own.sigma}
  const assessed = groups.map((g, mode) => (g.length ? {mode, a: assess(g, candLogs, noise, evidence.better, settings, tails)} : null))
    .filter((x): x is {mode: number; a: Assessment} => x !== null)
  const primary = (assessed.find((x) => x.mode === candidateMode) ?? assessed[0]).a
  const pWorse = Math.max(...assessed.map((x) => x.a.pWorse))
  const pBetter = Math.max(...assessed.map((x) => x.a.pBetter))
  const tq = primary.se === 0 ? 0 : studentTQuantile(settings.alpha, noise.df)
  const change = Math.expm1(primary.effect)
  const decision: Decision = {
    verdict: 'inconclusive', decidedBy: 'interval',
    baselineValue: Math.exp(primary.baselineLog), candidateValue: Math.exp(primary.candidateLog),
    change, gain: evidence.better === 'higher' ? change : -change,
    interval: {low: Math.expm1(primary.effect - tq * primary.se), high: Math.expm1(primary.effect + tq * primary.se), level: 1 - 2 * settings.alpha},
    pWorse, pBetter, qWorse: null, qBetter: null,
    noise: {sigma: noise.sigma, df: noise.df, source: noise.source, differences: noise.differences, iterationSigma: noise.iterationSigma},
    modes: modes ? {levels: [Math.exp(modes.centres[0]), Math.exp(modes.centres[1])], separation: modes.separation, candidateMode} : null,
    moreRuns: null,
    // Only when the outlier check is what holds the deciding p-value (not, say, the other mode of a bimodal history).
    outlierRisk: primary.tail && primary.tail.p === (primary.effect * (evidence.better === 'lower' ? 1 : -1) >= 0 ? pWorse : pBetter) ? primary.tail : null,
    reason: '',
  }
  const primaryMode = assessed.find((x) => x.a === primary)!.mode
  return {decision, equivalent: assessed.every((x) => x.a.equivalent), baselineRuns: groups[primaryMode].length, candidateRuns: candLogs.length}
}

/**
 * The verdict from the adjusted p-values (q; equal to p for a single series): regressed when
 * qWorse <= alpha, improved when qBetter <= alpha, unchanged when the interval lies within the
 * threshold, else inconclusive with the number of candidate runs that would decide it.
 */
export function finishDecision(assessed: Assessed, qWorse: number | null, qBetter: number | null, settings: DecisionSettings = DEFAULT_SETTINGS): Decision {
  const {equivalent, baselineRuns: baseRuns, candidateRuns: candRuns} = assessed
  const rest: Decision = {...assessed.decision, qWorse, qBetter}
  if (rest.decidedBy === 'insufficient-data' || rest.interval === null) return rest
  const iv = rest.interval
  const ci = `${Math.round(iv.level * 100)}% CI ${signed(iv.low)} to ${signed(iv.high)}`
  const worse = rest.gain! < 0 ? 'worse' : 'better'
  const th = pct(settings.threshold)
  const bimodal = rest.modes ? `; the history is bimodal (levels ${rest.modes.levels.map((v) => v.toPrecision(4)).join(' and ')}), judged against both` : ''
  // Both: the series' own interval clears the threshold (p), and it survives the false discovery
  // control across the comparison (q; adaptive BH may give q < p, never a verdict the interval lacks).
  if (rest.qWorse! <= settings.alpha && rest.pWorse! <= settings.alpha) {
    return {...rest, verdict: 'regressed', reason: `${pct(Math.abs(rest.change!))} worse; the whole ${ci} is beyond the ${th} threshold${bimodal}`}
  }
  if (rest.qBetter! <= settings.alpha && rest.pBetter! <= settings.alpha) {
    return {...rest, verdict: 'improved', reason: `${pct(Math.abs(rest.change!))} better; the whole ${ci} is beyond the ${th} threshold${bimodal}`}
  }
  if (equivalent) return {...rest, verdict: 'unchanged', reason: `the whole ${ci} is within ±${th}${bimodal}`}
  const fdr = Math.min(rest.pWorse!, rest.pBetter!) <= settings.alpha ? ' (beyond it for this series alone, but not after false-discovery control across the series)' : ''
  const interval = moreRunsNeeded(Math.log1p(rest.change!), rest.noise.sigma!, rest.noise.df, baseRuns, candRuns, settings)
  const risk = rest.outlierRisk
  const moreRuns = interval === null || risk === null ? interval : Math.max(interval, moreRunsPastOutliers(risk.rate, candRuns, settings.alpha) ?? Infinity)
  const runs = Number.isFinite(moreRuns) ? moreRuns : null
  const next = runs === null ? '; more baseline history is needed to decide' : `; about ${runs} more candidate run(s) at this level would decide it`
  if (risk) {
    const pool = risk.pooledOf ? ` (its machine's series: ${risk.pooledSeen} of ${risk.pooledOf})` : ''
    return {...rest, verdict: 'inconclusive', moreRuns: runs,
      reason: `${pct(Math.abs(rest.change!))} ${worse}, but outlier-like: ${risk.seen} of ${risk.of} earlier runs of this series${pool} were isolated ` +
        `excursions at least this far out (about ${pct(risk.rate)} of runs), so ${candRuns === 1 ? 'one run' : `${candRuns} runs`} cannot tell a change ` +
        `from such a run${fdr}${bimodal}; rerun${next}`}
  }
  return {...rest, verdict: 'inconclusive', moreRuns: runs,
    reason: `${pct(Math.abs(rest.change!))} ${worse}, but the ${ci} straddles the ${th} threshold${fdr}${bimodal}${next}`}
}

/** Candidate runs to add before outlier-like runs at `rate` could no longer explain the median of the candidate runs. */
export function moreRunsPastOutliers(rate: number, m: number, alpha: number): number | null {
  for (let k = 1; k <= MAX_MORE_RUNS; k++) if (binomialUpper(m + k, rate, Math.ceil((m + k) / 2)) <= alpha) return k
  return null
}

/** Sort key: regressions first, worst first; then inconclusive, improved, unchanged. */
export function severityOrder(a: Decision, b: Decision): number {
  const rank = VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict)
  if (rank !== 0) return rank
  return (a.gain ?? 0) - (b.gain ?? 0)
}
