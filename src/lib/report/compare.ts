import type {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {byString, compareHardwareNames, dimensionNames, sortedKeys, type DimensionNames} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {metricInfo, type MetricName} from './metrics.js'
import {metricIndex, scanPerformance, select, type PerfScan} from './perf-scan.js'

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
// Raw-sample quantiles are matched to their groups on every key, so percentiles keep precision.
const PERCENTILE_METRICS = new Set<MetricName>(['p50', 'p90', 'p99'])

export async function compareHardware(bench: BenchDb, options: CompareOptions = {}): Promise<HardwareComparison> {
  const metric = metricInfo(options.metric ?? 'throughput')
  const f = normaliseFilters(options.filters)
  // The hardware filter narrows the output, never the baseline the speed-ups need.
  const scan = await scanPerformance(bench, {...f, hardware: undefined}, {
    metrics: [metric.name], precision: f.precision !== undefined || PERCENTILE_METRICS.has(metric.name), sampleQuantiles: true,
  })
  return comparisonFromScan(bench, {...options, filters: f}, scan, await dimensionNames(bench))
}

/**
 * The comparison from a performance scan made with the same filters except --hardware (the
 * hardware report shares its scan). Values are exact averages over every row with the metric.
 */
export function comparisonFromScan(bench: BenchDb, options: CompareOptions, scan: PerfScan, names: DimensionNames): HardwareComparison {
  const metric = metricInfo(options.metric ?? 'throughput')
  const baseline = (options.baseline ?? 'cpu').toLowerCase()
  const f = normaliseFilters(options.filters)
  const {used} = select(scan, {...f, includeSimulated: true})
  const at = metricIndex(scan, metric.name)
  // Per model x hardware type x batch size (precisions and devices of a type merged), identified by
  // one integer from the ranks of model name, hardware type and batch size: the merge key and the
  // output order at once (string keys and a comparator sort cost ~30 ms over 8,000 groups).
  const modelIds = [...names.models.keys()].sort((a, b) => byString(names.models.get(a)!.model, names.models.get(b)!.model) || a - b)
  const modelRank = new Map(modelIds.map((id, i) => [id, i]))
  const types = [...new Set(names.hardware.values())].sort(compareHardwareNames)
  const typeRank = new Map(types.map((t, i) => [t, i]))
  const hardwareRank = new Map([...names.hardware].map(([id, type]) => [id, typeRank.get(type)!]))
  const batches = [...new Set(used.map((g) => g.batchSize))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity))
  const batchRank = new Map(batches.map((b, i) => [b, i]))
  const merged = new Map<number, {model: string; hardware: string; batchSize: number | null; pair: number; sum: number; results: number}>()
  let simulatedExcluded = 0
  for (const g of used) {
    const count = g.count[at]
    if (count === 0) continue
    if (g.simulated && !f.includeSimulated) {
      simulatedExcluded += count
      continue
    }
    const pair = modelRank.get(g.modelId)! * batches.length + batchRank.get(g.batchSize)!
    const key = (modelRank.get(g.modelId)! * types.length + hardwareRank.get(g.hardwareId)!) * batches.length + batchRank.get(g.batchSize)!
    let m = merged.get(key)
    if (!m) {
      m = {model: names.models.get(g.modelId)!.model, hardware: names.hardware.get(g.hardwareId)!, batchSize: g.batchSize, pair, sum: 0, results: 0}
      merged.set(key, m)
    }
    m.sum += g.sum[at]
    m.results += count
  }
  const values = sortedKeys(merged).map((key) => {
    const m = merged.get(key)!
    return {model: m.model, hardware: m.hardware, batchSize: m.batchSize, pair: m.pair, value: m.sum / m.results, results: m.results}
  })
  // The baseline's value per (model, batch size).
  const base = new Map(values.filter((v) => v.hardware === baseline).map((v) => [v.pair, v.value]))
  const wanted = f.hardware?.toLowerCase()
  const rows: ComparisonRow[] = values
    .filter((v) => wanted === undefined || v.hardware.toLowerCase() === wanted || v.hardware === baseline)
    .map((v) => {
      const b = base.get(v.pair) ?? null
      const speedup = b === null || b === 0 || v.value === 0 ? null : metric.higherIsBetter ? v.value / b : b / v.value
      return {model: v.model, hardware: v.hardware, batchSize: v.batchSize, value: v.value, results: v.results, baselineValue: b, speedup}
    })
  if (f.model && rows.length === 0) {
    throw new BenchError('data', `no ${metric.label.toLowerCase()} results for model "${f.model}" match these filters`, {
      hint: 'List models with: bench db:query --sql "SELECT model_name FROM models"',
    })
  }
  const hardware = [...new Set(rows.map((r) => r.hardware))].sort(compareHardwareNames)
  const batchSizes = [...new Set(rows.map((r) => r.batchSize))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity))
  const counts = {rowsUsed: values.reduce((s, v) => s + v.results, 0), simulatedExcluded}
  const byHardware = new Map<string, ComparisonRow[]>()
  for (const r of rows) {
    const list = byHardware.get(r.hardware)
    if (list) list.push(r)
    else byHardware.set(r.hardware, [r])
  }
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
    summary: hardware.map((hw) => geometricSummary(hw, byHardware.get(hw) ?? [])),
  }
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
