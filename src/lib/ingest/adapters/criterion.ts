import {detect, validate} from '../../../schema/formats/criterion.js'
import {fileStem, isObject, newDocument, orNull} from '../normalize/document.js'
import {benchmarkModel, cpuHardware, ptr, sampleRows} from '../normalize/harness.js'
import {num, str} from '../normalize/units.js'
import type {AdapterContext, JsonObject, MetricValue, ShapeAdapter} from '../types.js'

type Estimate = {point_estimate: number | null; standard_error?: number | null; confidence_interval?: {lower_bound?: number | null; upper_bound?: number | null; confidence_level?: number | null}}

/** New key -> old (<= 0.3.0) key. */
const KEYS = {mean: 'Mean', median: 'Median', std_dev: 'StdDev', median_abs_dev: 'MedianAbsDev', slope: 'Slope'} as const

/**
 * Criterion.rs: `estimates.json` carries the row; `benchmark.json` beside it names the benchmark
 * (`full_id`: group/function/value) and its throughput per iteration, `sample.json` holds the
 * measured samples (total ns for N iterations each). All three are in `.../<id>/new/` (or `base/`,
 * or a named baseline). Without benchmark.json (a lone estimates.json, or one sent to the API) the
 * name is the directory path under `criterion/` (its `::` already written as `__` by Criterion).
 */
export const criterionAdapter: ShapeAdapter = {
  name: 'criterion',
  category: 'performance',
  priority: 70,
  description: 'Criterion.rs estimates.json (old and new keys) with benchmark.json and sample.json read beside it: mean/median/std_dev/MAD/slope (ns) -> latency ms, samples per iteration, throughput',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, Estimate | null | undefined>
    const get = (k: keyof typeof KEYS): {e: Estimate; key: string} | null => {
      const e = d[k] ?? d[KEYS[k]]
      // An estimate whose point_estimate is null was not measured: the row keeps the others.
      return isObject(e) ? {e, key: k in d ? k : KEYS[k]} : null
    }
    const id = ctx.readSibling?.('benchmark.json')
    const bench = isObject(id) && typeof id.full_id === 'string' ? id : null
    const where = pathName(ctx)
    const name = bench ? (bench.full_id as string) : where.name
    const out = newDocument({
      testName: name,
      testType: 'benchmark',
      startedAt: null,
      metadata: {tool: 'criterion', fileMtime: ctx.mtime.toISOString(), baseline: where.baseline, nameFrom: bench ? 'benchmark.json' : 'path', ...(bench ? {benchmark: bench} : {})},
    })
    const mean = get('mean')!
    const ms = (ns: number) => ns / 1e6
    const mv: MetricValue[] = []
    const metrics: JsonObject = {}
    for (const [k, metric] of [['median', 'latency_median'], ['std_dev', 'latency_stddev'], ['median_abs_dev', 'latency_mad'], ['slope', 'latency_slope']] as const) {
      const g = get(k)
      if (!g || typeof g.e.point_estimate !== 'number') continue
      // The slope (time per iteration by linear regression) is not a statistic of the catalogue: a custom time, lower is better.
      mv.push({metric, value: ms(g.e.point_estimate), unit: 'ms', higherIsBetter: k === 'slope' ? false : undefined, pointer: ptr(g.key, 'point_estimate')})
      if (typeof g.e.standard_error === 'number') metrics[`${k}StandardErrorMs`] = ms(g.e.standard_error)
    }
    const ci = mean.e.confidence_interval ?? {}
    if (typeof ci.lower_bound === 'number') mv.push({metric: 'latency_ci_lower', value: ms(ci.lower_bound), unit: 'ms', pointer: ptr(mean.key, 'confidence_interval', 'lower_bound')})
    if (typeof ci.upper_bound === 'number') mv.push({metric: 'latency_ci_upper', value: ms(ci.upper_bound), unit: 'ms', pointer: ptr(mean.key, 'confidence_interval', 'upper_bound')})
    if (typeof ci.confidence_level === 'number') metrics.confidenceLevel = ci.confidence_level
    if (typeof mean.e.standard_error === 'number') metrics.meanStandardErrorMs = ms(mean.e.standard_error)
    const meanNs = typeof mean.e.point_estimate === 'number' ? mean.e.point_estimate : null
    const seconds = meanNs === null ? 0 : meanNs / 1e9
    const tp = bench && isObject(bench.throughput) ? bench.throughput : null
    if (tp && seconds > 0) {
      const elements = num(tp.Elements)
      const bytes = num(tp.Bytes) ?? num(tp.BytesDecimal)
      if (elements !== null) mv.push({metric: 'throughput', value: elements / seconds, unit: 'items/s', pointer: null})
      if (bytes !== null) mv.push({metric: 'bytes_per_second', value: bytes / seconds / 1e6, unit: 'MB/s', pointer: null})
    }
    const samples = perIterationMs(ctx.readSibling?.('sample.json'))
    if (samples) metrics.samplingMode = samples.mode
    out.performance.push({
      model: benchmarkModel(name, 'criterion', orNull({...(bench ? {groupId: bench.group_id, functionId: bench.function_id ?? null, valueStr: bench.value_str ?? null} : {nameSource: 'path'})})),
      hardware: cpuHardware(null),
      averageLatencyMs: meanNs === null ? null : ms(meanNs),
      iterations: samples ? samples.values.length : null,
      ...(samples ? sampleRows(samples.values) : {}),
      metricValues: mv,
      metrics: orNull(metrics),
      simulated: false,
    })
    return out
  },
}

/** Per-iteration times (ms) from sample.json: each sample's total time over its iteration count. */
function perIterationMs(raw: unknown): {values: number[]; mode: string} | null {
  let iters: unknown
  let times: unknown
  let mode = 'Linear'
  if (Array.isArray(raw) && raw.length === 2) [iters, times] = raw
  else if (isObject(raw)) {
    iters = raw.iters
    times = raw.times
    mode = str(raw.sampling_mode) ?? mode
  }
  if (!Array.isArray(iters) || !Array.isArray(times) || iters.length !== times.length || iters.length === 0) return null
  const values: number[] = []
  for (let i = 0; i < iters.length; i++) {
    const n = iters[i]
    const t = times[i]
    if (typeof n !== 'number' || typeof t !== 'number' || !(n > 0)) return null
    values.push(t / n / 1e6)
  }
  return {values, mode}
}

/**
 * `.../criterion/<group>/<function>/<value>/new/estimates.json` -> `<group>/<function>/<value>`,
 * and the baseline (`new`); `<dir>/new/estimates.json` outside a `criterion` directory -> `<dir>`.
 * A document with no such path (sent to the API: `submitted/<sha256>.json`) is named by its file
 * name, so it is its own series rather than merged with every other unnamed benchmark.
 */
function pathName(ctx: AdapterContext): {name: string; baseline: string | null} {
  const parts = ctx.path.split(/[\\/]/).filter((p) => p !== '')
  const file = parts.pop()
  if (file !== 'estimates.json' || parts.length < 2) return {name: fileStem(ctx), baseline: null}
  const baseline = parts.pop()!
  const at = parts.lastIndexOf('criterion')
  return {name: (at >= 0 && at < parts.length - 1 ? parts.slice(at + 1) : parts.slice(-1)).join('/'), baseline}
}
