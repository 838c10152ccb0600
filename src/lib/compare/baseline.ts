import {scanChanges} from './changepoints.js'
import type {Selector} from './selectors.js'
import type {RunPoint, SeriesHistory} from './series.js'
import {assessSeries, type DecisionSettings} from './verdict.js'

/**
 * Which runs of one series are its baseline, and which of its earlier runs tell its noise.
 *
 * `window:N` is per series: the N runs of that series (its machine is part of the series) before
 * its first candidate run. Without `@BRANCH`, the candidate's own branch is preferred when the
 * series has at least min(N, 3) earlier runs on it, else main, else master, else every branch;
 * `window:N@BRANCH` takes that branch only. Any other selector names a fixed set of runs, and the
 * series' points in it are its baseline.
 *
 * A window starts after the last change point of the series' history (changepoints.ts): once a
 * step has been reported (by --history, at its first run), later runs are held to the new level,
 * so one change is not re-alerted on every run that follows it.
 *
 * With `excludeRegressions`, the window does not restart at changes, and baseline runs that were themselves regressions against the runs
 * before them (judged like a candidate, in order, against the runs kept so far) are left out, so a
 * regression that is still in the window does not become the norm the next run is held to.
 */

/** Runs of history the noise estimate reads (the newest before the candidate). */
export const HISTORY_LIMIT = 60
const MAIN_BRANCHES = ['main', 'master']

export interface SeriesSides {
  baseline: RunPoint[]
  candidate: RunPoint[]
  /** Earlier runs for noise and modes, time order, at most HISTORY_LIMIT; includes the baseline. */
  history: RunPoint[]
  /** The branch the window was drawn from (null = every branch). */
  branch: string | null
  /** Baseline runs left out as regressions. */
  excluded: number[]
}

export interface BaselinePlan {
  selector: Selector
  /** Run ids of a fixed (non-window) baseline. */
  runIds?: ReadonlySet<number>
  excludeRegressions: boolean
  better: 'higher' | 'lower'
  settings: DecisionSettings
}

function windowBranch(prior: RunPoint[], size: number, candidateBranch: string | null, forced: string | null): string | null {
  if (forced !== null) return forced
  const enough = Math.min(size, 3)
  const count = (b: string) => prior.filter((p) => p.branch === b).length
  for (const b of [candidateBranch, ...MAIN_BRANCHES]) if (b !== null && count(b) >= enough) return b
  return null
}

/** Drops runs that regressed against the runs kept before them (at least 3 kept runs to judge with). */
function withoutRegressions(points: RunPoint[], size: number, plan: BaselinePlan): {kept: RunPoint[]; excluded: number[]} {
  const kept: RunPoint[] = []
  const excluded: number[] = []
  for (const p of points) {
    if (kept.length >= 3) {
      const history = kept.slice(-HISTORY_LIMIT).map((k) => k.value)
      const a = assessSeries({better: plan.better, baseline: history.slice(-size), candidate: [p.value], history}, plan.settings)
      if (a.decision.pWorse !== null && a.decision.pWorse <= plan.settings.alpha) {
        excluded.push(p.runId)
        continue
      }
    }
    kept.push(p)
  }
  return {kept, excluded}
}

function sinceLastChange(points: RunPoint[], threshold: number): RunPoint[] {
  const last = scanChanges(points.map((p) => Math.log(p.value)), Math.log1p(threshold)).steps.at(-1)
  return last ? points.slice(last.index) : points
}

export function splitSeries(series: SeriesHistory, candidateRuns: ReadonlySet<number>, plan: BaselinePlan): SeriesSides {
  const candidate = series.points.filter((p) => candidateRuns.has(p.runId))
  const firstOrd = candidate.length ? candidate[0].ord : Infinity
  const prior = series.points.filter((p) => p.ord < firstOrd && !candidateRuns.has(p.runId))
  const sel = plan.selector
  if (sel.kind === 'window') {
    const branch = windowBranch(prior, sel.size, candidate[0]?.branch ?? null, sel.branch)
    let pool = branch === null ? prior : prior.filter((p) => p.branch === branch)
    let excluded: number[] = []
    if (plan.excludeRegressions) ({kept: pool, excluded} = withoutRegressions(pool.slice(-(sel.size + HISTORY_LIMIT)), sel.size, plan))
    else pool = sinceLastChange(pool.slice(-HISTORY_LIMIT), plan.settings.threshold)
    return {baseline: pool.slice(-sel.size), candidate, history: prior.slice(-HISTORY_LIMIT), branch, excluded}
  }
  const chosen = series.points.filter((p) => plan.runIds?.has(p.runId) && !candidateRuns.has(p.runId))
  const history = [...new Map([...prior.slice(-HISTORY_LIMIT), ...chosen].map((p) => [p.runId, p])).values()].sort((a, b) => a.ord - b.ord)
  return {baseline: chosen, candidate, history, branch: null, excluded: []}
}
