import {mannWhitney, median, robustZ} from './stats.js'

/**
 * The decision for one series: how much it changed, and whether that change is both large enough
 * to matter (the threshold) and larger than the noise (a significance test). This function is the
 * whole decision logic of db:compare; the command, the API and bench/compare.ts all call it.
 */

export type Verdict = 'regressed' | 'improved' | 'unchanged' | 'inconclusive'

export const VERDICTS: readonly Verdict[] = ['regressed', 'inconclusive', 'improved', 'unchanged']

/**
 * The statistical evidence available: Mann-Whitney U on raw iteration samples, a robust z-score
 * against the baseline's run-to-run history, both (when both exist the candidate must pass both),
 * or none.
 */
export type TestName = 'mann-whitney' | 'robust-z' | 'mann-whitney+robust-z' | 'none'

/** What settled the verdict: the threshold (change too small to matter), a test, or missing data. */
export type DecidedBy = 'threshold' | TestName | 'insufficient-data'

export interface DecisionSettings {
  /** Minimum relative change that matters (0.05 = 5 %). */
  threshold: number
  /** Significance level of each test (two-sided). */
  alpha: number
  /** Raw samples each side needs before Mann-Whitney U is used. */
  minSamples: number
  /** Baseline runs needed before the run-to-run history test is used. */
  minHistoryRuns: number
}

export const DEFAULT_SETTINGS: DecisionSettings = {threshold: 0.05, alpha: 0.01, minSamples: 5, minHistoryRuns: 3}

export interface SeriesEvidence {
  /** Which way is better for this metric. */
  better: 'higher' | 'lower'
  /** One value per baseline run (already the median when a run has several rows). */
  baselineRuns: readonly number[]
  /** One value per candidate run. */
  candidateRuns: readonly number[]
  /** Raw per-iteration values in the metric's own units, pooled over the runs of each side. */
  baselineSamples: readonly number[]
  candidateSamples: readonly number[]
  /**
   * The baseline's samples run by run (optional). With exactly two baseline runs there is no history
   * test, but the two runs can still be compared with each other: when they differ, whole runs vary
   * more than their iterations show, and Mann-Whitney on pooled iterations would over-state a change.
   */
  baselineRunSamples?: readonly (readonly number[])[]
}

export interface Decision {
  verdict: Verdict
  decidedBy: DecidedBy
  /** The test that was run (or `none`), whatever decided. */
  test: TestName
  baselineValue: number
  candidateValue: number
  /** (candidate - baseline) / baseline, signed as measured. */
  change: number | null
  /** The change seen from the user's side: positive is better (throughput up, latency down). */
  gain: number | null
  /** p-value of the deciding test (the larger when both ran), null when no test ran. */
  pValue: number | null
  mannWhitney: {u: number; p: number; method: 'exact' | 'normal'; n1: number; n2: number} | null
  robustZ: {z: number | null; p: number; centre: number; spread: number; runs: number} | null
  /** p-value of Mann-Whitney between the two runs of a two-run baseline (null when not checked). */
  baselineRunsP: number | null
  /** One sentence: why this verdict. */
  reason: string
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const fmtP = (p: number) => (p < 0.0001 ? 'p<0.0001' : `p=${p.toPrecision(2)}`)

export function decide(evidence: SeriesEvidence, settings: DecisionSettings = DEFAULT_SETTINGS): Decision {
  const {baselineRuns, candidateRuns, baselineSamples, candidateSamples} = evidence
  const baselineValue = median(baselineRuns)
  const candidateValue = median(candidateRuns)
  const base: Omit<Decision, 'verdict' | 'decidedBy' | 'reason'> = {
    test: 'none', baselineValue, candidateValue, change: null, gain: null, pValue: null, mannWhitney: null, robustZ: null,
    baselineRunsP: null,
  }
  if (!(baselineValue > 0) || !Number.isFinite(candidateValue)) {
    return {...base, verdict: 'inconclusive', decidedBy: 'insufficient-data', reason: 'the baseline value is zero or missing, so no relative change exists'}
  }
  const change = (candidateValue - baselineValue) / baselineValue
  const gain = evidence.better === 'higher' ? change : -change

  const useSamples = baselineSamples.length >= settings.minSamples && candidateSamples.length >= settings.minSamples
  const useHistory = baselineRuns.length >= settings.minHistoryRuns
  const test: TestName = useSamples ? (useHistory ? 'mann-whitney+robust-z' : 'mann-whitney') : useHistory ? 'robust-z' : 'none'

  let mw: Decision['mannWhitney'] = null
  let mwAgrees = true
  if (useSamples) {
    const r = mannWhitney(candidateSamples, baselineSamples)
    mw = {u: r.u, p: r.p, method: r.method, n1: candidateSamples.length, n2: baselineSamples.length}
    // The iterations must move the same way as the run-level values, or the evidence contradicts itself.
    mwAgrees = Math.sign(r.medianShift) === Math.sign(candidateValue - baselineValue)
  }
  let baselineRunsP: number | null = null
  const perRun = evidence.baselineRunSamples
  if (useSamples && !useHistory && perRun?.length === 2 && perRun.every((r) => r.length >= settings.minSamples)) {
    baselineRunsP = mannWhitney(perRun[0], perRun[1]).p
  }
  let rz: Decision['robustZ'] = null
  if (useHistory) {
    const r = robustZ(baselineRuns, candidateValue, candidateRuns.length)
    rz = {z: Number.isFinite(r.z) ? r.z : null, p: r.p, centre: r.centre, spread: r.spread, runs: baselineRuns.length}
  }
  const pValue = test === 'none' ? null : Math.max(mw?.p ?? 0, rz?.p ?? 0)
  const filled = {...base, test, change, gain, pValue, mannWhitney: mw, robustZ: rz, baselineRunsP}

  if (Math.abs(change) < settings.threshold) {
    return {...filled, verdict: 'unchanged', decidedBy: 'threshold',
      reason: `the ${pct(Math.abs(change))} change is below the ${pct(settings.threshold)} threshold`}
  }
  if (test === 'none') {
    return {...filled, verdict: 'inconclusive', decidedBy: 'insufficient-data',
      reason: `no way to tell change from noise: ${baselineRuns.length} baseline run(s) (need ${settings.minHistoryRuns}) ` +
        `and ${baselineSamples.length}/${candidateSamples.length} raw samples (need ${settings.minSamples} each side)`}
  }
  const runsDiffer = baselineRunsP !== null && baselineRunsP < settings.alpha
  const significant = pValue! < settings.alpha && mwAgrees && !runsDiffer
  if (!significant) {
    const why = !mwAgrees
      ? 'the raw samples move the other way'
      : runsDiffer
        ? `the two baseline runs already differ from each other (${fmtP(baselineRunsP!)}), so whole runs vary more than their iterations show`
      : test === 'mann-whitney+robust-z' && mw!.p < settings.alpha
        ? `the iterations differ (${fmtP(mw!.p)}) but the candidate is within the baseline's run-to-run spread (${fmtP(rz!.p)})`
        : `the change is within the noise (${fmtP(pValue!)}, alpha ${settings.alpha})`
    return {...filled, verdict: 'inconclusive', decidedBy: test, reason: `${pct(Math.abs(change))} change, but ${why}`}
  }
  const verdict: Verdict = gain > 0 ? 'improved' : 'regressed'
  return {...filled, verdict, decidedBy: test,
    reason: `${pct(Math.abs(change))} ${gain > 0 ? 'better' : 'worse'}, beyond the ${pct(settings.threshold)} threshold and the noise (${fmtP(pValue!)})`}
}

/** Sort key: regressions first, worst first; then inconclusive, improved, unchanged. */
export function severityOrder(a: Decision, b: Decision): number {
  const rank = VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict)
  if (rank !== 0) return rank
  return (a.gain ?? 0) - (b.gain ?? 0)
}
