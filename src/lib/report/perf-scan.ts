import type {BenchDb} from '../db/bench-db.js'
import {queryColumns} from './common.js'
import type {ReportFilters} from './filters.js'
import type {MetricName} from './metrics.js'
import {rollupCoverage} from './rollup.js'
import {
  bucketBound, groupValues, partialAggregates, ROLLUP_TABLE, ROLLUP_TOTAL_TABLE, SAMPLE_JOIN, sampleQuantilesCte,
} from './rollup-sql.js'
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
   * Group by batch size / precision (default true). `false` says the caller neither shows nor
   * filters them (the matrix; the summary unless --batch-size / --precision is given): a scan of
   * the table then groups without them (batchSize / precision null; fewer columns read, fewer
   * groups), while groups read from the rollup as stored keep them (merging costs more than it
   * saves there). Callers must work with either.
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
/** Epoch milliseconds as the ISO-8601 text results carry (null stays null). */
export const isoTime = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

/**
 * Scans once with the scope filters of `f`, summing the requested metrics. With sampleQuantiles,
 * percentile metrics fall back, for rows whose stored percentile is NULL, to the quantile of the
 * row's raw samples (performance_batch_results).
 *
 * Where the persistent rollup (rollup.ts) is valid, the groups are merged from its partials plus an
 * exact scan of the rows it does not cover: those above its watermark and, with --since, those of
 * the month `since` falls in (the rollup's buckets are months; whole months after `since` come from
 * it). Without a valid rollup the exact scan covers every row. Either way each group's figures are
 * sums and counts over exactly the rows the filters select.
 */
export async function scanPerformance(bench: BenchDb, f: ReportFilters, options: ScanOptions = {}): Promise<PerfScan> {
  const metrics = options.metrics ?? []
  const p = new Params()
  const scope = {family: f.family, model: f.model, hardware: f.hardware, since: f.since}
  const sampledMetrics = options.sampleQuantiles ? metrics.filter((x) => PERCENTILES.has(x)) : []
  if (sampledMetrics.length && (options.batch === false || options.precision === false)) {
    throw new Error('internal: percentile metrics need the batch size and precision keys')
  }
  // Most databases have no raw samples: one cheap check spares the quantiles and their join.
  const quantiles = sampledMetrics.length && (await hasSamples(bench)) ? sampledMetrics : []
  // The rollup does not key on is_inferred: leaving inferred rows out means scanning the table.
  const coverage = f.excludeInferred ? null : await rollupCoverage(bench)
  const shape = {first: options.first, quantiles}
  const keys = (t: string, all = false) => [
    `${t}.model_id::INTEGER AS model_id`, `${t}.hardware_id::INTEGER AS hardware_id`,
    `${options.batch === false && !all ? 'NULL' : `${t}.batch_size`}::INTEGER AS batch_size`,
    `${options.precision === false && !all ? 'NULL' : `${t}.precision`}::VARCHAR AS precision`, `${t}.is_simulated AS is_simulated`,
  ]
  let sql: string
  // The common case right after a refresh: the all-time rollup, one row per group, read as it is;
  // or, when the caller needs no batch size (the matrix, the summary), merged over batch sizes by
  // DuckDB (a GROUP BY of a few ms spares converting and merging several times as many groups in
  // JS, which in a fresh process, before V8 optimises it, costs ~50 ms). Without precision alone it
  // is read as stored: a model rarely has several precisions on one hardware, so merging saves little.
  const asStored = Boolean(coverage && f.since === undefined && coverage.rowsAbove === 0 && coverage.compact)
  if (asStored) {
    const merge = options.batch === false
    sql = `SELECT ${keys('r', !merge).join(', ')}, ${groupValues(metrics, {...shape, merge}).join(', ')}
      FROM ${ROLLUP_TOTAL_TABLE} r ${whereClause(factConditions(scope, 'r', p))}${merge ? ' GROUP BY ALL' : ''}`
  } else {
    const parts: string[] = []
    // The rows the rollup does not answer: all of them without one; else those above its
    // watermark, and (with --since) those of the partly selected month before the first whole one.
    // (Placeholders are bound only for SQL that is sent: DuckDB refuses unused parameters.)
    const exact = !coverage || f.since !== undefined || coverage.rowsAbove > 0
    const exactConditions = exact ? [...factConditions(scope, 'pr', p), ...(f.excludeInferred ? ['NOT coalesce(pr.is_inferred, false)'] : [])] : []
    if (coverage) {
      const bound = f.since === undefined ? null : bucketBound(`${p.bind(f.since)}::TIMESTAMP`)
      if (exact) {
        const watermark = p.bind(coverage.watermark)
        exactConditions.push(bound ? `(pr.result_id > ${watermark} OR ${evTime('pr')} < ${bound})` : `pr.result_id > ${watermark}`)
      }
      const rollupConditions = [...factConditions({...scope, since: undefined}, 'r', p), ...(bound ? [`r.bucket >= ${bound}`] : [])]
      const columns = ['n', ...(options.first ? ['first_at'] : []), 'last_at', ...metrics.flatMap((m) => [`${m}_sum`, `${m}_n`]),
        ...quantiles.flatMap((m) => [`${m}_q_sum`, `${m}_q_n`])]
      parts.push(`SELECT ${keys('r').join(', ')}, ${columns.join(', ')} FROM ${bound ? ROLLUP_TABLE : ROLLUP_TOTAL_TABLE} r ${whereClause(rollupConditions)}`)
    }
    const where = whereClause(exactConditions)
    if (exact) {
      parts.push(`SELECT ${keys('pr').join(', ')}, ${partialAggregates(metrics, shape).join(', ')}
        FROM performance_results pr ${quantiles.length ? SAMPLE_JOIN : ''}, rt ${where} GROUP BY ALL`)
    }
    // Quantiles of the raw samples of exactly scanned rows only (not of the rows the rollup answers).
    const samples = quantiles.length && exact
      ? `, ${sampleQuantilesCte(quantiles, `result_id IN (SELECT pr.result_id FROM performance_results pr, rt ${where})`)}`
      : ''
    sql = `WITH ${exact ? `rt AS (${RUN_TIMES})${samples}, ` : ''}parts AS (${parts.join(' UNION ALL ')})
      SELECT model_id, hardware_id, batch_size, precision, is_simulated, ${groupValues(metrics, {...shape, merge: true}).join(', ')}
      FROM parts GROUP BY ALL`
  }
  const {columns, rowCount} = await queryColumns(bench, sql, p)
  const [modelIds, hardwareIds, batchSizes, precisions, simulated, ns, ...rest] = columns as [
    number[], number[], (number | null)[], (string | null)[], boolean[], number[], ...(number | null)[][],
  ]
  const firsts = options.first ? rest.shift()! : undefined
  const lasts = rest.shift()!
  const groups = new Array<PerfGroup>(rowCount)
  const q = metrics.length
  for (let i = 0; i < rowCount; i++) {
    const g: PerfGroup = {
      modelId: modelIds[i], hardwareId: hardwareIds[i], batchSize: batchSizes[i], precision: precisions[i], simulated: simulated[i],
      n: ns[i], first: firsts ? firsts[i] : null, last: lasts[i], sum: new Array<number>(metrics.length), count: new Array<number>(metrics.length),
    }
    for (let k = 0; k < metrics.length; k++) {
      g.sum[k] = rest[2 * k][i] ?? 0
      g.count[k] = rest[2 * k + 1][i] ?? 0
    }
    // Raw-sample quantiles of rows without a stored percentile, added to that metric's sum and count.
    for (let j = 0; j < quantiles.length; j++) {
      const k = metrics.indexOf(quantiles[j])
      g.sum[k] += rest[2 * (q + j)][i] ?? 0
      g.count[k] += rest[2 * (q + j) + 1][i] ?? 0
    }
    groups[i] = g
  }
  return {groups, metrics}
}


const hasSamples = async (bench: BenchDb) =>
  Boolean(await bench.db.scalar<boolean>('SELECT EXISTS (SELECT 1 FROM performance_batch_results WHERE latency_ms IS NOT NULL)'))

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
