import {BenchError} from '../errors.js'
import {METRICS as CATALOGUE, metricNames, resolveMetric, STATISTICS} from '../metrics/catalogue.js'
import {closest, didYouMean} from '../util/did-you-mean.js'

/**
 * The metrics the performance scan and its rollup sum (contract columns of performance_results).
 * These short names are the rollup's column prefixes (`p99_sum`), not what users type: `--metric`
 * takes any catalogued metric (metricInfo), and the ones below are read through the rollup.
 */
export const METRICS = {
  throughput: {column: 'throughput_items_per_second', label: 'Throughput', unit: 'items/s', higherIsBetter: true},
  latency: {column: 'average_latency_ms', label: 'Average latency', unit: 'ms', higherIsBetter: false},
  memory: {column: 'memory_peak_mb', label: 'Peak memory', unit: 'MB', higherIsBetter: false},
  p50: {column: 'latency_p50_ms', label: 'p50 latency', unit: 'ms', higherIsBetter: false, quantile: 0.5},
  p90: {column: 'latency_p90_ms', label: 'p90 latency', unit: 'ms', higherIsBetter: false, quantile: 0.9},
  p99: {column: 'latency_p99_ms', label: 'p99 latency', unit: 'ms', higherIsBetter: false, quantile: 0.99},
} as const

export type MetricName = keyof typeof METRICS

/** The scan metrics' short names; still accepted by `--metric` (p99 = latency_p99, memory = memory_peak). */
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[]

/** A metric as reports use it: the catalogue's name, label, unit and direction, and where it is read from. */
export interface ReportMetric {
  /** Canonical catalogue name (with its statistic suffix), as `metric_values.metric` holds it. */
  name: string
  label: string
  unit: string
  /** null for dispersion statistics (stddev, cv ...): neither direction is better. */
  higherIsBetter: boolean | null
  /** The scan/rollup metric holding exactly this quantity, or null: then it is read from metric_values. */
  scan: MetricName | null
}

const SCAN_OF_CATALOGUE = new Map<string, MetricName>(
  (Object.entries(METRICS) as [MetricName, {column: string}][]).map(([name, m]) => [CATALOGUE.find((c) => c.column === m.column)!.name, name]),
)
const LEGACY: Record<string, string> = {p50: 'latency_p50', p90: 'latency_p90', p99: 'latency_p99', memory: 'memory_peak'}

/**
 * Resolves what a user typed (`--metric`, `?metric=`): any catalogued metric, its aliases, a
 * statistic suffix (`ttft_p99`, `latency_median`), and the old short names. Anything else is a
 * usage error that says what is close.
 */
export function metricInfo(name: string): ReportMetric {
  const typed = String(name ?? '').trim()
  const r = resolveMetric(LEGACY[typed.toLowerCase()] ?? typed)
  if (!r) {
    const suggestions = closest(typed, [...metricNames(), ...METRIC_NAMES])
    throw new BenchError('usage', `unknown metric "${typed}"${suggestions.length ? `; ${didYouMean(suggestions)}` : ''}`, {
      expected: `a catalogued metric (${metricNames().join(', ')}), optionally with a statistic suffix (_${Object.keys(STATISTICS).join(', _')})`,
      data: {suggestions},
    })
  }
  const statLabel = r.statistic && r.statistic !== 'mean' && r.entry.name !== r.name && !r.entry.label.endsWith(r.statistic) ? ` ${r.statistic}` : ''
  return {
    name: r.name,
    label: r.entry.label + statLabel,
    unit: r.statistic === 'cv' ? 'ratio' : r.entry.unit,
    higherIsBetter: r.direction === null ? null : r.direction === 'higher',
    scan: SCAN_OF_CATALOGUE.get(r.name) ?? null,
  }
}

/**
 * The SQL of a scan metric on performance_results `pr`. Percentiles use the stored column and, where a
 * file stored only raw per-iteration samples, the quantile of those samples
 * (performance_batch_results, linear interpolation), through the returned LEFT JOIN.
 */
export function metricSql(name: MetricName): {expr: string; join: string} {
  const m = METRICS[name] as {column: string; quantile?: number}
  if (m.quantile === undefined) return {expr: `pr.${m.column}`, join: ''}
  return {
    expr: `coalesce(pr.${m.column}, bs.q)`,
    join: `LEFT JOIN (SELECT result_id, quantile_cont(latency_ms, ${m.quantile}) AS q FROM performance_batch_results
             WHERE latency_ms IS NOT NULL GROUP BY result_id) bs ON bs.result_id = pr.result_id`,
  }
}

/**
 * One row per performance result with the metric's value, and every series column (aliases as
 * performance_results: callers write `FROM (<this>) pr`): contract columns (with the raw-sample
 * fallback of percentiles) or metric_values for everything else. `bind` binds the metric's name.
 */
export function metricRowsSql(metric: ReportMetric, bind: (v: string) => string): string {
  const cols = 'pr.result_id, pr.run_id, pr.model_id, pr.hardware_id, pr.batch_size, pr.precision, pr.test_case, pr.is_simulated, pr.created_at'
  if (metric.scan) {
    const ms = metricSql(metric.scan)
    return `SELECT ${cols}, ${ms.expr} AS value FROM performance_results pr ${ms.join} WHERE ${ms.expr} IS NOT NULL`
  }
  return `SELECT ${cols}, mv.value AS value FROM metric_values mv JOIN performance_results pr ON pr.result_id = mv.result_id
    WHERE mv.metric = ${bind(metric.name)} AND mv.value IS NOT NULL`
}
