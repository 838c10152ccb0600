import type {BenchDb} from '../db/bench-db.js'
import {scanChanges} from './changepoints.js'
import {resolveSettings, cleanFilters} from './compare.js'
import {resolveCompareMetric} from './metrics.js'
import {loadHistories, type SeriesFilters, type SeriesKey} from './series.js'
import {studentTQuantile} from './stats.js'

/**
 * `db:compare --history` and GET /api/changes: change points over each series' whole history
 * (changepoints.ts), each reported once, at the first run after it, with its size and interval;
 * changes of several series at the same run are one alert. Slow drifts are listed apart. The scan
 * is a pure function of the stored history, so a change found today is the same change (same run)
 * tomorrow: it is never re-alerted as new runs arrive.
 */

export interface HistoryOptions {
  metric?: string
  threshold?: number
  alpha?: number
  filters?: SeriesFilters
  includeSimulated?: boolean
}

export interface SeriesChange {
  id: string
  key: SeriesKey
  /** Relative change of level (after / before - 1) and its interval. */
  change: number
  interval: {low: number; high: number; level: number}
  direction: 'regressed' | 'improved'
  runsBefore: number
  runsAfter: number
  /** Noise of one run (log scale). */
  noise: number
  /** The series' points (run id, time, value), for charts. */
  points: {runId: number; at: string | null; value: number}[]
}

export interface ChangeAlert {
  /** The first run after the change. */
  runId: number
  at: string | null
  commit: string | null
  branch: string | null
  /** Run just before the change (the last good one). */
  previousRunId: number | null
  previousCommit: string | null
  /** 'regressed' when any series in it got worse. */
  severity: 'regressed' | 'improved'
  series: SeriesChange[]
}

export interface SeriesDrift {
  id: string
  key: SeriesKey
  fromRunId: number
  toRunId: number
  /** Relative change per run and over the whole drifting stretch. */
  perRun: number
  total: number
  direction: 'regressed' | 'improved'
}

export interface ChangesResult {
  metric: {name: string; label: string; unit: string; better: 'higher' | 'lower'}
  settings: {threshold: number; alpha: number; filters: SeriesFilters; includeSimulated: boolean}
  summary: {series: number; alerts: number; changes: number; regressions: number; drifts: number}
  /** Newest first. */
  alerts: ChangeAlert[]
  drifts: SeriesDrift[]
}

export async function scanHistory(bench: BenchDb, options: HistoryOptions = {}): Promise<ChangesResult> {
  const settings = resolveSettings(options)
  const metric = await resolveCompareMetric(bench.db, options.metric ?? 'throughput')
  const histories = await loadHistories(bench.db, {metric, filters: options.filters, includeSimulated: options.includeSimulated})
  const limit = Math.log1p(settings.threshold)
  const alerts = new Map<number, ChangeAlert>()
  const drifts: SeriesDrift[] = []
  const badSign = metric.better === 'lower' ? 1 : -1
  for (const h of histories) {
    const logs = h.points.map((p) => Math.log(p.value))
    if (logs.some((v) => !Number.isFinite(v))) continue
    const scan = scanChanges(logs, limit)
    for (const step of scan.steps) {
      const at = h.points[step.index]
      const prev = h.points[step.index - 1] ?? null
      const tq = studentTQuantile(settings.alpha, Math.max(1, 0.37 * (logs.length - 1)))
      const change: SeriesChange = {
        id: h.id, key: h.key, change: Math.expm1(step.size),
        interval: {low: Math.expm1(step.size - tq * step.se), high: Math.expm1(step.size + tq * step.se), level: 1 - 2 * settings.alpha},
        direction: step.size * badSign > 0 ? 'regressed' : 'improved',
        runsBefore: step.index, runsAfter: h.points.length - step.index, noise: scan.sigma,
        points: h.points.map((p) => ({runId: p.runId, at: p.at, value: p.value})),
      }
      let alert = alerts.get(at.runId)
      if (!alert) {
        alert = {runId: at.runId, at: at.at, commit: at.commit, branch: at.branch, previousRunId: prev?.runId ?? null,
          previousCommit: prev?.commit ?? null, severity: 'improved', series: []}
        alerts.set(at.runId, alert)
      }
      alert.series.push(change)
      if (change.direction === 'regressed') alert.severity = 'regressed'
    }
    for (const d of scan.drifts) {
      const total = Math.expm1(d.slope * (d.to - d.from))
      drifts.push({id: h.id, key: h.key, fromRunId: h.points[d.from].runId, toRunId: h.points[d.to].runId,
        perRun: Math.expm1(d.slope), total, direction: d.slope * badSign > 0 ? 'regressed' : 'improved'})
    }
  }
  const ordOf = new Map(histories.flatMap((h) => h.points.map((p) => [p.runId, p.ord] as const)))
  const list = [...alerts.values()].sort((a, b) => (ordOf.get(b.runId) ?? 0) - (ordOf.get(a.runId) ?? 0))
  for (const a of list) a.series.sort((x, y) => Math.abs(y.change) - Math.abs(x.change))
  const changes = list.reduce((n, a) => n + a.series.length, 0)
  return {
    metric: {name: metric.name, label: metric.label, unit: metric.unit, better: metric.better},
    settings: {threshold: settings.threshold, alpha: settings.alpha, filters: cleanFilters(options.filters ?? {}), includeSimulated: Boolean(options.includeSimulated)},
    summary: {series: histories.length, alerts: list.length, changes, regressions: list.filter((a) => a.severity === 'regressed').length, drifts: drifts.length},
    alerts: list,
    drifts,
  }
}
