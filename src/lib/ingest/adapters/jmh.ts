import {toMb, toMs} from '../../metrics/units.js'
import {detect, validate} from '../../../schema/formats/jmh.js'
import {fileStem, isObject, newDocument, orNull, rest} from '../normalize/document.js'
import {benchmarkModel, cpuHardware, int32, ptr, sampleRows} from '../normalize/harness.js'
import {num} from '../normalize/units.js'
import type {JsonObject, MetricValue, PerformanceRow, ShapeAdapter} from '../types.js'

const RUN_KEYS = ['jmhVersion', 'jdkVersion', 'vmName', 'vmVersion', 'jvm', 'jvmArgs'] as const
const USED = ['benchmark', 'mode', 'params', 'primaryMetric', 'secondaryMetrics', ...RUN_KEYS] as const
const METRIC_USED = ['score', 'scoreUnit', 'scoreConfidence', 'scorePercentiles', 'rawData', 'rawDataHistogram'] as const

/** A JMH score in its unit, converted: ops/<time> -> ops/s, <time>/op -> ms, <size>/op -> MB, MB/sec kept. */
interface Converted {
  value: number
  unit: string
  kind: 'rate' | 'time' | 'size' | 'other'
  f: (v: number) => number
}

export function convertScore(unit: string): Omit<Converted, 'value'> {
  const rate = /^ops\/(.+)$/.exec(unit)
  if (rate) {
    const perMs = toMs(1, rate[1])
    if (perMs !== null) return {unit: 'ops/s', kind: 'rate', f: (v) => (v * 1000) / perMs}
  }
  const perOp = /^(.+)\/op$/.exec(unit)
  if (perOp) {
    if (toMs(1, perOp[1]) !== null) return {unit: 'ms', kind: 'time', f: (v) => toMs(v, perOp[1])!}
    if (toMb(1, perOp[1]) !== null) return {unit: 'MB', kind: 'size', f: (v) => toMb(v, perOp[1])!}
  }
  if (/^MB\/s(ec)?$/.test(unit)) return {unit: 'MB/s', kind: 'other', f: (v) => v}
  if (toMs(1, unit) !== null) return {unit: 'ms', kind: 'time', f: (v) => toMs(v, unit)!}
  return {unit: unit === 'counts' || unit === '#' ? 'count' : unit, kind: 'other', f: (v) => v}
}

const PERCENTILE_STAT: Record<string, string> = {'0.0': 'min', '50.0': 'median', '90.0': 'p90', '95.0': 'p95', '99.0': 'p99', '99.9': 'p999', '100.0': 'max'}

/**
 * JMH: one row per benchmark method and parameter set (`Class.method(size=10,type=a)`), its mode
 * (and thread count when not 1) as the test case. thrpt scores become `ops_per_second` (ops/ms etc.
 * converted); avgt/ss/sample scores are time per operation -> `latency` ms, with rawData (one value
 * per measurement iteration and fork) as samples; sample mode's percentiles are the percentiles of
 * individual operations. Secondary metrics (gc profiler, @AuxCounters) are custom metrics, the
 * normalised allocation (`gc.alloc.rate.norm`, B/op) is `memory_allocated` in MB.
 */
export const jmhAdapter: ShapeAdapter = {
  name: 'jmh',
  category: 'performance',
  priority: 70,
  description: 'JMH -rf json: one row per benchmark+params+mode, thrpt -> ops_per_second, avgt/sample/ss -> latency ms, rawData samples, percentiles, secondary metrics (gc) as metrics',
  detect,
  validate,
  map(doc, ctx) {
    const list = doc as Array<Record<string, unknown>>
    const first = list[0]
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'benchmark',
      startedAt: null,
      metadata: {tool: 'jmh', fileMtime: ctx.mtime.toISOString(), ...Object.fromEntries(RUN_KEYS.filter((k) => k in first).map((k) => [k, first[k]]))},
    })
    const hardware = cpuHardware(null)
    list.forEach((b, i) => {
      const pm = b.primaryMetric as Record<string, unknown>
      const primary = readMetric(pm, ptr(i, 'primaryMetric'))
      if (!primary) {
        out.unmapped!.push({pointer: ptr(i, 'primaryMetric', 'score'), reason: `score is not a number (${JSON.stringify(pm.score)}): no result`})
        return
      }
      const mode = b.mode as string
      const row: PerformanceRow = {
        model: benchmarkModel(nameOf(b), 'jmh', isObject(b.params) ? {method: b.benchmark, params: b.params} : null),
        hardware,
        testCase: b.threads !== undefined && b.threads !== 1 ? `${mode}/threads:${b.threads}` : mode,
        iterations: int32(primary.samples.length || null),
        metricValues: [],
        metrics: null,
        simulated: false,
      }
      const mv = row.metricValues!
      if (primary.kind === 'time') {
        row.averageLatencyMs = primary.value
        mv.push(...primary.stats('latency'))
        if (mode === 'sample') {
          // Percentiles of single operations: the contract's own p50/p90/p99.
          const p = (k: string) => primary.percentiles[k] ?? null
          row.latencyP50Ms = p('50.0')
          row.latencyP90Ms = p('90.0')
          row.latencyP99Ms = p('99.0')
        } else Object.assign(row, sampleRows(primary.samples))
      } else if (primary.kind === 'rate') {
        if (primary.value !== null) mv.push({metric: 'ops_per_second', value: primary.value, unit: 'ops/s', samples: primary.samples, pointer: ptr(i, 'primaryMetric', 'score')})
        mv.push(...primary.stats('ops_per_second'))
      } else if (primary.value !== null) {
        mv.push({metric: 'score', value: primary.value, unit: primary.unit, higherIsBetter: null, samples: primary.samples, pointer: ptr(i, 'primaryMetric', 'score')})
      }
      const secondary = isObject(b.secondaryMetrics) ? b.secondaryMetrics : {}
      for (const [name, raw] of Object.entries(secondary)) {
        const m = isObject(raw) ? readMetric(raw, ptr(i, 'secondaryMetrics', name)) : null
        if (!m || m.value === null) {
          out.unmapped!.push({pointer: ptr(i, 'secondaryMetrics', name), reason: 'secondary metric without a numeric score'})
          continue
        }
        mv.push(secondaryValue(name, {...m, value: m.value}, ptr(i, 'secondaryMetrics', name, 'score')))
      }
      row.metrics = orNull({...rest(b, USED), ...(isObject(b.params) ? {params: b.params} : {}), ...restOf(pm), ...(primary.error !== null ? {scoreErrorConverted: primary.error} : {})})
      out.performance.push(row)
    })
    return out
  },
}

/**
 * `Class.method` with its parameters sorted by name: `Class.method(size=10,type=a)`. Sorted, not
 * in file order: the series must not change when a JMH version or a tool rewriting the file
 * orders the params map differently (the native format names benchmarks the same way).
 */
function nameOf(b: Record<string, unknown>): string {
  const params = isObject(b.params) ? Object.entries(b.params).sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)) : []
  return params.length ? `${b.benchmark}(${params.map(([k, v]) => `${k}=${v}`).join(',')})` : (b.benchmark as string)
}

function restOf(pm: Record<string, unknown>): JsonObject {
  const r = rest(pm, METRIC_USED)
  if (Array.isArray(pm.rawDataHistogram)) r.rawDataHistogramForks = pm.rawDataHistogram.length
  return r
}

interface ReadMetric extends Omit<Converted, 'value'> {
  /** null: the score is null (not measured); the row keeps its samples and other statistics. */
  value: number | null
  samples: number[]
  percentiles: Record<string, number>
  error: number | null
  stats(base: string): MetricValue[]
}

function readMetric(m: Record<string, unknown>, at: string): ReadMetric | null {
  const score = num(m.score)
  // "NaN" (JMH could not compute it) is no result; null is a score not measured.
  if (score === null && m.score !== null) return null
  const c = convertScore(m.scoreUnit as string)
  const samples = Array.isArray(m.rawData) ? (m.rawData as unknown[][]).flat().map((v) => num(v)).filter((v): v is number => v !== null).map(c.f) : []
  const percentiles: Record<string, number> = {}
  if (isObject(m.scorePercentiles)) for (const [k, v] of Object.entries(m.scorePercentiles)) if (num(v) !== null) percentiles[k] = c.f(num(v)!)
  const ci = Array.isArray(m.scoreConfidence) ? m.scoreConfidence.map((v) => num(v)) : []
  const scoreError = num(m.scoreError)
  const error = scoreError === null ? null : c.f(scoreError)
  return {
    ...c,
    value: score === null ? null : c.f(score),
    samples,
    percentiles,
    error,
    stats(base) {
      const out: MetricValue[] = []
      for (const [k, stat] of Object.entries(PERCENTILE_STAT)) {
        // p50/p90/p99 of a time in sample mode are the row's columns; the rest are statistics.
        if (percentiles[k] === undefined || (base === 'latency' && ['p90', 'p99'].includes(stat))) continue
        out.push({metric: `${base}_${stat}`, value: percentiles[k], unit: c.unit, pointer: `${at}/scorePercentiles/${k}`})
      }
      const [lo, hi] = ci
      if (lo != null) out.push({metric: `${base}_ci_lower`, value: c.f(lo), unit: c.unit, pointer: `${at}/scoreConfidence/0`})
      if (hi != null) out.push({metric: `${base}_ci_upper`, value: c.f(hi), unit: c.unit, pointer: `${at}/scoreConfidence/1`})
      return out
    },
  }
}

/**
 * A secondary metric under its own name (`·gc.alloc.rate` -> `gc.alloc.rate`). Direction: rates
 * of operations are better higher; times, allocation, GC counts and rates of allocation lower.
 */
function secondaryValue(name: string, m: ReadMetric & {value: number}, pointer: string): MetricValue {
  const clean = name.replace(/^[·\u00b7]/, '')
  if (clean === 'gc.alloc.rate.norm' && m.kind === 'size') return {metric: 'memory_allocated', value: m.value, unit: 'MB', samples: m.samples.length ? m.samples : null, pointer}
  const higher = m.kind === 'rate' ? true : m.kind === 'time' || m.kind === 'size' || clean.startsWith('gc.') ? false : null
  return {metric: clean, value: m.value, unit: m.unit, higherIsBetter: higher, samples: m.samples.length ? m.samples : null, pointer}
}
