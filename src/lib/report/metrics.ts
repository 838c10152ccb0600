import {BenchError} from '../errors.js'

/** Metrics a comparison or trend can use, with their column, unit and direction. */
export const METRICS = {
  throughput: {column: 'throughput_items_per_second', label: 'Throughput', unit: 'items/s', higherIsBetter: true},
  latency: {column: 'average_latency_ms', label: 'Average latency', unit: 'ms', higherIsBetter: false},
  memory: {column: 'memory_peak_mb', label: 'Peak memory', unit: 'MB', higherIsBetter: false},
  p50: {column: 'latency_p50_ms', label: 'p50 latency', unit: 'ms', higherIsBetter: false},
  p90: {column: 'latency_p90_ms', label: 'p90 latency', unit: 'ms', higherIsBetter: false},
  p99: {column: 'latency_p99_ms', label: 'p99 latency', unit: 'ms', higherIsBetter: false},
} as const

export type MetricName = keyof typeof METRICS

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[]

export function metricInfo(name: string) {
  if (!(name in METRICS)) {
    throw new BenchError('usage', `unknown metric "${name}"`, {expected: `one of ${METRIC_NAMES.join(', ')}`})
  }
  return {name: name as MetricName, ...METRICS[name as MetricName]}
}
