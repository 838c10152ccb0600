import {detect, validate} from '../../../schema/formats/asv.js'
import {fileStem, isObject, newDocument, orNull, rest} from '../normalize/document.js'
import {benchmarkModel, cpuHardware, numbersOf, ptr, sampleRows} from '../normalize/harness.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, MetricValue, NormalizedDocument, PerformanceRow, ShapeAdapter} from '../types.js'

/** One benchmark's result as both versions give it (v2's positional arrays by column name). */
interface Entry {
  result: unknown[]
  params: unknown[][]
  stats: Array<Record<string, unknown> | null>
  samples: unknown[]
  startedAt: number | null
  endedAt: number | null
  extra: JsonObject
}

type Kind = 'time' | 'mem' | 'peakmem' | 'track'

/**
 * asv: one row per benchmark and parameter combination (`suite.time_x(n=10, kind='a')`), its
 * environment (`env_name`, else python + requirements) as the test case. The benchmark type comes
 * from `benchmarks.json` (results/ above the machine directory) or the name's prefix: `time_*` in
 * seconds -> latency ms (with the 99 % CI, quartiles and samples), `peakmem_*` bytes ->
 * memory_peak MB, `mem_*` bytes -> object_size MB, `track_*` -> `track` in the benchmark's unit
 * (lower is better, asv's own convention). null and NaN results (failed, skipped) are no rows.
 */
export const asvAdapter: ShapeAdapter = {
  name: 'asv',
  category: 'performance',
  priority: 70,
  nonFiniteLiterals: true,
  description: 'airspeed velocity results (v1 flat/dict, v2 result_columns) with machine.json and ../benchmarks.json read beside them; time -> latency ms, peakmem -> memory_peak MB, mem -> object_size MB, track -> track',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const params = isObject(d.params) ? d.params : {}
    const machineFile = ctx.readSibling?.('machine.json')
    const machineJson = isObject(machineFile) ? machineFile : {}
    const index = ctx.readSibling?.('../benchmarks.json')
    const benchmarks = isObject(index) ? index : {}
    const requirements = isObject(d.requirements) ? d.requirements : {}
    const env = str(d.env_name) ?? [d.python ? `py${d.python}` : null, ...Object.entries(requirements).map(([k, v]) => `${k}${v ?? ''}`)].filter(Boolean).join('-')
    const commitDate = toIsoUtc(typeof d.date === 'number' ? d.date / 1000 : null)
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'benchmark',
      gitCommit: str(d.commit_hash),
      machine: str(params.machine) ?? str(machineJson.machine),
      tags: env ? {env} : null,
      metadata: {tool: 'asv', commitDate, machineJson: orNull(machineJson), ...rest(d, ['results', 'result_columns', 'commit_hash', 'started_at', 'ended_at'])},
    })
    const hardware = cpuHardware(str(params.cpu) ?? str(machineJson.cpu), orNull({arch: params.arch ?? machineJson.arch ?? null, ram: params.ram ?? machineJson.ram ?? null}))
    const starts: number[] = []
    const ends: number[] = []
    for (const [name, raw] of Object.entries(d.results as Record<string, unknown>)) {
      const e = entryOf(d, name, raw)
      if (e.startedAt !== null) starts.push(e.startedAt)
      if (e.endedAt !== null) ends.push(e.endedAt)
      const meta = isObject(benchmarks[name]) ? (benchmarks[name] as Record<string, unknown>) : {}
      addRows(out, name, e, meta, env || null, hardware)
    }
    // The run's time is when its benchmarks ran; files older than asv 0.3 record only the commit's date.
    const startedAt = starts.length ? toIsoUtc(Math.min(...starts) / 1000) : commitDate
    out.run.startedAt = startedAt
    out.run.completedAt = ends.length ? toIsoUtc(Math.max(...ends) / 1000) : null
    out.run.metadata = {...out.run.metadata, timeFrom: starts.length ? 'started_at' : commitDate ? 'commit date' : null, ...(startedAt ? {} : {fileMtime: ctx.mtime.toISOString()})}
    return out
  },
}

function entryOf(d: Record<string, unknown>, name: string, raw: unknown): Entry {
  const e: Entry = {result: [], params: [], stats: [], samples: [], startedAt: null, endedAt: null, extra: {}}
  if (Array.isArray(d.result_columns)) {
    const cols = d.result_columns as string[]
    const row = Array.isArray(raw) ? raw : []
    const col = (c: string) => {
      const i = cols.indexOf(c)
      return i >= 0 && i < row.length ? row[i] : undefined
    }
    const result = col('result')
    e.result = Array.isArray(result) ? result : [result ?? null]
    e.params = Array.isArray(col('params')) ? (col('params') as unknown[][]) : []
    e.samples = Array.isArray(col('samples')) ? (col('samples') as unknown[]) : []
    const statCols = cols.filter((c) => c.startsWith('stats_'))
    e.stats = e.result.map((_, k) => Object.fromEntries(statCols.map((c) => [c.slice(6), (col(c) as unknown[] | undefined)?.[k] ?? null])))
    const started = num(col('started_at'))
    const duration = num(col('duration'))
    e.startedAt = started
    e.endedAt = started !== null && duration !== null ? started + duration * 1000 : null
    if (col('version') !== undefined) e.extra.version = col('version') as string
    if (duration !== null) e.extra.durationSeconds = duration
    return e
  }
  if (isObject(raw)) {
    e.result = Array.isArray(raw.result) ? raw.result : [raw.result ?? null]
    e.params = Array.isArray(raw.params) ? (raw.params as unknown[][]) : []
    const stats = Array.isArray(raw.stats) ? raw.stats : []
    e.stats = stats.map((s) => (isObject(s) ? flatStats(s) : null))
    e.samples = Array.isArray(raw.samples) ? raw.samples : []
  } else e.result = [raw]
  e.startedAt = num((d.started_at as Record<string, unknown> | undefined)?.[name])
  e.endedAt = num((d.ended_at as Record<string, unknown> | undefined)?.[name])
  const version = (d.benchmark_version as Record<string, unknown> | undefined)?.[name]
  if (version !== undefined) e.extra.version = version as string
  return e
}

/** v1 stats `{ci_99: [a, b], q_25, q_75, ...}` in v2's column names. */
function flatStats(s: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {...s}
  if (Array.isArray(s.ci_99)) {
    out.ci_99_a = s.ci_99[0]
    out.ci_99_b = s.ci_99[1]
    delete out.ci_99
  }
  return out
}

function kindOf(name: string, meta: Record<string, unknown>): Kind | null {
  if (['time', 'mem', 'peakmem', 'track'].includes(meta.type as string)) return meta.type as Kind
  const last = name.split('.').pop() ?? name
  const m = /^(time|timeraw|mem|peakmem|track)_/.exec(last)
  return m ? (m[1] === 'timeraw' ? 'time' : (m[1] as Kind)) : null
}

/** The cartesian product of the parameter lists, in asv's order (itertools.product). */
function combinations(params: unknown[][]): unknown[][] {
  return params.reduce<unknown[][]>((acc, list) => acc.flatMap((c) => (Array.isArray(list) ? list : [list]).map((v) => [...c, v])), [[]])
}

function addRows(out: NormalizedDocument, name: string, e: Entry, meta: Record<string, unknown>, env: string | null, hardware: PerformanceRow['hardware']): void {
  const kind = kindOf(name, meta)
  const combos = combinations(e.params)
  const names = Array.isArray(meta.param_names) ? (meta.param_names as string[]) : e.params.map((_, k) => `param${k + 1}`)
  e.result.forEach((raw, k) => {
    const value = num(raw) ?? raw
    const at = ptr('results', name) + (e.result.length > 1 || e.params.length ? `/result/${k}` : '')
    const label = e.params.length ? `${name}(${(combos[k] ?? []).map((v, j) => `${names[j] ?? `param${j + 1}`}=${v}`).join(', ')})` : name
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      out.unmapped!.push({pointer: at, reason: `${label}: ${value === null ? 'no result (failed or skipped)' : 'not a number'}`})
      return
    }
    if (!kind) {
      out.unmapped!.push({pointer: at, reason: `${label}: benchmark type unknown (no benchmarks.json entry, no time_/mem_/peakmem_/track_ prefix)`})
      return
    }
    const stats = e.stats[k] ?? {}
    const row: PerformanceRow = {
      model: benchmarkModel(label, 'asv', orNull({benchmark: name, ...(e.params.length ? {params: Object.fromEntries((combos[k] ?? []).map((v, j) => [names[j] ?? `param${j + 1}`, v]))} : {})})),
      hardware,
      testCase: env,
      metricValues: [],
      metrics: orNull({...e.extra, ...(e.startedAt !== null ? {startedAt: toIsoUtc(e.startedAt / 1000)} : {}), ...rest(stats, ['ci_99_a', 'ci_99_b', 'q_25', 'q_75']), ...(meta.unit ? {unit: meta.unit} : {})}),
      simulated: false,
    }
    const mv = row.metricValues!
    const unit = str(meta.unit) ?? (kind === 'time' ? 'seconds' : kind === 'track' ? 'unit' : 'bytes')
    if (kind === 'time') {
      const f = unit === 'seconds' ? 1000 : 1
      row.averageLatencyMs = value * f
      for (const [s, metric] of [['ci_99_a', 'latency_ci_lower'], ['ci_99_b', 'latency_ci_upper'], ['q_25', 'latency_p25'], ['q_75', 'latency_p75']] as const) {
        const v = num(stats[s])
        if (v !== null) mv.push({metric, value: v * f, unit: 'ms', pointer: null})
      }
      const raw = Array.isArray(e.samples[k]) ? (e.samples[k] as unknown[]) : []
      const samples = numbersOf(raw, (v) => v * f).values
      if (samples.length > 0) {
        Object.assign(row, sampleRows(samples))
        row.iterations = samples.length
      }
    } else if (kind === 'peakmem') row.memoryPeakMb = value / 1e6
    else if (kind === 'mem') mv.push({metric: 'object_size', value: value / 1e6, unit: 'MB', higherIsBetter: false, pointer: at})
    else mv.push({metric: 'track', value, unit, higherIsBetter: false, pointer: at})
    out.performance.push(row)
  })
}
