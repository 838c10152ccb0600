import type {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {byString, compareHardwareNames, dimensionNames, type DimensionNames} from './common.js'
import {filterNames, matchesNames, normaliseFilters, singleName, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {scanMetricValues} from './metric-scan.js'
import {metricInfo, type MetricName, type ReportMetric} from './metrics.js'
import {metricIndex, scanPerformance, select, type PerfScan} from './perf-scan.js'
import {pairBaseline, type Pairing} from './pairing.js'
import {seriesLabels} from './series-label.js'

/**
 * The metric of one series (model x hardware type and device x machine x precision x batch size)
 * against the baseline hardware's series it was paired with (see pairing.ts).
 */
export interface ComparisonRow {
  model: string
  /** The series' name without model and batch size: hardware type plus the device, machine and precision where they differ between rows. */
  series: string
  hardware: string
  device: string | null
  machine: string | null
  /** null: the file gave no precision ("unspecified", a value of its own). */
  precision: string | null
  batchSize: number | null
  /** Average of the metric over the series' results. */
  value: number
  results: number
  baselineValue: number | null
  baselineDevice: string | null
  baselineMachine: string | null
  baselinePrecision: string | null
  /** How the baseline was chosen: same precision, another precision (said so), ambiguous or none. */
  pairing: Pairing
  /** > 1 means better than the baseline (faster, or less memory); null without a (single) baseline value. */
  speedup: number | null
}

/** Geometric mean speed-up of one hardware type over the models that have a baseline to compare with. */
export interface HardwareSpeedup {
  hardware: string
  speedup: number | null
  /** Models behind the mean. */
  models: number
  /** Paired series behind the mean. */
  pairs: number
  /** Of those, pairs whose baseline has another precision (each row says which). */
  crossPrecisionPairs: number
}

export interface HardwareComparison {
  kind: 'comparison'
  meta: ResultMeta
  metric: string
  metricLabel: string
  unit: string
  higherIsBetter: boolean
  baseline: string
  /** What was compared: one model, a family, or every model the filters allow. */
  /** One model or family named, or (`models`, `families`) several: any of them. */
  scope: {model: string | null; family: string | null; models?: string[]; families?: string[]}
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
 * Value per series for a model (or each model of a family, or all models), the speed-up against
 * the baseline hardware's series paired with it, and per hardware type the geometric mean
 * speed-up: first over a model's pairs, then over models, so each model weighs the same. Two
 * series are never averaged together: precisions, devices and machines stay apart.
 */
export async function compareHardware(bench: BenchDb, options: CompareOptions = {}): Promise<HardwareComparison> {
  const metric = comparableMetric(options.metric)
  const f = normaliseFilters(options.filters)
  // The hardware filter narrows the output, never the baseline the speed-ups need.
  const scope = {...f, hardware: undefined}
  const scan = metric.scan
    ? await scanPerformance(bench, scope, {metrics: [metric.scan], machine: true, sampleQuantiles: true})
    : await scanMetricValues(bench, scope, metric)
  return comparisonFromScan(bench, {...options, filters: f}, scan, await dimensionNames(bench))
}

function comparableMetric(name: string | undefined): ReportMetric & {higherIsBetter: boolean} {
  const metric = metricInfo(name ?? 'throughput')
  if (metric.higherIsBetter === null) {
    throw new BenchError('usage', `"${metric.name}" has no better direction, so it has no speed-up`, {
      hint: `Compare the metric itself (e.g. ${metric.name.replace(/_(stddev|mad|cv)$/, '')}), or use --trend to see it over time.`,
    })
  }
  return metric as ReportMetric & {higherIsBetter: boolean}
}

interface Series {
  modelId: number
  model: string
  hardware: string
  device: string | null
  machine: string | null
  precision: string | null
  batchSize: number | null
  simulated: boolean
  sum: number
  results: number
}

/**
 * The comparison from a scan with machine, batch size and precision keys, made with the same
 * filters except --hardware (the hardware report shares its scan).
 */
export function comparisonFromScan(bench: BenchDb, options: CompareOptions, scan: PerfScan, names: DimensionNames): HardwareComparison {
  const metric = comparableMetric(options.metric)
  const baseline = (options.baseline ?? 'cpu').toLowerCase()
  const f = normaliseFilters(options.filters)
  const {used} = select(scan, {...f, includeSimulated: true})
  const at = metricIndex(scan, metric.scan ?? metric.name)
  const merged = new Map<string, Series>()
  let simulatedExcluded = 0
  for (const g of used) {
    const count = g.count[at]
    if (count === 0) continue
    if (g.simulated && !f.includeSimulated) {
      simulatedExcluded += count
      continue
    }
    // Groups of one series (a rollup read as stored may hold a few) merge by sums and counts.
    const key = `${g.modelId}\u0000${g.hardwareId}\u0000${g.machine}\u0000${g.batchSize}\u0000${g.precision}\u0000${g.simulated}`
    let s = merged.get(key)
    if (!s) {
      s = {
        modelId: g.modelId, model: names.models.get(g.modelId)!.model, hardware: names.hardware.get(g.hardwareId)!, device: names.devices.get(g.hardwareId) ?? null,
        machine: g.machine, precision: g.precision, batchSize: g.batchSize, simulated: g.simulated, sum: 0, results: 0,
      }
      merged.set(key, s)
    }
    s.sum += g.sum[at]
    s.results += count
  }
  const series = [...merged.values()].sort(seriesOrder)
  // The baseline type's series per model and batch size: the candidates of every pairing.
  const candidates = new Map<string, Series[]>()
  for (const s of series) {
    if (s.hardware.toLowerCase() !== baseline) continue
    const k = `${s.modelId}\u0000${s.batchSize}`
    const list = candidates.get(k)
    if (list) list.push(s)
    else candidates.set(k, [s])
  }
  const valueOf = (s: Series) => s.sum / s.results
  const rows: ComparisonRow[] = series
    .filter((s) => matchesNames(s.hardware, f.hardware) || s.hardware.toLowerCase() === baseline)
    .map((s) => {
      const value = valueOf(s)
      const own = s.hardware.toLowerCase() === baseline
      const pick = own ? {pairing: 'same-precision' as const, with: s} : pairBaseline(s, candidates.get(`${s.modelId}\u0000${s.batchSize}`) ?? [])
      const b = pick.with ? valueOf(pick.with) : null
      const speedup = b === null || b === 0 || value === 0 ? null : metric.higherIsBetter ? value / b : b / value
      return {
        model: s.model, series: '', hardware: s.hardware, device: s.device, machine: s.machine, precision: s.precision, batchSize: s.batchSize,
        value, results: s.results, baselineValue: b, baselineDevice: pick.with?.device ?? null, baselineMachine: pick.with?.machine ?? null,
        baselinePrecision: pick.with?.precision ?? null, pairing: pick.pairing, speedup,
      }
    })
  seriesLabels(rows.map(({hardware, device, machine, precision}) => ({hardware, device, machine, precision})), ['hardware'])
    .forEach((label, i) => (rows[i].series = label))
  const models = filterNames(f.model)
  if (models && rows.length === 0) {
    const named = models.map((m) => `"${m}"`).join(' or ')
    throw new BenchError('data', `no ${metric.label.toLowerCase()} results for model ${named} match these filters`, {
      hint: 'List models with: bench db:query --sql "SELECT model_name FROM models"',
    })
  }
  const hardware = [...new Set(rows.map((r) => r.hardware))].sort(compareHardwareNames)
  const batchSizes = [...new Set(rows.map((r) => r.batchSize))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity))
  const counts = {rowsUsed: series.reduce((n, s) => n + s.results, 0), simulatedExcluded}
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
    scope: comparisonScope(f),
    hardware,
    batchSizes,
    rows,
    summary: hardware.map((hw) => geometricSummary(hw, byHardware.get(hw) ?? [])),
  }
}

/**
 * What the comparison covers: one model (per-series bars), else the models or families named (the
 * geometric mean per hardware, like a family). `models`/`families` list them when several were named.
 */
function comparisonScope(f: ReportFilters): HardwareComparison['scope'] {
  const models = filterNames(f.model)
  const families = filterNames(f.family)
  if (models) return {model: singleName(f.model), family: null, ...(models.length > 1 ? {models} : {})}
  return {model: null, family: singleName(f.family), ...(families && families.length > 1 ? {families} : {})}
}

const nullsLast = <T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : cmp(a, b))

/** Output order: model, hardware type (canonical order), device, machine, precision, batch size. */
function seriesOrder(a: Series, b: Series): number {
  return byString(a.model, b.model) || a.modelId - b.modelId || compareHardwareNames(a.hardware, b.hardware) ||
    nullsLast(a.device, b.device, byString) || nullsLast(a.machine, b.machine, byString) || nullsLast(a.precision, b.precision, byString) ||
    nullsLast(a.batchSize, b.batchSize, (x, y) => x - y) || Number(a.simulated) - Number(b.simulated)
}

const geomean = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length)

function geometricSummary(hardware: string, rows: ComparisonRow[]): HardwareSpeedup {
  const perModel = new Map<string, number[]>()
  let cross = 0
  for (const r of rows) {
    if (r.speedup === null || !(r.speedup > 0)) continue
    const list = perModel.get(r.model) ?? []
    list.push(r.speedup)
    perModel.set(r.model, list)
    if (r.pairing === 'cross-precision') cross++
  }
  const modelMeans = [...perModel.values()].map(geomean)
  return {
    hardware,
    speedup: modelMeans.length ? geomean(modelMeans) : null,
    models: modelMeans.length,
    pairs: [...perModel.values()].reduce((s, l) => s + l.length, 0),
    crossPrecisionPairs: cross,
  }
}
