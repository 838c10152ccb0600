import type {BenchDb} from '../db/bench-db.js'
import {queryColumns, queryRows} from './common.js'
import type {ReportFilters} from './filters.js'
import {METRICS, type MetricName} from './metrics.js'
import {evTime, factConditions, RUN_TIMES} from './scope.js'
import {Params, whereClause} from './where.js'

/**
 * performance_results in ONE scan per question. Reports over a million rows spent their time
 * scanning the table once per part (the performance rows, the simulated count, the matrix's
 * benchmark evidence, the comparison), so every part now works from the same small set of groups:
 * one per model id x hardware id x batch size x precision x simulated, each with its row count,
 * first/last evidence time and, per metric, the sum and count of its non-null values (sums and
 * counts merge exactly: an average over merged groups is sum/count, not an average of averages).
 *
 * Only the scope filters (family, model, hardware, since) go into SQL; batch size and precision
 * are group keys and simulation a group flag, so callers apply them to the groups (`select`),
 * and the matrix, which ignores batch size and precision, can share the scan with the reports.
 */
export interface PerfGroup {
  modelId: number
  hardwareId: number
  batchSize: number | null
  precision: string | null
  simulated: boolean
  /** Rows in the group. */
  n: number
  /** Evidence times as epoch milliseconds (`first` only when asked for); see isoTime. */
  first: number | null
  last: number | null
  /** Sum and count of each requested metric's non-null values, in the order of PerfScan.metrics. */
  sum: number[]
  count: number[]
}

export interface PerfScan {
  groups: PerfGroup[]
  metrics: MetricName[]
}

/** Position of a metric in a scan's sums and counts (the scan must have been asked for it). */
export function metricIndex(scan: PerfScan, metric: MetricName): number {
  const i = scan.metrics.indexOf(metric)
  if (i < 0) throw new Error(`internal: the performance scan has no ${metric} sums`)
  return i
}

export interface ScanOptions {
  /** Metrics to sum (default none: counts and times only). */
  metrics?: MetricName[]
  /** Also the earliest evidence time per group. */
  first?: boolean
  /**
   * Group by batch size / precision (default true). Without, the groups' batchSize / precision
   * are null: fewer columns read and fewer groups, for callers that neither show nor filter them
   * (the matrix; the summary unless --batch-size / --precision is given).
   */
  batch?: boolean
  precision?: boolean
  /**
   * Percentile metrics: where a row stored no percentile, use the quantile of its raw samples
   * (the comparison does; the performance report averages stored percentiles only).
   */
  sampleQuantiles?: boolean
}

const PERCENTILES = new Set<MetricName>(['p50', 'p90', 'p99'])

// Times travel as epoch milliseconds (a double): converting thousands of TIMESTAMPs to Date
// objects and ISO strings cost more than the scan; only the times a result shows become text.
const epochMs = (expr: string) => `epoch_ms(${expr})::DOUBLE`

/** Epoch milliseconds as the ISO-8601 text results carry (null stays null). */
export const isoTime = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

/**
 * Scans once with the scope filters of `f`, summing the requested metrics. With sampleQuantiles,
 * percentile metrics fall back, for rows whose stored percentile is NULL, to the quantile of the
 * row's raw samples (performance_batch_results), added by a second query over rows with samples.
 */
export async function scanPerformance(bench: BenchDb, f: ReportFilters, options: ScanOptions = {}): Promise<PerfScan> {
  const metrics = options.metrics ?? []
  const p = new Params()
  const scope = {family: f.family, model: f.model, hardware: f.hardware, since: f.since}
  const aggregates = [
    ...(options.first ? [`${epochMs(`min(${evTime('pr')})`)} AS first`] : []),
    `${epochMs(`max(${evTime('pr')})`)} AS last`,
    ...metrics.flatMap((m) => [`sum(pr.${METRICS[m].column})::DOUBLE`, `count(pr.${METRICS[m].column})::INTEGER`]),
  ]
  const {columns, rowCount} = await queryColumns(
    bench,
    `WITH rt AS (${RUN_TIMES})
     SELECT pr.model_id::INTEGER, pr.hardware_id::INTEGER, ${options.batch === false ? 'NULL' : 'pr.batch_size'}::INTEGER,
            ${options.precision === false ? 'NULL' : 'pr.precision'}::VARCHAR, pr.is_simulated,
            count(*)::INTEGER, ${aggregates.join(', ')}
     FROM performance_results pr, rt ${whereClause(factConditions(scope, 'pr', p))} GROUP BY ALL`,
    p,
  )
  const [modelIds, hardwareIds, batchSizes, precisions, simulated, ns, ...rest] = columns as [
    number[], number[], (number | null)[], (string | null)[], boolean[], number[], ...(number | null)[][],
  ]
  const firsts = options.first ? rest.shift()! : undefined
  const lasts = rest.shift()!
  const groups = new Array<PerfGroup>(rowCount)
  for (let i = 0; i < rowCount; i++) {
    const g: PerfGroup = {
      modelId: modelIds[i], hardwareId: hardwareIds[i], batchSize: batchSizes[i], precision: precisions[i], simulated: simulated[i],
      n: ns[i], first: firsts ? firsts[i] : null, last: lasts[i], sum: new Array<number>(metrics.length), count: new Array<number>(metrics.length),
    }
    for (let k = 0; k < metrics.length; k++) {
      g.sum[k] = rest[2 * k][i] ?? 0
      g.count[k] = rest[2 * k + 1][i] ?? 0
    }
    groups[i] = g
  }
  const sampledMetrics = options.sampleQuantiles ? metrics.filter((x) => PERCENTILES.has(x)) : []
  if (sampledMetrics.length && (options.batch === false || options.precision === false)) {
    throw new Error('internal: percentile metrics need the batch size and precision keys')
  }
  if (sampledMetrics.length) await addSampleQuantiles(bench, scope, groups, metrics, sampledMetrics)
  return {groups, metrics}
}

type GroupKey = Pick<PerfGroup, 'modelId' | 'hardwareId' | 'batchSize' | 'precision' | 'simulated'>
const keyOf = (g: GroupKey) => `${g.modelId}|${g.hardwareId}|${g.batchSize}|${g.precision === null ? '\u0000' : g.precision}|${g.simulated}`

/** Adds coalesce(stored percentile, quantile of raw samples) for rows with no stored percentile. */
async function addSampleQuantiles(bench: BenchDb, scope: ReportFilters, groups: PerfGroup[], all: MetricName[], sampled: MetricName[]): Promise<void> {
  // Most databases have no raw samples: one cheap check spares the group index and the joins.
  if (!(await bench.db.scalar<boolean>('SELECT EXISTS (SELECT 1 FROM performance_batch_results WHERE latency_ms IS NOT NULL)'))) return
  const byKey = new Map(groups.map((g) => [keyOf(g), g]))
  for (const m of sampled) {
    const k = all.indexOf(m)
    const q = (METRICS[m] as {quantile: number}).quantile
    const sp = new Params()
    const rows = await queryRows<GroupKey & {s: number; c: number}>(
      bench,
      `WITH rt AS (${RUN_TIMES}),
       bs AS (SELECT result_id, quantile_cont(latency_ms, ${q}) AS q FROM performance_batch_results WHERE latency_ms IS NOT NULL GROUP BY result_id)
       SELECT pr.model_id::INTEGER AS "modelId", pr.hardware_id::INTEGER AS "hardwareId", pr.batch_size::INTEGER AS "batchSize",
              pr.precision AS precision, pr.is_simulated AS simulated, sum(bs.q)::DOUBLE AS s, count(bs.q)::INTEGER AS c
       FROM bs JOIN performance_results pr ON pr.result_id = bs.result_id, rt
       ${whereClause([...factConditions(scope, 'pr', sp), `pr.${METRICS[m].column} IS NULL`])} GROUP BY ALL`,
      sp,
    )
    for (const s of rows) {
      const g = byKey.get(keyOf(s))
      if (!g) continue
      g.sum[k] += s.s
      g.count[k] += s.c
    }
  }
}

/** The groups a report uses: batch size and precision filters applied, simulated ones only when asked. */
export function select(scan: PerfScan, f: ReportFilters): {used: PerfGroup[]; simulatedExcluded: number} {
  const precision = f.precision?.toLowerCase()
  const used: PerfGroup[] = []
  let simulatedExcluded = 0
  for (const g of scan.groups) {
    if (f.batchSize !== undefined && g.batchSize !== f.batchSize) continue
    if (precision !== undefined && g.precision?.toLowerCase() !== precision) continue
    if (g.simulated && !f.includeSimulated) simulatedExcluded += g.n
    else used.push(g)
  }
  return {used, simulatedExcluded}
}

/** The later (earlier) of two times, null meaning unknown; works on ISO text and on epoch numbers. */
export const later = <T extends string | number>(a: T | null, b: T | null): T | null => (a === null ? b : b === null || a >= b ? a : b)
export const earlier = <T extends string | number>(a: T | null, b: T | null): T | null => (a === null ? b : b === null || a <= b ? a : b)
