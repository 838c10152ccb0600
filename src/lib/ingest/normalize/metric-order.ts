import {METRICS, resolveMetric, STATISTICS} from '../../metrics/catalogue.js'
import type {MetricValue, NormalizedDocument} from '../types.js'

const ENTRY_RANK = new Map(METRICS.map((m, i) => [m, i]))
const STAT_RANK = new Map(Object.keys(STATISTICS).map((s, i) => [s, i]))

/** Catalogue position of the base metric, then of the statistic (the mean first); custom names after all catalogued ones. */
function rank(v: MetricValue): [number, number] {
  const r = resolveMetric(v.metric)
  if (!r) return [METRICS.length, 0]
  return [ENTRY_RANK.get(r.entry)!, r.statistic === null ? -1 : (STAT_RANK.get(r.statistic) ?? STAT_RANK.size)]
}

function compare(a: MetricValue, b: MetricValue): number {
  const [ea, sa] = rank(a)
  const [eb, sb] = rank(b)
  return ea - eb || sa - sb || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0) || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0) || a.value - b.value
}

/**
 * Puts every row's metric values in one order, whatever order the file wrote its keys in:
 * catalogue order (throughput, latency, memory ...; a metric's statistics after it), then custom
 * names alphabetically. Mappers list values in the order they meet keys, and a runner that
 * reorders its keys must not change what is stored (result_metrics ids, --explain, the API).
 */
export function orderMetricValues(doc: NormalizedDocument): void {
  for (const row of doc.performance) if (row.metricValues && row.metricValues.length > 1) row.metricValues.sort(compare)
}
