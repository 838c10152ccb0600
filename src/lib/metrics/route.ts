import type {MetricValue, PerformanceRow} from '../ingest/types.js'
import {higherIsBetter, resolveMetric} from './catalogue.js'

/** PerformanceRow fields of the contract columns that hold a catalogued metric. */
const FIELD_OF_COLUMN: Record<string, keyof PerformanceRow> = {
  throughput_items_per_second: 'throughputItemsPerSecond',
  average_latency_ms: 'averageLatencyMs',
  latency_p50_ms: 'latencyP50Ms',
  latency_p90_ms: 'latencyP90Ms',
  latency_p99_ms: 'latencyP99Ms',
  memory_peak_mb: 'memoryPeakMb',
  total_time_seconds: 'totalTimeSeconds',
}

export interface ResultMetricRow {
  metric: string
  value: number
  unit: string
  higherIsBetter: boolean | null
  samples: number[] | null
  pointer: string | null
}

/**
 * Splits a row's metricValues between the contract columns and result_metrics: a value whose
 * catalogue entry names a column (and is in that entry's unit) fills that column when the adapter
 * left it empty; a value equal to what the column already holds is not stored twice; everything
 * else becomes a result_metrics row under its canonical name. Returns the row's column values
 * (adapter's own first) and the extra rows.
 */
export function routeMetrics(p: PerformanceRow): {columns: Partial<Record<keyof PerformanceRow, number>>; extra: ResultMetricRow[]} {
  const columns: Partial<Record<keyof PerformanceRow, number>> = {}
  const extra: ResultMetricRow[] = []
  for (const mv of p.metricValues ?? []) {
    if (typeof mv.value !== 'number') continue
    const r = resolveMetric(mv.metric)
    const column = r && r.statistic === null && r.entry.unit === mv.unit ? r.entry.column : undefined
    if (column) {
      const field = FIELD_OF_COLUMN[column]
      const own = p[field] as number | null | undefined
      if (own === null || own === undefined) {
        if (columns[field] === undefined) {
          columns[field] = mv.value
          continue
        }
      } else if (own === mv.value) continue
    }
    extra.push({
      metric: r ? r.name : mv.metric,
      value: mv.value,
      unit: mv.unit,
      higherIsBetter: mv.higherIsBetter ?? higherIsBetter(mv.metric),
      samples: mv.samples && mv.samples.length ? mv.samples : null,
      pointer: mv.pointer ?? null,
    })
  }
  return {columns, extra}
}
