import type {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {METRICS, METRIC_NAMES, type MetricName} from './metrics.js'
import {parseSelector, resolveSelector, type RunInfo} from './selectors.js'
import {loadSeries, type SeriesFilters, type SeriesKey, type UnpairedSeries} from './series.js'
import {decide, DEFAULT_SETTINGS, severityOrder, type Decision, type DecisionSettings, type Verdict} from './verdict.js'

/**
 * `db:compare` as a library function: resolve both selectors, pair the series, decide each, and
 * return one plain JSON object (the CLI prints it, the API returns it; its JSON Schema is
 * src/schema/output/compare.ts).
 */

export interface CompareOptions {
  baseline: string
  candidate: string
  metric?: MetricName
  /** Minimum relative change that matters (0.05 = 5 %). */
  threshold?: number
  /** Significance level (two-sided) of each test. */
  alpha?: number
  filters?: SeriesFilters
  includeSimulated?: boolean
}

export interface SidePoint {
  runId: number
  at: string | null
  value: number
  samples: number
}

export interface SeriesComparison extends Decision {
  id: string
  key: SeriesKey
  /** Per-run values of each side in time order (the baseline's is the history charts draw). */
  baseline: SidePoint[]
  candidate: SidePoint[]
}

export type FailOn = 'regression' | 'any' | 'never'

export const FAIL_ON: readonly FailOn[] = ['regression', 'any', 'never']

export interface ComparisonSummary {
  series: number
  regressed: number
  improved: number
  unchanged: number
  inconclusive: number
  unpaired: number
}

export interface ComparisonResult {
  metric: {name: MetricName; label: string; unit: string; better: 'higher' | 'lower'}
  settings: DecisionSettings & {includeSimulated: boolean; filters: SeriesFilters}
  baseline: {selector: string; runs: RunInfo[]}
  candidate: {selector: string; runs: RunInfo[]}
  summary: ComparisonSummary
  /** Paired series, most severe first. */
  series: SeriesComparison[]
  unpaired: UnpairedSeries[]
  warnings: string[]
}

export function validateSettings(options: Pick<CompareOptions, 'metric' | 'threshold' | 'alpha'>): void {
  if (options.metric !== undefined && !METRIC_NAMES.includes(options.metric)) {
    throw new BenchError('usage', `unknown metric "${options.metric}"`, {expected: METRIC_NAMES.join(', ')})
  }
  if (options.threshold !== undefined && !(options.threshold >= 0 && options.threshold < 10)) {
    throw new BenchError('usage', `threshold ${options.threshold} is out of range`, {expected: 'a fraction from 0 to 10 (0 % to 1000 %)'})
  }
  if (options.alpha !== undefined && !(options.alpha > 0 && options.alpha < 0.5)) {
    throw new BenchError('usage', `alpha ${options.alpha} is out of range`, {expected: 'a probability above 0 and below 0.5'})
  }
}

export async function compareRuns(bench: BenchDb, options: CompareOptions): Promise<ComparisonResult> {
  validateSettings(options)
  const metric = METRICS[options.metric ?? 'throughput']
  const settings: DecisionSettings = {
    ...DEFAULT_SETTINGS,
    ...(options.threshold !== undefined ? {threshold: options.threshold} : {}),
    ...(options.alpha !== undefined ? {alpha: options.alpha} : {}),
  }
  const baselineSelector = parseSelector(options.baseline)
  const candidateSelector = parseSelector(options.candidate)
  const db = bench.db
  const resolveOptions = {includeSimulated: Boolean(options.includeSimulated)}
  const candidate = await resolveSelector(db, candidateSelector, undefined, resolveOptions)
  const baselineAll = await resolveSelector(db, baselineSelector, candidate.runs, resolveOptions)

  const warnings: string[] = []
  const candidateIds = new Set(candidate.runs.map((r) => r.runId))
  const baselineRuns = baselineAll.runs.filter((r) => !candidateIds.has(r.runId))
  if (baselineRuns.length === 0) {
    throw new BenchError('usage', `baseline "${options.baseline}" and candidate "${options.candidate}" name the same run(s)`, {
      hint: 'Compare against earlier runs, for example --baseline window:20.',
    })
  }
  if (baselineRuns.length < baselineAll.runs.length) {
    warnings.push(`${baselineAll.runs.length - baselineRuns.length} run(s) in both selectors were left out of the baseline`)
  }

  const loaded = await loadSeries(db, {
    baselineRunIds: baselineRuns.map((r) => r.runId),
    candidateRunIds: [...candidateIds],
    metric,
    filters: options.filters,
    includeSimulated: options.includeSimulated,
  })

  const series: SeriesComparison[] = loaded.paired.map((s) => {
    const decision = decide({
      better: metric.better,
      baselineRuns: s.baseline.map((p) => p.value),
      candidateRuns: s.candidate.map((p) => p.value),
      baselineSamples: s.baseline.flatMap((p) => p.samples),
      candidateSamples: s.candidate.flatMap((p) => p.samples),
      baselineRunSamples: s.baseline.map((p) => p.samples),
    }, settings)
    const side = (points: typeof s.baseline): SidePoint[] =>
      points.map((p) => ({runId: p.runId, at: p.at, value: p.value, samples: p.samples.length}))
    return {id: s.id, key: s.key, ...decision, baseline: side(s.baseline), candidate: side(s.candidate)}
  }).sort((a, b) => severityOrder(a, b) || a.id.localeCompare(b.id))

  if (baselineRuns.length < settings.minHistoryRuns && series.some((s) => s.test === 'mann-whitney')) {
    warnings.push(
      `the baseline has ${baselineRuns.length} run(s), so run-to-run noise is unknown and Mann-Whitney U on iterations alone ` +
        `can mistake a noisy run for a change; a baseline of several runs (window:20) is more reliable`,
    )
  }
  if (series.length === 0) warnings.push(`no series has ${metric.label.toLowerCase()} values in both the baseline and the candidate`)

  const count = (v: Verdict) => series.filter((s) => s.verdict === v).length
  return {
    metric: {name: metric.name, label: metric.label, unit: metric.unit, better: metric.better},
    settings: {...settings, includeSimulated: Boolean(options.includeSimulated), filters: cleanFilters(options.filters ?? {})},
    baseline: {selector: options.baseline, runs: baselineRuns},
    candidate: {selector: options.candidate, runs: candidate.runs},
    summary: {
      series: series.length, regressed: count('regressed'), improved: count('improved'), unchanged: count('unchanged'),
      inconclusive: count('inconclusive'), unpaired: loaded.unpaired.length,
    },
    series,
    unpaired: loaded.unpaired,
    warnings,
  }
}

/**
 * Whether CI should fail: `regression` on any regressed series; `any` also on inconclusive and
 * unpaired series (nothing may be unproven); `never` never.
 */
export function shouldFail(result: ComparisonResult, failOn: FailOn): boolean {
  const s = result.summary
  if (failOn === 'never') return false
  if (failOn === 'regression') return s.regressed > 0
  return s.regressed > 0 || s.inconclusive > 0 || s.unpaired > 0
}

/** "5%", "5", "0.5 %" -> 0.05, 0.05, 0.005. A bare number is a percentage too. */
export function parseThreshold(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text)
  if (!m) throw new BenchError('usage', `invalid threshold "${text}"`, {expected: 'a percentage such as 5% or 2.5%'})
  const value = Number(m[1]) / 100
  validateSettings({threshold: value})
  return value
}

export function parseAlpha(text: string): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new BenchError('usage', `invalid alpha "${text}"`, {expected: 'a probability such as 0.01'})
  }
  validateSettings({alpha: value})
  return value
}

/** Drops empty filter lists, so results and their JSON carry only the filters in force. */
export function cleanFilters(filters: SeriesFilters): SeriesFilters {
  const out: SeriesFilters = {}
  for (const k of ['models', 'families', 'hardware'] as const) if (filters[k]?.length) out[k] = filters[k]
  return out
}
