import type {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {RUN_ORDER_ASC_SQL, RUN_TIME_SQL} from '../series/definition.js'
import {countFactRows, queryRows} from './common.js'
import {filterNames, normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {metricInfo, metricRowsSql} from './metrics.js'
import {seriesLabels, shortCommit} from './series-label.js'
import {filterConditions, oneOf, Params, whereClause} from './where.js'

/** One run's value of the metric in one series. */
export interface TrendPoint {
  runId: number | null
  runName: string | null
  /** test_runs.git_commit as stored (full or short hex). */
  gitCommit: string | null
  /** Its short form (7 hex digits) for labels. */
  commit: string | null
  /** The run's measurement time as its file (or file name) says; null: time unknown. */
  measuredAt: string | null
  batchSize: number | null
  precision: string | null
  device: string | null
  machine: string | null
  /** Average over the run's rows in this series (normally exactly one). */
  value: number
  results: number
}

/** One series (src/lib/series/definition.ts) of the model on the hardware type: its points in run order. */
export interface TrendSeries {
  /** Legend name: the parts that tell this series from the others (model, device, machine, precision, batch ...). */
  label: string
  /** The series' model and hardware type (several when the filters named several). */
  model: string
  hardware: string
  device: string | null
  machine: string | null
  batchSize: number | null
  precision: string | null
  testCase: string | null
  simulated: boolean
  /** Oldest first; undated runs first (they are never the newest point). */
  points: TrendPoint[]
}

export interface Trend {
  kind: 'trend'
  meta: ResultMeta
  /** The model(s) and hardware type(s) asked for, as the database spells them (several: joined by ", "). */
  model: string
  hardware: string
  metric: string
  metricLabel: string
  unit: string
  higherIsBetter: boolean | null
  series: TrendSeries[]
  /** Points whose run has no known time (listed, never placed on the time axis). */
  undatedPoints: number
}

export interface TrendOptions extends MetaOptions {
  metric?: string
  filters?: ReportFilters
}

interface Row extends TrendPoint {
  modelId: number
  model: string
  hardware: string
  hardwareId: number
  testCase: string | null
  simulated: boolean
}

const FROM = (rows: string) => `(${rows}) pr
  JOIN models m ON m.model_id = pr.model_id
  JOIN hardware_platforms hp ON hp.hardware_id = pr.hardware_id
  LEFT JOIN test_runs tr ON tr.run_id = pr.run_id`

/**
 * A metric of one model on one hardware type over time: one line per series (device, machine,
 * precision, batch size, test case, simulated), one point per run, in the one run order. Nothing
 * is averaged across two series: an Intel and an AMD cpu, or two machines, are two lines. Several
 * models or hardware types (any of them) give each model's and type's series their own lines.
 */
export async function trend(bench: BenchDb, options: TrendOptions = {}): Promise<Trend> {
  const metric = metricInfo(options.metric ?? 'throughput')
  const f = normaliseFilters(options.filters)
  const models = filterNames(f.model)
  const types = filterNames(f.hardware)
  if (!models || !types) {
    throw new BenchError('usage', 'a trend needs a model and a hardware type', {hint: 'Add --model <name> --hardware <type>.'})
  }
  const p = new Params()
  const from = FROM(metricRowsSql(metric, (v) => p.bind(v)))
  // --since compares against the measurement time only: an undated run is not "since" anything.
  const conditions = filterConditions(f, {m: 'm', hp: 'hp', perf: 'pr', time: RUN_TIME_SQL}, p)
  const used = f.includeSimulated ? conditions : [...conditions, 'NOT pr.is_simulated']
  const rows = await queryRows<Row>(
    bench,
    `SELECT pr.model_id::INTEGER AS "modelId", any_value(m.model_name) AS model, any_value(hp.hardware_type) AS hardware,
            pr.run_id AS "runId", coalesce(any_value(tr.run_name), any_value(tr.test_name)) AS "runName", any_value(tr.git_commit) AS "gitCommit",
            ${RUN_TIME_SQL} AS "measuredAt", pr.hardware_id::INTEGER AS "hardwareId", hp.device_name AS device, tr.machine AS machine,
            pr.batch_size AS "batchSize", pr.precision AS precision, pr.test_case AS "testCase", pr.is_simulated AS simulated,
            avg(pr.value) AS value, count(*)::INTEGER AS results
     FROM ${from} ${whereClause(used)}
     GROUP BY pr.model_id, pr.run_id, tr.run_id, tr.started_at, tr.completed_at, pr.hardware_id, hp.device_name, tr.machine,
              pr.batch_size, pr.precision, pr.test_case, pr.is_simulated
     ORDER BY model, "modelId", "batchSize" NULLS LAST, precision NULLS LAST, device NULLS LAST, machine NULLS LAST, "hardwareId", "testCase" NULLS LAST,
              simulated, ${RUN_ORDER_ASC_SQL}`,
    p,
  )
  const series: TrendSeries[] = []
  const byKey = new Map<string, TrendSeries>()
  for (const {modelId, model, hardware, hardwareId, testCase, simulated, ...point} of rows) {
    const key = JSON.stringify([modelId, hardwareId, point.machine, point.batchSize, point.precision, testCase, simulated])
    let s = byKey.get(key)
    if (!s) {
      s = {label: '', model, hardware, device: point.device, machine: point.machine, batchSize: point.batchSize, precision: point.precision, testCase, simulated, points: []}
      byKey.set(key, s)
      series.push(s)
    }
    s.points.push({...point, commit: shortCommit(point.gitCommit)})
  }
  seriesLabels(series, ['batchSize']).forEach((label, i) => (series[i].label = label))
  // The names as the database spells them (the filters match case-insensitively).
  const np = new Params()
  const names = await queryRows<{model: string | null; hardware: string | null}>(
    bench,
    `SELECT (SELECT string_agg(DISTINCT model_name, ', ' ORDER BY model_name) FROM models WHERE ${oneOf('model_name', models, np)}) AS model,
            (SELECT string_agg(DISTINCT hardware_type, ', ' ORDER BY hardware_type) FROM hardware_platforms WHERE ${oneOf('hardware_type', types, np)}) AS hardware`,
    np,
  )
  const counts = await countFactRows(bench, from, conditions, p, 'pr.is_simulated', Boolean(f.includeSimulated))
  return {
    kind: 'trend',
    meta: makeMeta(bench, f, counts, options),
    model: names[0]?.model ?? models.join(', '),
    hardware: names[0]?.hardware ?? types.join(', '),
    metric: metric.name,
    metricLabel: metric.label,
    unit: metric.unit,
    higherIsBetter: metric.higherIsBetter,
    series,
    undatedPoints: series.reduce((n, s) => n + s.points.filter((x) => x.measuredAt === null).length, 0),
  }
}
