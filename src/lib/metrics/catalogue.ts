/**
 * The metric catalogue: every measured quantity benchdb knows, with its unit and which direction is
 * better. One table, used by ingest (where a value is stored), reports (axis labels, never two
 * units on one axis), `--metric` flags and regression detection (the sign of "worse").
 *
 * Storage rule: a value whose meaning is exactly a contract column's (items/s throughput, latency
 * in ms, peak memory in MB ...) goes into that column, so the predecessor's SQL keeps working;
 * every other value goes into `result_metrics` as what it is (tokens/s stays tokens/s). The view
 * `metric_values` reads both as one long table (metric, value, unit), and is what reports read.
 *
 * A metric name may carry a statistic suffix (`ttft_p99`, `latency_median`, `tokens_per_second_stddev`):
 * the entry is the base metric's, the statistic says which summary of the samples it is.
 * Dispersion statistics (stddev, mad, cv, ci bounds) have no better direction.
 */

export type Direction = 'higher' | 'lower'

export interface MetricEntry {
  /** Canonical name (snake_case), what `--metric` takes and `metric_values.metric` holds. */
  name: string
  /** Unit as shown in headers and axes. */
  unit: string
  direction: Direction
  /** A human label for tables and charts (the unit is added by the renderer). */
  label: string
  /** Other names files and users use for it (lower-case). */
  aliases?: string[]
  /** The contract column of performance_results that holds this metric (when it is its exact meaning). */
  column?: string
  /** What kind of quantity: values of one kind (and unit) may share an axis. */
  kind: 'throughput' | 'time' | 'memory' | 'energy' | 'count' | 'ratio' | 'other'
}

export const METRICS: readonly MetricEntry[] = [
  // Throughput: higher is better.
  {name: 'throughput', unit: 'items/s', direction: 'higher', label: 'Throughput', kind: 'throughput', column: 'throughput_items_per_second', aliases: ['throughput_items_per_second', 'items_per_second', 'items/s']},
  {name: 'tokens_per_second', unit: 'tokens/s', direction: 'higher', label: 'Tokens per second', kind: 'throughput', aliases: ['tokens/s', 'tok/s', 't/s', 'token_throughput', 'total_token_throughput']},
  {name: 'output_tokens_per_second', unit: 'tokens/s', direction: 'higher', label: 'Output tokens per second', kind: 'throughput', aliases: ['output_throughput', 'output_token_throughput']},
  {name: 'requests_per_second', unit: 'requests/s', direction: 'higher', label: 'Requests per second', kind: 'throughput', aliases: ['request_throughput', 'req/s', 'requests/s', 'qps']},
  {name: 'samples_per_second', unit: 'samples/s', direction: 'higher', label: 'Samples per second', kind: 'throughput', aliases: ['samples/s', 'samples_per_sec']},
  {name: 'ops_per_second', unit: 'ops/s', direction: 'higher', label: 'Operations per second', kind: 'throughput', aliases: ['ops/s', 'operations_per_second', 'ops']},
  {name: 'bytes_per_second', unit: 'MB/s', direction: 'higher', label: 'Bandwidth', kind: 'throughput', aliases: ['bandwidth', 'mb/s']},
  {name: 'goodput', unit: 'requests/s', direction: 'higher', label: 'Goodput', kind: 'throughput', aliases: ['request_goodput']},
  // Time: lower is better. Always milliseconds.
  {name: 'latency', unit: 'ms', direction: 'lower', label: 'Latency', kind: 'time', column: 'average_latency_ms', aliases: ['average_latency_ms', 'latency_ms', 'mean_latency', 'time', 'time_per_iteration']},
  {name: 'latency_p50', unit: 'ms', direction: 'lower', label: 'Latency p50', kind: 'time', column: 'latency_p50_ms', aliases: ['latency_p50_ms']},
  {name: 'latency_p90', unit: 'ms', direction: 'lower', label: 'Latency p90', kind: 'time', column: 'latency_p90_ms', aliases: ['latency_p90_ms']},
  {name: 'latency_p99', unit: 'ms', direction: 'lower', label: 'Latency p99', kind: 'time', column: 'latency_p99_ms', aliases: ['latency_p99_ms']},
  {name: 'ttft', unit: 'ms', direction: 'lower', label: 'Time to first token', kind: 'time', aliases: ['ttft_ms', 'time_to_first_token']},
  {name: 'tpot', unit: 'ms', direction: 'lower', label: 'Time per output token', kind: 'time', aliases: ['tpot_ms', 'time_per_output_token']},
  {name: 'itl', unit: 'ms', direction: 'lower', label: 'Inter-token latency', kind: 'time', aliases: ['itl_ms', 'inter_token_latency']},
  {name: 'e2el', unit: 'ms', direction: 'lower', label: 'End-to-end latency', kind: 'time', aliases: ['e2el_ms', 'end_to_end_latency']},
  {name: 'cpu_time', unit: 'ms', direction: 'lower', label: 'CPU time', kind: 'time', aliases: ['cpu_time_ms']},
  {name: 'load_time', unit: 'ms', direction: 'lower', label: 'Load time', kind: 'time', aliases: ['load_time_ms']},
  {name: 'initialization_time', unit: 'ms', direction: 'lower', label: 'Initialization time', kind: 'time', aliases: ['initialization_time_ms', 'init_time']},
  {name: 'inference_time', unit: 'ms', direction: 'lower', label: 'Inference time', kind: 'time', aliases: ['inference_time_ms']},
  {name: 'total_time', unit: 's', direction: 'lower', label: 'Total time', kind: 'time', column: 'total_time_seconds', aliases: ['total_time_seconds', 'duration']},
  // Memory: lower is better. Always MB (10^6 bytes where the file gives bytes; MiB stays as labelled by the adapter's docs).
  {name: 'memory_peak', unit: 'MB', direction: 'lower', label: 'Peak memory', kind: 'memory', column: 'memory_peak_mb', aliases: ['memory_peak_mb', 'peak_memory', 'max_memory', 'memory']},
  {name: 'memory_allocated', unit: 'MB', direction: 'lower', label: 'Memory allocated', kind: 'memory', aliases: ['allocated', 'bytes_allocated']},
  {name: 'allocations', unit: 'count', direction: 'lower', label: 'Allocations', kind: 'count', aliases: ['allocs', 'allocs_per_op']},
  // Energy: lower is better.
  {name: 'energy', unit: 'J', direction: 'lower', label: 'Energy', kind: 'energy', aliases: ['energy_j', 'joules']},
  {name: 'power', unit: 'W', direction: 'lower', label: 'Power', kind: 'energy', aliases: ['watts']},
  {name: 'efficiency', unit: 'items/J', direction: 'higher', label: 'Energy efficiency', kind: 'ratio'},
  // Quality.
  {name: 'accuracy', unit: 'ratio', direction: 'higher', label: 'Accuracy', kind: 'ratio', aliases: ['accuracy_rate']},
]

/** Statistic suffixes a metric name may carry, and whether they keep the base metric's direction. */
export const STATISTICS: Readonly<Record<string, {directional: boolean}>> = {
  mean: {directional: true},
  median: {directional: true},
  min: {directional: true},
  max: {directional: true},
  p25: {directional: true}, p50: {directional: true}, p75: {directional: true}, p90: {directional: true},
  p95: {directional: true}, p99: {directional: true}, p999: {directional: true},
  stddev: {directional: false},
  mad: {directional: false},
  cv: {directional: false},
  ci_lower: {directional: true},
  ci_upper: {directional: true},
}

const BY_NAME = new Map<string, MetricEntry>()
for (const m of METRICS) {
  BY_NAME.set(m.name, m)
  for (const a of m.aliases ?? []) if (!BY_NAME.has(a)) BY_NAME.set(a, m)
}
const BY_COLUMN = new Map(METRICS.filter((m) => m.column).map((m) => [m.column!, m]))

export interface ResolvedMetric {
  /** The canonical full name: base name plus `_statistic` unless the statistic is the mean. */
  name: string
  entry: MetricEntry
  statistic: string | null
  /** null for dispersion statistics (a larger stddev is neither better nor worse data). */
  direction: Direction | null
}

/**
 * Resolves a name (canonical, alias, or either with a statistic suffix) to its catalogue entry.
 * Returns null for names the catalogue does not know: callers store those as custom metrics with
 * the unit and direction the file (or the user) gives, never guessed.
 */
export function resolveMetric(name: string): ResolvedMetric | null {
  const key = name.trim().toLowerCase()
  const direct = BY_NAME.get(key)
  if (direct) return {name: direct.name, entry: direct, statistic: null, direction: direct.direction}
  const i = key.lastIndexOf('_')
  if (i > 0) {
    const stat = key.slice(i + 1)
    const base = BY_NAME.get(key.slice(0, i))
    const s = STATISTICS[stat]
    if (base && s) {
      const full = stat === 'mean' ? base.name : `${base.name}_${stat}`
      // A p50/p90/p99 of latency is the contract's own percentile metric.
      const own = BY_NAME.get(full)
      if (own && own !== base) return {name: own.name, entry: own, statistic: stat, direction: own.direction}
      return {name: full, entry: base, statistic: stat, direction: s.directional ? base.direction : null}
    }
  }
  return null
}

/** The catalogue entry of a contract column of performance_results, if it holds one. */
export function metricOfColumn(column: string): MetricEntry | undefined {
  return BY_COLUMN.get(column)
}

/** Every canonical metric name (base names only), for `--metric` help and "did you mean". */
export function metricNames(): string[] {
  return METRICS.map((m) => m.name)
}

/** Whether a larger value of this metric is better; `fallback` for names the catalogue does not know. */
export function higherIsBetter(name: string, fallback: boolean | null = null): boolean | null {
  const r = resolveMetric(name)
  if (!r) return fallback
  return r.direction === null ? null : r.direction === 'higher'
}
