import type {BenchDb} from '../db/bench-db.js'
import {queryColumns} from './common.js'
import type {ReportFilters} from './filters.js'
import {metricRowsSql, type ReportMetric} from './metrics.js'
import type {PerfGroup, PerfScan} from './perf-scan.js'
import {factConditions, runTimesIfSince} from './scope.js'
import {Params, whereClause} from './where.js'

/**
 * The groups of scanPerformance for a metric the rollup does not hold (tokens/s, TTFT, energy,
 * statistics ...): read from metric_values, one group per series (model, hardware row, machine,
 * batch size, precision, simulated), with the same shape, so every report handles both alike.
 * Only the scope filters go into SQL, as in scanPerformance.
 */
export async function scanMetricValues(bench: BenchDb, f: ReportFilters, metric: ReportMetric): Promise<PerfScan> {
  const p = new Params()
  const rows = metricRowsSql(metric, (v) => p.bind(v))
  const rt = runTimesIfSince(f)
  const conditions = factConditions({family: f.family, model: f.model, hardware: f.hardware, since: f.since}, 'pr', p)
  const {columns, rowCount} = await queryColumns(
    bench,
    `${rt.with}SELECT pr.model_id::INTEGER, pr.hardware_id::INTEGER, pr.batch_size::INTEGER, pr.precision::VARCHAR, pr.is_simulated,
            tr.machine::VARCHAR, count(*)::DOUBLE, epoch_ms(max(coalesce(tr.started_at, tr.completed_at, pr.created_at)))::DOUBLE,
            sum(pr.value)::DOUBLE, count(pr.value)::DOUBLE
     FROM (${rows}) pr LEFT JOIN test_runs tr ON tr.run_id = pr.run_id${rt.from} ${whereClause(conditions)} GROUP BY ALL`,
    p,
  )
  const [model, hardware, batch, precision, simulated, machine, n, last, sum, count] = columns as [
    number[], number[], (number | null)[], (string | null)[], boolean[], (string | null)[], number[], (number | null)[], number[], number[],
  ]
  const groups = new Array<PerfGroup>(rowCount)
  for (let i = 0; i < rowCount; i++) {
    groups[i] = {
      modelId: model[i], hardwareId: hardware[i], batchSize: batch[i], precision: precision[i], machine: machine[i], simulated: simulated[i],
      n: n[i], first: null, last: last[i], sum: [sum[i]], count: [count[i]],
    }
  }
  return {groups, metrics: [metric.name]}
}
