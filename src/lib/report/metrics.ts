import {BenchError} from '../errors.js'

/** Metrics a comparison or trend can use, with their column, unit and direction. */
export const METRICS = {
  throughput: {column: 'throughput_items_per_second', label: 'Throughput', unit: 'items/s', higherIsBetter: true},
  latency: {column: 'average_latency_ms', label: 'Average latency', unit: 'ms', higherIsBetter: false},
  memory: {column: 'memory_peak_mb', label: 'Peak memory', unit: 'MB', higherIsBetter: false},
  p50: {column: 'latency_p50_ms', label: 'p50 latency', unit: 'ms', higherIsBetter: false, quantile: 0.5},
  p90: {column: 'latency_p90_ms', label: 'p90 latency', unit: 'ms', higherIsBetter: false, quantile: 0.9},
  p99: {column: 'latency_p99_ms', label: 'p99 latency', unit: 'ms', higherIsBetter: false, quantile: 0.99},
} as const

export type MetricName = keyof typeof METRICS

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[]

export function metricInfo(name: string) {
  if (!(name in METRICS)) {
    throw new BenchError('usage', `unknown metric "${name}"`, {expected: `one of ${METRIC_NAMES.join(', ')}`})
  }
  return {name: name as MetricName, ...METRICS[name as MetricName]}
}

/**
 * The SQL of a metric on performance_results `pr`. Percentiles use the stored column and, where a
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
