import {detect, validate} from '../../../schema/formats/benchmarkdotnet.js'
import {fileStem, isObject, newDocument, orNull, rest} from '../normalize/document.js'
import {benchmarkModel, cpuHardware, int32, ptr, sampleRows, timeStatistics} from '../normalize/harness.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, MetricValue, ShapeAdapter} from '../types.js'

const STATS_USED = ['Mean', 'Median', 'Min', 'Max', 'StandardDeviation', 'Q1', 'Q3', 'OriginalValues', 'Percentiles', 'N'] as const
const BENCH_USED = ['FullName', 'DisplayInfo', 'Statistics', 'Memory', 'Measurements', 'Parameters'] as const
/** The report title ends with the run's local start time: `Sample.Benchmarks-20200529-164431`. */
const TITLE_TIME = /-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/

/**
 * BenchmarkDotNet: one row per benchmark case and job (`FullName` with its parameters; the job of
 * `DisplayInfo`, e.g. `DefaultJob` or `.NET 6.0`, as the test case), statistics in ns -> ms, the
 * per-iteration OriginalValues as samples; the memory diagnoser's bytes per operation ->
 * `memory_allocated` MB and its GC counts per 1,000 operations as metrics. The host (CPU, OS,
 * runtime) from HostEnvironmentInfo; the time from the report title.
 */
export const benchmarkDotNetAdapter: ShapeAdapter = {
  name: 'benchmarkdotnet',
  category: 'performance',
  priority: 70,
  description: 'BenchmarkDotNet JSON report: one row per FullName+job, Statistics (ns) -> latency ms, OriginalValues samples, percentiles, Memory -> memory_allocated MB and GC counts',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const host = d.HostEnvironmentInfo as Record<string, unknown>
    const m = TITLE_TIME.exec(str(d.Title) ?? '')
    // Local time without a zone: taken as UTC, as every zoneless time (docs/formats.md).
    const startedAt = m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : null
    const out = newDocument({
      testName: str(d.Title) ?? fileStem(ctx),
      testType: 'benchmark',
      startedAt,
      metadata: {tool: 'benchmarkdotnet', host, ...(startedAt ? {} : {fileMtime: ctx.mtime.toISOString()}), ...rest(d, ['Benchmarks', 'HostEnvironmentInfo', 'Title'])},
    })
    const hardware = cpuHardware(str(host.ProcessorName), orNull({logicalCores: host.LogicalCoreCount ?? null, architecture: host.Architecture ?? null}))
    ;(d.Benchmarks as Array<Record<string, unknown>>).forEach((b, i) => {
      const s = isObject(b.Statistics) ? b.Statistics : null
      if (!s) {
        out.unmapped!.push({pointer: ptr('Benchmarks', i, 'Statistics'), reason: 'no statistics (the benchmark failed or did not run)'})
        return
      }
      const at = (k: string) => ptr('Benchmarks', i, 'Statistics', k)
      const pct = isObject(s.Percentiles) ? s.Percentiles : {}
      const t = timeStatistics(
        {mean: num(s.Mean), median: num(s.Median), min: num(s.Min), max: num(s.Max), stddev: num(s.StandardDeviation), p25: num(s.Q1), p75: num(s.Q3), p95: num(pct.P95)},
        'ns',
        {median: at('Median'), min: at('Min'), max: at('Max'), stddev: at('StandardDeviation'), p25: at('Q1'), p75: at('Q3'), p95: at('Percentiles') + '/P95'},
      )
      const mv: MetricValue[] = [...t.metricValues]
      const samples = Array.isArray(s.OriginalValues) ? (s.OriginalValues as number[]).map((v) => v / 1e6) : []
      const fromSamples = sampleRows(samples)
      // The tool's own p50/p90 where it reports them; p99 (which it does not) from the samples.
      const p = (k: string) => (num(pct[k]) === null ? null : num(pct[k])! / 1e6)
      const mem = isObject(b.Memory) ? b.Memory : null
      if (mem) {
        const bytes = num(mem.BytesAllocatedPerOperation)
        if (bytes !== null) mv.push({metric: 'memory_allocated', value: bytes / 1e6, unit: 'MB', pointer: ptr('Benchmarks', i, 'Memory', 'BytesAllocatedPerOperation')})
        const ops = num(mem.TotalOperations)
        for (const g of ['Gen0', 'Gen1', 'Gen2'] as const) {
          const n = num(mem[`${g}Collections`])
          if (n !== null && ops) mv.push({metric: `gc_${g.toLowerCase()}_per_1k_ops`, value: (n / ops) * 1000, unit: 'count', higherIsBetter: false, pointer: ptr('Benchmarks', i, 'Memory', `${g}Collections`)})
        }
      }
      const job = /:\s*(.+)$/.exec(str(b.DisplayInfo) ?? '')
      const params = str(b.Parameters)
      const full = b.FullName as string
      const name = params && !full.includes('(') ? `${full}(${params})` : full
      const metrics: JsonObject = {...rest(s, STATS_USED), ...rest(b, BENCH_USED), ...(Array.isArray(b.Measurements) ? {measurements: b.Measurements.length} : {}), ...(mem ? {memory: mem} : {})}
      out.performance.push({
        model: benchmarkModel(name, 'benchmarkdotnet', orNull({...(params ? {parameters: params} : {}), ...(b.Method ? {method: b.Method} : {})})),
        hardware,
        testCase: job ? job[1] : null,
        averageLatencyMs: t.averageLatencyMs,
        iterations: int32(s.N),
        ...fromSamples,
        latencyP50Ms: p('P50') ?? fromSamples.latencyP50Ms ?? null,
        latencyP90Ms: p('P90') ?? fromSamples.latencyP90Ms ?? null,
        metricValues: mv,
        metrics: orNull(metrics),
        simulated: false,
      })
    })
    return out
  },
}
