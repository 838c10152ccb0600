import type {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {byString, compareHardwareNames, queryRows} from './common.js'
import {factConditions, RUN_TIMES} from './scope.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {metricInfo, metricSql, type MetricName} from './metrics.js'
import {Params, whereClause} from './where.js'

/** The metric of one model on one hardware type at one batch size, against the baseline hardware. */
export interface ComparisonRow {
  model: string
  hardware: string
  batchSize: number | null
  /** Average of the metric over the runs that measured it. */
  value: number
  results: number
  baselineValue: number | null
  /** > 1 means better than the baseline (faster, or less memory); null without a baseline value. */
  speedup: number | null
}

/** Geometric mean speed-up of one hardware type over the models that have a baseline to compare with. */
export interface HardwareSpeedup {
  hardware: string
  speedup: number | null
  /** Models behind the mean. */
  models: number
  /** (model, batch size) pairs behind the mean. */
  pairs: number
}

export interface HardwareComparison {
  kind: 'comparison'
  meta: ResultMeta
  metric: MetricName
  metricLabel: string
  unit: string
  higherIsBetter: boolean
  baseline: string
  /** What was compared: one model, a family, or every model the filters allow. */
  scope: {model: string | null; family: string | null}
  hardware: string[]
  batchSizes: (number | null)[]
  rows: ComparisonRow[]
  summary: HardwareSpeedup[]
}

export interface CompareOptions extends MetaOptions {
  metric?: MetricName | string
  baseline?: string
  filters?: ReportFilters
}

/**
 * Value per hardware and batch size for a model (or each model of a family, or all models), the
 * speed-up against the baseline at the same batch size, and per hardware the geometric mean
 * speed-up: first over a model's batch sizes, then over models, so each model weighs the same.
 */
export async function compareHardware(bench: BenchDb, options: CompareOptions = {}): Promise<HardwareComparison> {
  const metric = metricInfo(options.metric ?? 'throughput')
  const baseline = (options.baseline ?? 'cpu').toLowerCase()
  const f = normaliseFilters(options.filters)
  const p = new Params()
  // The hardware filter narrows the output, never the baseline the speed-ups need.
  const ms = metricSql(metric.name)
  const conditions = [...factConditions({...f, hardware: undefined}, 'pr', p, {perf: true}), `${ms.expr} IS NOT NULL`]
  const used = f.includeSimulated ? conditions : [...conditions, 'NOT pr.is_simulated']
  const grouped = await queryRows<Omit<ComparisonRow, 'baselineValue' | 'speedup'>>(
    bench,
    `WITH rt AS (${RUN_TIMES}), agg AS (
       SELECT pr.model_id, pr.hardware_id, pr.batch_size, avg(${ms.expr}) AS value, count(*) AS results
       FROM performance_results pr ${ms.join}, rt ${whereClause(used)} GROUP BY ALL)
     SELECT m.model_name AS model, hp.hardware_type AS hardware, agg.batch_size AS "batchSize", agg.value, agg.results
     FROM agg JOIN models m ON m.model_id = agg.model_id JOIN hardware_platforms hp ON hp.hardware_id = agg.hardware_id`,
    p,
  )
  const simulatedExcluded = f.includeSimulated
    ? 0
    : Number(await bench.db.scalar(`WITH rt AS (${RUN_TIMES}) SELECT count(*) FROM performance_results pr ${ms.join}, rt ${whereClause([...conditions, 'pr.is_simulated'])}`, p.values))
  const values = mergeDevices(grouped)
  const key = (model: string, batch: number | null) => JSON.stringify([model, batch])
  const base = new Map(values.filter((v) => v.hardware === baseline).map((v) => [key(v.model, v.batchSize), v.value]))
  const wanted = f.hardware?.toLowerCase()
  const rows: ComparisonRow[] = values
    .filter((v) => wanted === undefined || v.hardware.toLowerCase() === wanted || v.hardware === baseline)
    .map((v) => {
      const b = base.get(key(v.model, v.batchSize)) ?? null
      const speedup = b === null || b === 0 || v.value === 0 ? null : metric.higherIsBetter ? v.value / b : b / v.value
      return {model: v.model, hardware: v.hardware, batchSize: v.batchSize, value: v.value, results: v.results, baselineValue: b, speedup}
    })
    .sort(
      (a, b) =>
        byString(a.model, b.model) || compareHardwareNames(a.hardware, b.hardware) || (a.batchSize ?? Infinity) - (b.batchSize ?? Infinity),
    )
  if (f.model && rows.length === 0) {
    throw new BenchError('data', `no ${metric.label.toLowerCase()} results for model "${f.model}" match these filters`, {
      hint: 'List models with: bench db:query --sql "SELECT model_name FROM models"',
    })
  }
  const hardware = [...new Set(rows.map((r) => r.hardware))].sort(compareHardwareNames)
  const batchSizes = [...new Set(rows.map((r) => r.batchSize))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity))
  const counts = {rowsUsed: values.reduce((s, v) => s + v.results, 0), simulatedExcluded}
  return {
    kind: 'comparison',
    meta: makeMeta(bench, f, counts, options),
    metric: metric.name,
    metricLabel: metric.label,
    unit: metric.unit,
    higherIsBetter: metric.higherIsBetter,
    baseline,
    scope: {model: f.model ?? null, family: f.model ? null : (f.family ?? null)},
    hardware,
    batchSizes,
    rows,
    summary: hardware.map((hw) => geometricSummary(hw, rows.filter((r) => r.hardware === hw))),
  }
}

/** Two devices of one hardware type are one hardware type here: weighted mean of their values. */
function mergeDevices<T extends {model: string; hardware: string; batchSize: number | null; value: number; results: number}>(rows: T[]): T[] {
  const out = new Map<string, T>()
  for (const r of rows) {
    const key = JSON.stringify([r.model, r.hardware, r.batchSize])
    const prev = out.get(key)
    if (!prev) out.set(key, {...r})
    else {
      prev.value = (prev.value * prev.results + r.value * r.results) / (prev.results + r.results)
      prev.results += r.results
    }
  }
  return [...out.values()]
}

const geomean = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length)

function geometricSummary(hardware: string, rows: ComparisonRow[]): HardwareSpeedup {
  const perModel = new Map<string, number[]>()
  for (const r of rows) {
    if (r.speedup === null || !(r.speedup > 0)) continue
    const list = perModel.get(r.model) ?? []
    list.push(r.speedup)
    perModel.set(r.model, list)
  }
  const modelMeans = [...perModel.values()].map(geomean)
  return {
    hardware,
    speedup: modelMeans.length ? geomean(modelMeans) : null,
    models: modelMeans.length,
    pairs: [...perModel.values()].reduce((s, l) => s + l.length, 0),
  }
}
