import type {Database} from '../db/connection.js'
import {BenchError} from '../errors.js'
import {metricNames, resolveMetric} from '../metrics/catalogue.js'

/**
 * The metric db:compare judges: any metric of the catalogue (or its alias), or a custom metric
 * stored in result_metrics with a direction, read from the metric_values view. The short names of
 * earlier versions (p50, p90, p99, memory) stay valid.
 */

export interface MetricSpec {
  /** metric_values.metric. */
  name: string
  label: string
  unit: string
  better: 'higher' | 'lower'
  /**
   * Where per-iteration samples of the metric come from: performance_batch_results latencies as
   * they are (`latency`) or as batch_size * 1000 / latency_ms (`throughput`), the samples JSON of
   * result_metrics (`json`), or none (tail percentiles and peak memory are not per-iteration values).
   */
  samples: 'latency' | 'throughput' | 'json' | 'none'
}

/** Names of earlier versions of `--metric`. */
const SHORT_NAMES: Record<string, string> = {p50: 'latency_p50', p90: 'latency_p90', p99: 'latency_p99', memory: 'memory_peak'}

/** What `--metric` suggests: the short names and the catalogue. */
export const METRIC_NAMES: readonly string[] = [...Object.keys(SHORT_NAMES), ...metricNames()]

const SAMPLES: Record<string, MetricSpec['samples']> = {throughput: 'throughput', latency: 'latency', latency_p50: 'latency'}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]
}

export function closest(text: string, candidates: readonly string[]): string | null {
  let best: string | null = null
  let bestD = Infinity
  for (const c of candidates) {
    const d = distance(text.toLowerCase(), c.toLowerCase())
    if (d < bestD) [best, bestD] = [c, d]
  }
  return best !== null && bestD <= Math.max(2, Math.floor(text.length / 3)) ? best : null
}

/** Resolves `--metric` against the catalogue, then the custom metrics in the database; unknown names are usage errors. */
export async function resolveCompareMetric(db: Database, text: string): Promise<MetricSpec> {
  const wanted = text.trim()
  const known = resolveMetric(SHORT_NAMES[wanted.toLowerCase()] ?? wanted)
  if (known) {
    if (known.direction === null) {
      throw new BenchError('usage', `metric "${wanted}" (${known.name}) has no better direction, so it cannot regress`, {
        hint: `Compare the metric itself, e.g. --metric ${known.entry.name}.`,
      })
    }
    const label = known.statistic && known.name !== known.entry.name ? `${known.entry.label} ${known.statistic}` : known.entry.label
    return {name: known.name, label, unit: known.entry.unit, better: known.direction, samples: SAMPLES[known.name] ?? 'json'}
  }
  const custom = await db.all<{metric: string; unit: string; higher: boolean | null}>(
    `SELECT metric, any_value(unit) AS unit, bool_or(higher_is_better) AS higher FROM result_metrics WHERE lower(metric) = lower(?) GROUP BY metric`,
    [wanted],
  )
  if (custom.length && custom[0].higher !== null) {
    const c = custom[0]
    return {name: c.metric, label: c.metric, unit: c.unit, better: c.higher ? 'higher' : 'lower', samples: 'json'}
  }
  if (custom.length) {
    throw new BenchError('usage', `metric "${wanted}" has no recorded direction (higher_is_better is empty), so a regression is undefined`)
  }
  const stored = (await db.all<{metric: string}>(`SELECT DISTINCT metric FROM result_metrics`)).map((r) => r.metric)
  const suggestion = closest(wanted, [...METRIC_NAMES, ...stored])
  throw new BenchError('usage', `unknown metric "${wanted}"`, {
    expected: `a metric of the catalogue (${METRIC_NAMES.slice(0, 12).join(', ')}, ...) or one stored in result_metrics`,
    hint: suggestion ? `Did you mean --metric ${suggestion}?` : 'List the stored metrics with `bench db:query --sql "SELECT DISTINCT metric FROM metric_values"`.',
  })
}
