import type {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {countFactRows, queryRows} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {metricInfo, metricSql, type MetricName} from './metrics.js'
import {PERF_ALIASES, PERF_FROM} from './performance.js'
import {evidenceTime, filterConditions, Params, whereClause} from './where.js'

/** One run's value of the metric at one batch size (and precision). */
export interface TrendPoint {
  runId: number | null
  runName: string | null
  gitCommit: string | null
  /** Evidence time: the run's start as the file recorded it, else when the row was stored. */
  measuredAt: string
  batchSize: number | null
  precision: string | null
  /** Average over the run's rows for this batch size (normally exactly one). */
  value: number
  results: number
}

export interface TrendSeries {
  batchSize: number | null
  precision: string | null
  points: TrendPoint[]
}

export interface Trend {
  kind: 'trend'
  meta: ResultMeta
  model: string
  hardware: string
  metric: MetricName
  metricLabel: string
  unit: string
  higherIsBetter: boolean
  series: TrendSeries[]
}

export interface TrendOptions extends MetaOptions {
  metric?: MetricName | string
  filters?: ReportFilters
}

/** The metric of one model on one hardware type over time: one point per run and batch size. */
export async function trend(bench: BenchDb, options: TrendOptions = {}): Promise<Trend> {
  const metric = metricInfo(options.metric ?? 'throughput')
  const f = normaliseFilters(options.filters)
  if (!f.model || !f.hardware) {
    throw new BenchError('usage', 'a trend needs a model and a hardware type', {hint: 'Add --model <name> --hardware <type>.'})
  }
  const p = new Params()
  const ms = metricSql(metric.name)
  const conditions = [...filterConditions(f, PERF_ALIASES, p), `${ms.expr} IS NOT NULL`]
  const used = f.includeSimulated ? conditions : [...conditions, 'NOT pr.is_simulated']
  const points = await queryRows<TrendPoint>(
    bench,
    `SELECT pr.run_id AS "runId", any_value(tr.test_name) AS "runName", any_value(tr.git_commit) AS "gitCommit",
            min(${evidenceTime('pr')}) AS "measuredAt", pr.batch_size AS "batchSize", pr.precision AS precision,
            avg(${ms.expr}) AS value, count(*) AS results
     FROM ${PERF_FROM} ${ms.join} ${whereClause(used)}
     GROUP BY pr.run_id, pr.batch_size, pr.precision
     ORDER BY "batchSize" NULLS LAST, precision NULLS LAST, "measuredAt", "runId"`,
    p,
  )
  const series: TrendSeries[] = []
  for (const point of points) {
    let s = series.find((x) => x.batchSize === point.batchSize && x.precision === point.precision)
    if (!s) series.push((s = {batchSize: point.batchSize, precision: point.precision, points: []}))
    s.points.push(point)
  }
  const np = new Params()
  np.bind(f.model)
  np.bind(f.hardware)
  const names = await queryRows<{model: string | null; hardware: string | null}>(
    bench,
    `SELECT (SELECT model_name FROM models WHERE lower(model_name) = lower($1)) AS model,
            (SELECT any_value(hardware_type) FROM hardware_platforms WHERE lower(hardware_type) = lower($2)) AS hardware`,
    np,
  )
  const counts = await countFactRows(bench, `${PERF_FROM} ${ms.join}`, conditions, p, 'pr.is_simulated', Boolean(f.includeSimulated))
  return {
    kind: 'trend',
    meta: makeMeta(bench, f, counts, options),
    model: names[0]?.model ?? f.model,
    hardware: names[0]?.hardware ?? f.hardware,
    metric: metric.name,
    metricLabel: metric.label,
    unit: metric.unit,
    higherIsBetter: metric.higherIsBetter,
    series,
  }
}
