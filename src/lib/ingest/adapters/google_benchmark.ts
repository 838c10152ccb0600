import {resolveMetric, STATISTICS} from '../../metrics/catalogue.js'
import {toMs} from '../../metrics/units.js'
import {detect, validate} from '../../../schema/formats/google_benchmark.js'
import {fileStem, newDocument, orNull, rest} from '../normalize/document.js'
import {benchmarkModel, cpuHardware, int32, ptr, sampleRows} from '../normalize/harness.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, MetricValue, NormalizedDocument, ShapeAdapter} from '../types.js'

type Entry = Record<string, unknown> & {name: string}
interface Indexed {
  e: Entry
  i: number
}

/** Keys every row has; any other numeric key is a user counter (state.counters[...]). */
const FIXED = [
  'name', 'run_name', 'run_type', 'repetitions', 'repetition_index', 'threads', 'iterations', 'real_time', 'cpu_time',
  'time_unit', 'family_index', 'per_family_instance_index', 'aggregate_name', 'aggregate_unit', 'label', 'error_occurred',
  'error_message', 'big_o', 'cpu_coefficient', 'real_coefficient', 'rms', 'skipped',
] as const
const FIXED_SET = new Set<string>(FIXED)
const OLD_AGGREGATE = /_(mean|median|stddev|cv)$/

/**
 * Google Benchmark: one row per benchmark run name (the name with its arguments, e.g.
 * `BM_Copy/8/threads:2`). Repetitions are that row's samples; aggregates (`_mean`, `_median`,
 * `_stddev`, `_cv`, user statistics) are its statistics, never rows of their own; when a file holds
 * only aggregates (`--benchmark_report_aggregates_only`), the mean aggregate is the latency.
 */
export const googleBenchmarkAdapter: ShapeAdapter = {
  name: 'google_benchmark',
  category: 'performance',
  priority: 70,
  description: 'Google Benchmark JSON (--benchmark_format=json / --benchmark_out): one row per run name, real_time -> latency ms, cpu_time -> cpu_time ms, repetitions as samples, aggregates as statistics, counters as metrics, context as run context',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as {context?: Record<string, unknown>; benchmarks: Entry[]}
    const c = d.context ?? {}
    const startedAt = toIsoUtc(c.date)
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'benchmark',
      startedAt,
      machine: str(c.host_name),
      commandLine: str(c.executable),
      metadata: {tool: 'google-benchmark', context: c, ...(startedAt ? {} : {fileMtime: ctx.mtime.toISOString()})},
    })
    const hardware = cpuHardware(null, orNull({numCpus: c.num_cpus ?? null, mhzPerCpu: c.mhz_per_cpu ?? null}))
    const names = new Set(d.benchmarks.map((b) => b.name))
    const groups = new Map<string, {reps: Indexed[]; aggs: Map<string, Indexed>}>()
    d.benchmarks.forEach((e, i) => {
      if (e.error_occurred === true || e.skipped === true) {
        out.unmapped!.push({pointer: ptr('benchmarks', i), reason: `benchmark reported an error: ${str(e.error_message) ?? 'no message'}`})
        return
      }
      const {run, aggregate} = identify(e, names)
      let g = groups.get(run)
      if (!g) groups.set(run, (g = {reps: [], aggs: new Map()}))
      if (aggregate) g.aggs.set(aggregate, {e, i})
      else g.reps.push({e, i})
    })
    for (const [run, g] of groups) addRow(out, run, g.reps, g.aggs, hardware)
    return out
  },
}

/** The run name a row belongs to and, for an aggregate, which statistic it is. */
function identify(e: Entry, names: Set<string>): {run: string; aggregate: string | null} {
  // An aggregate names its statistic; a writer that leaves run_type out still writes aggregate_name.
  if (e.run_type === 'aggregate' || (e.run_type === undefined && typeof e.aggregate_name === 'string')) {
    const agg = str(e.aggregate_name) ?? e.name.slice(e.name.lastIndexOf('_') + 1)
    return {run: str(e.run_name) ?? (e.name.endsWith(`_${agg}`) ? e.name.slice(0, -agg.length - 1) : e.name), aggregate: agg}
  }
  if (e.run_type === 'iteration') return {run: str(e.run_name) ?? e.name, aggregate: null}
  // Before run_type (< 1.5), aggregates were told apart only by their suffix next to the repetitions.
  const m = OLD_AGGREGATE.exec(e.name)
  const base = m ? e.name.slice(0, -m[0].length) : null
  if (m && base && names.has(base)) return {run: base, aggregate: m[1]}
  return {run: e.name, aggregate: null}
}

function unitOf(e: Entry): string {
  return str(e.time_unit) ?? 'ns'
}

function addRow(out: NormalizedDocument, run: string, reps: Indexed[], aggs: Map<string, Indexed>, hardware: ReturnType<typeof cpuHardware>): void {
  const mv: MetricValue[] = []
  const metrics: JsonObject = {}
  const mean = aggs.get('mean')
  const realMs = (x: Indexed) => toMs(num(x.e.real_time) ?? NaN, unitOf(x.e))
  const cpuMs = (x: Indexed) => toMs(num(x.e.cpu_time) ?? NaN, unitOf(x.e))
  const finite = (v: number | null): v is number => v !== null && Number.isFinite(v)
  const repReal = reps.map(realMs).filter(finite)
  const repCpu = reps.map(cpuMs).filter(finite)
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)
  // The tool's own mean when it computed one; else the repetitions' mean (a single run: its value).
  let latency: number | null = mean ? realMs(mean) : avg(repReal)
  if (latency !== null && !Number.isFinite(latency)) latency = null
  const cpu = mean ? cpuMs(mean) : avg(repCpu)
  if (finite(cpu)) mv.push({metric: 'cpu_time', value: cpu, unit: 'ms', pointer: mean ? ptr('benchmarks', mean.i, 'cpu_time') : reps.length === 1 ? ptr('benchmarks', reps[0].i, 'cpu_time') : null})
  for (const [name, a] of aggs) {
    if (name === 'mean') continue
    if (name === 'BigO' || name === 'RMS') {
      addComplexity(a, mv, metrics)
      continue
    }
    // cv is a ratio (aggregate_unit "percentage" holds a fraction), every other statistic a time.
    const isRatio = name === 'cv' || a.e.aggregate_unit === 'percentage'
    const stat = STATISTICS[name] ? name : null
    for (const [field, base] of [['real_time', 'latency'], ['cpu_time', 'cpu_time']] as const) {
      const raw = num(a.e[field])
      if (raw === null) continue
      const value = isRatio ? raw : toMs(raw, unitOf(a.e))
      if (value === null) continue
      mv.push({metric: `${base}_${stat ?? name}`, value, unit: isRatio ? 'ratio' : 'ms', higherIsBetter: stat ? undefined : null, pointer: ptr('benchmarks', a.i, field)})
    }
  }
  // User counters: the mean aggregate's value when there is one, else the repetitions' mean.
  const counterSource = mean ? [mean] : reps
  const counterNames = new Set(counterSource.flatMap((x) => Object.keys(x.e).filter((k) => !FIXED_SET.has(k) && num(x.e[k]) !== null)))
  for (const k of counterNames) {
    const v = avg(counterSource.map((x) => num(x.e[k])).filter(finite))
    if (v === null) continue
    mv.push({...counterMetric(k, v), samples: !mean && reps.length > 1 ? reps.map((x) => num(x.e[k])).filter(finite) : null, pointer: counterSource.length === 1 ? ptr('benchmarks', counterSource[0].i, k) : null})
  }
  const first = (reps[0] ?? mean ?? [...aggs.values()][0]).e
  Object.assign(metrics, rest(first, [...FIXED.filter((k) => k !== 'label' && k !== 'threads' && k !== 'repetitions' && k !== 'family_index' && k !== 'per_family_instance_index'), ...counterNames]))
  if (reps.length > 1) metrics.repetitionsStored = reps.length
  out.performance.push({
    model: benchmarkModel(run, 'google-benchmark'),
    hardware,
    averageLatencyMs: latency,
    iterations: int32(first.iterations),
    ...(repReal.length > 1 ? sampleRows(repReal) : {}),
    metricValues: mv,
    metrics: orNull(metrics),
    simulated: false,
  })
}

/** A complexity fit (`benchmark->Complexity()`): coefficients are times per unit of N, RMS a ratio. */
function addComplexity(a: Indexed, mv: MetricValue[], metrics: JsonObject): void {
  const unit = unitOf(a.e)
  for (const [field, metric] of [['real_coefficient', 'complexity_coefficient'], ['cpu_coefficient', 'complexity_cpu_coefficient']] as const) {
    const v = num(a.e[field])
    const ms = v === null ? null : toMs(v, unit)
    if (ms !== null) mv.push({metric, value: ms, unit: 'ms', higherIsBetter: false, pointer: ptr('benchmarks', a.i, field)})
  }
  const rms = num(a.e.rms)
  if (rms !== null) mv.push({metric: 'complexity_rms', value: rms, unit: 'ratio', higherIsBetter: false, pointer: ptr('benchmarks', a.i, 'rms')})
  if (str(a.e.big_o)) metrics.bigO = a.e.big_o as string
}

/**
 * A user counter as a metric. The rate counters the library names itself map to the catalogue
 * (`items_per_second` is items/s throughput, `bytes_per_second` becomes MB/s); any other counter
 * keeps its own name (prefixed `counter.` when it would collide with a catalogued name, whose unit
 * it may not share). Its direction: higher is better for rates (names ending in `per_second`, `_rate` or `/s`),
 * otherwise unknown (null): stored and shown, never judged by regression detection.
 */
function counterMetric(name: string, value: number): Pick<MetricValue, 'metric' | 'value' | 'unit' | 'higherIsBetter'> {
  if (name === 'items_per_second') return {metric: 'throughput', value, unit: 'items/s'}
  if (name === 'bytes_per_second') return {metric: 'bytes_per_second', value: value / 1e6, unit: 'MB/s'}
  const rate = /(per_second|_rate|\/s)$/i.test(name)
  return {metric: resolveMetric(name) ? `counter.${name}` : name, value, unit: rate ? '1/s' : 'count', higherIsBetter: rate ? true : null}
}
