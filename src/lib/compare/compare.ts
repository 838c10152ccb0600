import type {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {splitSeries, type SeriesSides} from './baseline.js'
import {adaptiveBenjaminiHochberg, expectedFalseAlarms, storeyPi0} from './fdr.js'
import {resolveCompareMetric, type MetricSpec} from './metrics.js'
import {poolPrior, type NoiseScale} from './noise.js'
import {poolExcursions, type TailPool} from './tails.js'
import {parseSelector, resolveSelector, runsByIds, type RunInfo} from './selectors.js'
import {loadHistories, loadSamples, newestRunWithHistory, type SeriesFilters, type SeriesKey, type UnpairedSeries} from './series.js'
import {analyseHistory, assessSeries, DEFAULT_SETTINGS, type HistoryAnalysis, finishDecision, severityOrder, type Decision, type DecisionSettings, type Verdict} from './verdict.js'

/**
 * `db:compare` as a library function: resolve both selectors, give every series its own baseline
 * (baseline.ts), judge each on the log scale with an interval (verdict.ts), control the false
 * discovery rate across the series (fdr.ts), and return one plain JSON object (the CLI prints it,
 * the API returns it; its JSON Schema is src/schema/output/compare.ts).
 */

export interface CompareOptions {
  baseline: string
  candidate: string
  /** A catalogue metric (or alias, or p50/p90/p99/memory), or a custom metric with a direction. */
  metric?: string
  /** Minimum relative change that matters (0.05 = 5 %). */
  threshold?: number
  /** One-sided error of each verdict and FDR level (the interval shown is 1 - 2 alpha). */
  alpha?: number
  filters?: SeriesFilters
  includeSimulated?: boolean
  /** Leave baseline runs that were regressions themselves out of window baselines. */
  excludeRegressions?: boolean
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
  /** The branch a window baseline was drawn from (null: every branch, or a fixed selector). */
  baselineBranch: string | null
  /** Baseline runs left out as regressions (--exclude-regressions). */
  excludedRuns: number[]
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
  /** Of the unpaired: the candidate's series with no baseline run (new, or never run before). */
  candidateOnly: number
  /** Of the unpaired: series of the baseline's runs the candidate did not run (for a window: of the N runs before it, all series). */
  baselineOnly: number
  /**
   * Adaptive Benjamini-Hochberg across the series: level, the estimated share of series that did not
   * get worse (pi0, from the "worse" p-values), and the expected number of false alarms among the flagged.
   */
  fdr: {method: 'adaptive-benjamini-hochberg'; level: number; tested: number; pi0: number; expectedFalseAlarms: number}
}

export interface ComparisonResult {
  metric: {name: string; label: string; unit: string; better: 'higher' | 'lower'}
  settings: DecisionSettings & {includeSimulated: boolean; excludeRegressions: boolean; filters: SeriesFilters}
  baseline: {selector: string; runs: RunInfo[]}
  candidate: {selector: string; runs: RunInfo[]}
  summary: ComparisonSummary
  /** Paired series, most severe first. */
  series: SeriesComparison[]
  unpaired: UnpairedSeries[]
  warnings: string[]
}

export function validateSettings(options: Pick<CompareOptions, 'threshold' | 'alpha'>): void {
  if (options.threshold !== undefined && !(options.threshold > 0 && options.threshold < 10)) {
    throw new BenchError('usage', `threshold ${options.threshold * 100}% is out of range`, {
      expected: 'a percentage above 0 and below 1000', hint: 'The threshold is the smallest change that matters, e.g. --threshold 5%.',
    })
  }
  if (options.alpha !== undefined && !(options.alpha > 0 && options.alpha < 0.5)) {
    throw new BenchError('usage', `alpha ${options.alpha} is out of range`, {expected: 'a probability above 0 and below 0.5', hint: 'For example --alpha 0.05.'})
  }
}

export function resolveSettings(options: Pick<CompareOptions, 'threshold' | 'alpha'>): DecisionSettings {
  validateSettings(options)
  return {
    ...DEFAULT_SETTINGS,
    ...(options.threshold !== undefined ? {threshold: options.threshold} : {}),
    ...(options.alpha !== undefined ? {alpha: options.alpha} : {}),
  }
}

interface MachinePool {
  /** The median noise of its series in this comparison (a prior for short histories). */
  prior: NoiseScale | null
  /** Their isolated excursions (how often a single run lands far out). */
  tails: TailPool | null
}

/** What the series of each machine in this comparison tell about each other: noise and outlier runs. */
function poolsByMachine(series: {key: SeriesKey}[], analysed: HistoryAnalysis[]): Map<string | null, MachinePool> {
  const groups = new Map<string | null, HistoryAnalysis[]>()
  series.forEach(({key}, i) => {
    const list = groups.get(key.machine) ?? []
    list.push(analysed[i])
    groups.set(key.machine, list)
  })
  return new Map([...groups].map(([machine, list]) => [machine, {
    prior: poolPrior(list.map((a) => a.own)), tails: poolExcursions(list.map((a) => a.excursions)),
  }]))
}

export async function compareRuns(bench: BenchDb, options: CompareOptions): Promise<ComparisonResult> {
  const settings = resolveSettings(options)
  const db = bench.db
  const metric: MetricSpec = await resolveCompareMetric(db, options.metric ?? 'throughput')
  const baselineSelector = parseSelector(options.baseline)
  const candidateSelector = parseSelector(options.candidate)
  const resolveOptions = {includeSimulated: Boolean(options.includeSimulated)}
  const candidate = await resolveSelector(db, candidateSelector, undefined, resolveOptions)
  // For a window this is the window over the whole database: it names the series that vanished (baseline-only).
  const baselineAll = await resolveSelector(db, baselineSelector, candidate.runs, resolveOptions)
  const candidateIds = new Set(candidate.runs.map((r) => r.runId))
  const fixedIds = new Set(baselineAll.runs.map((r) => r.runId).filter((id) => !candidateIds.has(id)))
  const warnings: string[] = []
  if (fixedIds.size === 0) {
    throw new BenchError('usage', `baseline "${options.baseline}" and candidate "${options.candidate}" name the same run(s)`, {
      hint: 'Compare against earlier runs, for example --baseline window:20.',
    })
  }
  if (baselineSelector.kind !== 'window' && fixedIds.size < baselineAll.runs.length) {
    warnings.push(`${baselineAll.runs.length - fixedIds.size} run(s) in both selectors were left out of the baseline`)
  }

  const histories = await loadHistories(db, {
    metric, keyRuns: [...candidateIds, ...fixedIds], filters: options.filters, includeSimulated: options.includeSimulated,
  })
  const plan = {selector: baselineSelector, runIds: fixedIds, excludeRegressions: Boolean(options.excludeRegressions), better: metric.better, settings}
  const paired: {id: string; key: SeriesKey; sides: SeriesSides}[] = []
  const unpaired: UnpairedSeries[] = []
  for (const h of histories) {
    const sides = splitSeries(h, candidateIds, plan)
    if (sides.candidate.length && sides.baseline.length) paired.push({id: h.id, key: h.key, sides})
    else if (sides.candidate.length) unpaired.push({id: h.id, key: h.key, side: 'candidate-only', runs: sides.candidate.map((p) => p.runId)})
    else if (h.points.some((p) => fixedIds.has(p.runId))) {
      unpaired.push({id: h.id, key: h.key, side: 'baseline-only', runs: h.points.filter((p) => fixedIds.has(p.runId)).map((p) => p.runId)})
    }
  }

  const sampleIds = paired.flatMap((s) => [...s.sides.baseline, ...s.sides.candidate].flatMap((p) => p.resultIds))
  const samples = await loadSamples(db, metric, sampleIds)
  const runSamples = (p: {resultIds: number[]}) => p.resultIds.flatMap((id) => samples.get(id) ?? [])
  const analysed = paired.map((s) => analyseHistory(s.sides.history.map((p) => p.value), settings.threshold))
  const pools = poolsByMachine(paired, analysed)
  const assessed = paired.map((s, i) => assessSeries({
    better: metric.better,
    baseline: s.sides.baseline.map((p) => p.value),
    candidate: s.sides.candidate.map((p) => p.value),
    history: s.sides.history.map((p) => p.value),
    samples: [...s.sides.baseline, ...s.sides.candidate].map(runSamples),
    prior: pools.get(s.key.machine)?.prior ?? null,
    tailPool: pools.get(s.key.machine)?.tails ?? null,
    analysed: analysed[i],
  }, settings))
  const pWorse = assessed.map((a) => a.decision.pWorse)
  const qWorse = adaptiveBenjaminiHochberg(pWorse)
  const qBetter = adaptiveBenjaminiHochberg(assessed.map((a) => a.decision.pBetter))

  const series: SeriesComparison[] = paired.map((s, i) => {
    const decision = finishDecision(assessed[i], qWorse[i], qBetter[i], settings)
    const side = (points: typeof s.sides.baseline): SidePoint[] =>
      points.map((p) => ({runId: p.runId, at: p.at, value: p.value, samples: runSamples(p).length}))
    return {id: s.id, key: s.key, ...decision, baselineBranch: s.sides.branch, excludedRuns: s.sides.excluded,
      baseline: side(s.sides.baseline), candidate: side(s.sides.candidate)}
  }).sort((a, b) => severityOrder(a, b) || a.id.localeCompare(b.id))

  const candidateOnly = unpaired.filter((u) => u.side === 'candidate-only').length
  if (series.length === 0) {
    warnings.push(baselineSelector.kind === 'window' && candidateOnly > 0
      ? await noHistoryHint(db, {metric, candidateOnly, branch: baselineSelector.branch, filters: options.filters, includeSimulated: options.includeSimulated})
      : `no series has ${metric.label.toLowerCase()} values in both the baseline and the candidate`)
  }
  const bimodal = series.filter((s) => s.modes).length
  if (bimodal) warnings.push(`${bimodal} series ha${bimodal === 1 ? 's' : 've'} a bimodal history (two machines under one name?); each was judged against both levels. Record the machine (test_runs.machine) to separate them.`)
  const fromIterations = series.filter((s) => s.noise.source === 'iterations').length
  if (fromIterations) warnings.push(`${fromIterations} series had no run history; their noise comes from iterations inside a run, which understates run-to-run noise (inflated x2). A baseline of several runs is more reliable.`)

  const baselineRunIds = [...new Set(series.flatMap((s) => s.baseline.map((p) => p.runId)))]
  const count = (v: Verdict) => series.filter((s) => s.verdict === v).length
  const flagged = series.filter((s) => s.verdict === 'regressed' || s.verdict === 'improved')
  return {
    metric: {name: metric.name, label: metric.label, unit: metric.unit, better: metric.better},
    settings: {...settings, includeSimulated: Boolean(options.includeSimulated), excludeRegressions: Boolean(options.excludeRegressions), filters: cleanFilters(options.filters ?? {})},
    baseline: {selector: options.baseline, runs: baselineSelector.kind === 'window' ? await runsByIds(db, baselineRunIds) : baselineAll.runs.filter((r) => fixedIds.has(r.runId))},
    candidate: {selector: options.candidate, runs: candidate.runs},
    summary: {
      series: series.length, regressed: count('regressed'), improved: count('improved'), unchanged: count('unchanged'),
      inconclusive: count('inconclusive'), unpaired: unpaired.length, candidateOnly, baselineOnly: unpaired.length - candidateOnly,
      fdr: {
        method: 'adaptive-benjamini-hochberg', level: settings.alpha, tested: assessed.filter((a) => a.decision.pWorse !== null).length,
        pi0: storeyPi0(pWorse),
        expectedFalseAlarms: expectedFalseAlarms(flagged.map((s) => (s.verdict === 'regressed' ? s.pWorse! : s.pBetter!))),
      },
    },
    series,
    unpaired,
    warnings,
  }
}

/**
 * What to say when a window baseline finds no earlier run of any candidate series (a new user's
 * first `db:compare` on a database of unrelated result files): plainly that, and a candidate that
 * would have a baseline, when the database has one.
 */
async function noHistoryHint(db: BenchDb['db'], o: {metric: MetricSpec; candidateOnly: number; branch: string | null; filters?: SeriesFilters; includeSimulated?: boolean}): Promise<string> {
  const head = `${o.candidateOnly === 1 ? 'The candidate\'s only series has no' : `None of the candidate's ${o.candidateOnly} series has an`} earlier run` +
    `${o.branch === null ? '' : ` on branch ${o.branch}`} with ${o.metric.label.toLowerCase()}, so there is nothing to compare ${o.candidateOnly === 1 ? 'it' : 'them'} with`
  if (o.branch !== null) return `${head}. Drop @${o.branch} to use every branch, or name the baseline runs (--baseline RUN_ID, commit:SHA, a date range).`
  const run = await newestRunWithHistory(db, {metric: o.metric, filters: o.filters, includeSimulated: o.includeSimulated})
  if (run === null) return `${head}. No series in this database has two runs yet: a comparison needs the same benchmark (model, hardware, machine, batch size, precision, test case) run at least twice.`
  return `${head}. The newest run with series that ran before is run ${run.runId} (${run.testName}): bench db:compare --candidate ${run.runId}`
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
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*%?\s*$/.exec(text)
  if (!m) throw new BenchError('usage', `invalid threshold "${text}"`, {expected: 'a percentage such as 5% or 2.5%', hint: 'For example --threshold 5%.'})
  const value = Number(m[1]) / 100
  validateSettings({threshold: value})
  return value
}

export function parseAlpha(text: string): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new BenchError('usage', `invalid alpha "${text}"`, {expected: 'a probability such as 0.05'})
  }
  validateSettings({alpha: value})
  return value
}

/** Drops empty filter lists, so results and their JSON carry only the filters in force. */
export function cleanFilters(filters: SeriesFilters): SeriesFilters {
  const out: SeriesFilters = {}
  for (const k of ['models', 'families', 'hardware', 'machines'] as const) if (filters[k]?.length) out[k] = filters[k]
  return out
}
