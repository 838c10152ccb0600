/**
 * The metrics db:compare can judge: which performance_results column holds each, which way is
 * better, and whether per-iteration samples (performance_batch_results.latency_ms) measure the
 * same quantity so that Mann-Whitney U can use them.
 */

export type MetricName = 'throughput' | 'latency' | 'p50' | 'p90' | 'p99' | 'memory'

export const METRIC_NAMES: readonly MetricName[] = ['throughput', 'latency', 'p50', 'p90', 'p99', 'memory']

export interface MetricSpec {
  name: MetricName
  /** performance_results column. */
  column: string
  label: string
  unit: string
  better: 'higher' | 'lower'
  /**
   * How raw iteration latencies map onto this metric: `latency` as they are, `throughput` as
   * batch_size * 1000 / latency_ms, `none` when they do not measure it. Tail percentiles get
   * `none`: Mann-Whitney U tests a shift of the whole distribution, not of its p99.
   */
  samples: 'latency' | 'throughput' | 'none'
}

export const METRICS: Record<MetricName, MetricSpec> = {
  throughput: {name: 'throughput', column: 'throughput_items_per_second', label: 'Throughput', unit: 'items/s', better: 'higher', samples: 'throughput'},
  latency: {name: 'latency', column: 'average_latency_ms', label: 'Average latency', unit: 'ms', better: 'lower', samples: 'latency'},
  p50: {name: 'p50', column: 'latency_p50_ms', label: 'Latency p50', unit: 'ms', better: 'lower', samples: 'latency'},
  p90: {name: 'p90', column: 'latency_p90_ms', label: 'Latency p90', unit: 'ms', better: 'lower', samples: 'none'},
  p99: {name: 'p99', column: 'latency_p99_ms', label: 'Latency p99', unit: 'ms', better: 'lower', samples: 'none'},
  memory: {name: 'memory', column: 'memory_peak_mb', label: 'Peak memory', unit: 'MB', better: 'lower', samples: 'none'},
}
