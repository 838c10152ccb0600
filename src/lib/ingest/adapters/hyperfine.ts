import {detect, validate} from '../../../schema/formats/hyperfine.js'
import {fileStem, isObject, newDocument, orNull, rest} from '../normalize/document.js'
import {benchmarkModel, cpuHardware, ptr, sampleRows, timeStatistics} from '../normalize/harness.js'
import {num} from '../normalize/units.js'
import type {MetricValue, ShapeAdapter} from '../types.js'

const USED = ['command', 'mean', 'stddev', 'median', 'min', 'max', 'user', 'system', 'times', 'exit_codes', 'parameters'] as const

/**
 * hyperfine: one row per command (the command line as benchmarked, parameter values substituted,
 * or the `--command-name`), times in seconds -> ms, every run's time as a sample. The file carries
 * no date, machine or CPU: the run is undated unless its file name says when (see the context rules).
 */
export const hyperfineAdapter: ShapeAdapter = {
  name: 'hyperfine',
  category: 'performance',
  priority: 70,
  description: 'hyperfine --export-json: one row per command, mean/median/min/max/stddev (s) -> latency ms, user/system CPU time, times[] as samples, exit codes',
  detect,
  validate,
  map(doc, ctx) {
    const results = (doc as {results: Array<Record<string, unknown>>}).results
    const codes = results.flatMap((r) => (Array.isArray(r.exit_codes) ? (r.exit_codes as Array<number | null>) : []))
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'benchmark',
      startedAt: null,
      // Only files from hyperfine >= 1.11 record exit codes; older ones say nothing about success.
      success: codes.length > 0 ? codes.every((c) => c === 0) : null,
      metadata: {tool: 'hyperfine', fileMtime: ctx.mtime.toISOString(), ...rest(doc as Record<string, unknown>, ['results'])},
    })
    const hardware = cpuHardware(null)
    results.forEach((r, i) => {
      const at = (k: string) => ptr('results', i, k)
      const t = timeStatistics({mean: num(r.mean), median: num(r.median), min: num(r.min), max: num(r.max), stddev: num(r.stddev)}, 's', {
        median: at('median'), min: at('min'), max: at('max'), stddev: at('stddev'),
      })
      const mv: MetricValue[] = [...t.metricValues]
      for (const k of ['user', 'system'] as const) {
        const v = num(r[k])
        if (v !== null) mv.push({metric: `${k}_time`, value: v * 1000, unit: 'ms', higherIsBetter: false, pointer: at(k)})
      }
      const timesMs = (r.times as number[]).map((v) => v * 1000)
      const exit = Array.isArray(r.exit_codes) ? (r.exit_codes as Array<number | null>) : null
      const failed = exit ? exit.filter((c) => c !== 0).length : null
      const parameters = isObject(r.parameters) ? r.parameters : null
      // Newer hyperfine records each run's peak RSS: the row's peak memory is their mean (as latency is the mean time).
      const rss = Array.isArray(r.memory_usage_byte) ? (r.memory_usage_byte as number[]) : []
      out.performance.push({
        model: benchmarkModel(r.command as string, 'hyperfine', parameters ? {parameters} : null),
        hardware,
        averageLatencyMs: t.averageLatencyMs,
        memoryPeakMb: rss.length ? rss.reduce((a, b) => a + b, 0) / rss.length / 1e6 : null,
        iterations: timesMs.length,
        ...sampleRows(timesMs),
        metricValues: mv,
        metrics: orNull({...rest(r, USED), ...(exit ? {exitCodes: exit, failedRuns: failed} : {})}),
        simulated: false,
      })
    })
    return out
  },
}
