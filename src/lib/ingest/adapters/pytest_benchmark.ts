import {detect, validate} from '../../../schema/formats/pytest_benchmark.js'
import {fileStem, isObject, newDocument, orNull, rest} from '../normalize/document.js'
import {benchmarkModel, cpuHardware, int32, numbersOf, ptr, sampleRows, timeStatistics} from '../normalize/harness.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, MetricValue, ShapeAdapter} from '../types.js'

const STATS_USED = ['mean', 'median', 'min', 'max', 'stddev', 'q1', 'q3', 'iqr', 'ops', 'total', 'rounds', 'data'] as const
const BENCH_USED = ['name', 'fullname', 'group', 'stats', 'params', 'param'] as const

export const pytestBenchmarkAdapter: ShapeAdapter = {
  name: 'pytest_benchmark',
  category: 'performance',
  priority: 70,
  description: 'pytest-benchmark --benchmark-json / autosave (2.x-4.x): one row per test (fullname with params), stats in seconds -> ms, data[] samples, commit_info and machine_info as run context',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const machine = isObject(d.machine_info) ? d.machine_info : {}
    const commit = isObject(d.commit_info) ? d.commit_info : {}
    const cpu = isObject(machine.cpu) ? machine.cpu : {}
    const startedAt = toIsoUtc(d.datetime)
    const dirty = typeof commit.dirty === 'boolean' ? commit.dirty : null
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'benchmark',
      startedAt,
      gitCommit: str(commit.id),
      gitBranch: str(commit.branch),
      repository: str(commit.repo) ?? str(commit.project),
      machine: str(machine.node),
      tags: dirty === null ? null : {dirty: String(dirty)},
      metadata: {tool: 'pytest-benchmark', version: d.version ?? null, machineInfo: machine, commitInfo: commit, ...rest(d, ['benchmarks', 'machine_info', 'commit_info', 'datetime', 'version'])},
    })
    // py-cpuinfo spells the brand `brand` (3.x) or `brand_raw` (4.x+).
    const hardware = cpuHardware(str(cpu.brand_raw) ?? str(cpu.brand) ?? str(machine.cpu), orNull({arch: machine.machine ?? null, system: machine.system ?? null}))
    ;(d.benchmarks as Array<Record<string, unknown>>).forEach((b, i) => {
      const s = b.stats as Record<string, unknown>
      const at = (k: string) => ptr('benchmarks', i, 'stats', k)
      const t = timeStatistics(
        {mean: num(s.mean), median: num(s.median), min: num(s.min), max: num(s.max), stddev: num(s.stddev), p25: num(s.q1), p75: num(s.q3)},
        's',
        {median: at('median'), min: at('min'), max: at('max'), stddev: at('stddev'), p25: at('q1'), p75: at('q3')},
      )
      const metricValues: MetricValue[] = [...t.metricValues]
      if (num(s.iqr) !== null) metricValues.push({metric: 'latency_iqr', value: num(s.iqr)! * 1000, unit: 'ms', higherIsBetter: null, pointer: at('iqr')})
      if (num(s.ops) !== null) metricValues.push({metric: 'ops_per_second', value: num(s.ops)!, unit: 'ops/s', pointer: at('ops')})
      const rounds = int32(s.rounds)
      const data = Array.isArray(s.data) ? numbersOf(s.data, (v) => v * 1000) : null
      for (const k of data?.skipped ?? []) out.unmapped!.push({pointer: ptr('benchmarks', i, 'stats', 'data', k), reason: 'not a number: sample skipped'})
      // A trimmed list (fewer samples than rounds) would give wrong percentiles: kept, not used for them.
      const complete = data !== null && data.values.length > 0 && data.skipped.length === 0 && (rounds === null || data.values.length === rounds)
      const metrics: JsonObject = {...rest(s, STATS_USED), ...rest(b, [...BENCH_USED, 'stats'])}
      if (data && !complete && data.values.length > 0) metrics.partialSamplesMs = data.values
      const params = isObject(b.params) ? b.params : null
      out.performance.push({
        model: benchmarkModel(str(b.fullname) ?? str(b.name)!, 'pytest-benchmark', orNull({shortName: b.name, ...(params ? {params} : {}), ...(b.param != null ? {param: b.param} : {})})),
        hardware,
        testCase: str(b.group),
        averageLatencyMs: t.averageLatencyMs,
        totalTimeSeconds: num(s.total),
        iterations: rounds,
        ...(complete ? sampleRows(data!.values) : {}),
        metricValues,
        metrics: orNull(metrics),
        simulated: false,
      })
    })
    if (startedAt === null) out.run.metadata = {...out.run.metadata, fileMtime: ctx.mtime.toISOString()}
    return out
  },
}
