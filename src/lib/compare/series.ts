import {RUN_TIME_SQL} from '../series/definition.js'
import type {Database} from '../db/connection.js'
import type {Plain} from '../db/values.js'
import type {MetricSpec} from './metrics.js'
import {median} from './stats.js'

/**
 * Loads one metric for the runs of both sides and pairs it by series: model x hardware x batch
 * size x precision x test case (x simulated, so measured and simulated evidence never mix).
 * Several rows of one series in one run collapse to their median; raw samples are pooled.
 */

export interface SeriesKey {
  modelId: number
  modelName: string
  modelFamily: string | null
  hardwareId: number
  hardwareType: string
  deviceName: string | null
  testCase: string | null
  batchSize: number | null
  precision: string | null
  simulated: boolean
}

export interface RunPoint {
  runId: number
  at: string | null
  /** The metric for this run (median of the run's rows for the series). */
  value: number
  /** Raw per-iteration values in the metric's units (empty when the metric has none). */
  samples: number[]
}

export interface PairedSeries {
  /** Stable text id: model|hardware type|device|test case|batch|precision|simulated. */
  id: string
  key: SeriesKey
  baseline: RunPoint[]
  candidate: RunPoint[]
}

export interface UnpairedSeries {
  id: string
  key: SeriesKey
  /** Which side has it. */
  side: 'baseline-only' | 'candidate-only'
  runs: number[]
}

export interface SeriesFilters {
  models?: string[]
  families?: string[]
  hardware?: string[]
}

export interface LoadOptions {
  baselineRunIds: number[]
  candidateRunIds: number[]
  metric: MetricSpec
  filters?: SeriesFilters
  includeSimulated?: boolean
}

export interface LoadedSeries {
  paired: PairedSeries[]
  unpaired: UnpairedSeries[]
}

interface ResultRow {
  result_id: number
  run_id: number
  at: string | null
  model_id: number
  model_name: string
  model_family: string | null
  hardware_id: number
  hardware_type: string
  device_name: string | null
  test_case: string | null
  batch_size: number | null
  precision: string | null
  is_simulated: boolean
  value: number
  [k: string]: Plain
}

export function seriesId(k: SeriesKey): string {
  return [k.modelName, k.hardwareType, k.deviceName ?? '', k.testCase ?? '', k.batchSize ?? '', k.precision ?? '', k.simulated ? 'simulated' : '']
    .join('|')
}

const ids = (list: number[]) => list.map((n) => String(Math.floor(n))).join(',')

/** Where-clause for the model/family/hardware filters (values bound as parameters). */
function filterSql(filters: SeriesFilters, params: string[]): string {
  const parts: string[] = []
  const add = (column: string, values: string[] | undefined, lower = false) => {
    if (!values?.length) return
    parts.push(`${lower ? `lower(${column})` : column} IN (${values.map(() => '?').join(', ')})`)
    params.push(...values.map((v) => (lower ? v.toLowerCase() : v)))
  }
  add('m.model_name', filters.models)
  add('m.model_family', filters.families, true)
  add('hp.hardware_type', filters.hardware, true)
  return parts.length ? ` AND ${parts.join(' AND ')}` : ''
}

export async function loadSeries(db: Database, options: LoadOptions): Promise<LoadedSeries> {
  const {metric} = options
  const allRuns = [...new Set([...options.baselineRunIds, ...options.candidateRunIds])]
  if (allRuns.length === 0) return {paired: [], unpaired: []}
  const params: string[] = []
  const where =
    `pr.run_id IN (${ids(allRuns)}) AND pr.${metric.column} IS NOT NULL` +
    (options.includeSimulated ? '' : ' AND NOT pr.is_simulated') +
    filterSql(options.filters ?? {}, params)
  const rows = await db.all<ResultRow>(
    `SELECT pr.result_id, pr.run_id, ${RUN_TIME_SQL} AS at,
            pr.model_id, m.model_name, m.model_family, pr.hardware_id, hp.hardware_type, hp.device_name,
            pr.test_case, pr.batch_size, pr.precision, pr.is_simulated, pr.${metric.column} AS value
     FROM performance_results pr
     JOIN models m ON m.model_id = pr.model_id
     JOIN hardware_platforms hp ON hp.hardware_id = pr.hardware_id
     LEFT JOIN test_runs tr ON tr.run_id = pr.run_id
     WHERE ${where}
     ORDER BY pr.result_id`,
    params,
  )
  const samples = metric.samples === 'none' ? new Map<number, number[]>() : await loadSamples(db, where, params, metric)

  // series id -> run id -> rows
  const bySeries = new Map<string, {key: SeriesKey; runs: Map<number, ResultRow[]>}>()
  for (const r of rows) {
    const key: SeriesKey = {
      modelId: r.model_id, modelName: r.model_name, modelFamily: r.model_family, hardwareId: r.hardware_id,
      hardwareType: r.hardware_type, deviceName: r.device_name, testCase: r.test_case, batchSize: r.batch_size,
      precision: r.precision, simulated: r.is_simulated,
    }
    const id = seriesId(key)
    let entry = bySeries.get(id)
    if (!entry) bySeries.set(id, (entry = {key, runs: new Map()}))
    const list = entry.runs.get(r.run_id) ?? []
    list.push(r)
    entry.runs.set(r.run_id, list)
  }

  const baselineSet = new Set(options.baselineRunIds)
  const candidateSet = new Set(options.candidateRunIds)
  const point = (runId: number, list: ResultRow[]): RunPoint => ({
    runId,
    at: list[0].at,
    value: median(list.map((r) => r.value)),
    samples: list.flatMap((r) => samples.get(r.result_id) ?? []),
  })
  const byTime = (a: RunPoint, b: RunPoint) => (a.at ?? '').localeCompare(b.at ?? '') || a.runId - b.runId

  const paired: PairedSeries[] = []
  const unpaired: UnpairedSeries[] = []
  for (const [id, {key, runs}] of [...bySeries].sort(([a], [b]) => a.localeCompare(b))) {
    const baseline = [...runs].filter(([run]) => baselineSet.has(run)).map(([run, list]) => point(run, list)).sort(byTime)
    const candidate = [...runs].filter(([run]) => candidateSet.has(run)).map(([run, list]) => point(run, list)).sort(byTime)
    if (baseline.length && candidate.length) paired.push({id, key, baseline, candidate})
    else if (baseline.length) unpaired.push({id, key, side: 'baseline-only', runs: baseline.map((p) => p.runId)})
    else unpaired.push({id, key, side: 'candidate-only', runs: candidate.map((p) => p.runId)})
  }
  return {paired, unpaired}
}

/**
 * Raw iteration latencies of the selected rows, converted to the metric's units. Throughput of one
 * iteration is batch_size * 1000 / latency_ms (the sample's own batch size, else its row's, else 1).
 */
async function loadSamples(db: Database, where: string, params: string[], metric: MetricSpec): Promise<Map<number, number[]>> {
  const rows = await db.all<{result_id: number; latency_ms: number; batch_size: number | null; [k: string]: Plain}>(
    `SELECT pbr.result_id, pbr.latency_ms, coalesce(pbr.batch_size, pr.batch_size) AS batch_size
     FROM performance_batch_results pbr
     JOIN performance_results pr ON pr.result_id = pbr.result_id
     JOIN models m ON m.model_id = pr.model_id
     JOIN hardware_platforms hp ON hp.hardware_id = pr.hardware_id
     WHERE ${where} AND pbr.latency_ms > 0
     ORDER BY pbr.result_id, pbr.batch_index`,
    params,
  )
  const out = new Map<number, number[]>()
  for (const r of rows) {
    const v = metric.samples === 'throughput' ? ((r.batch_size ?? 1) * 1000) / r.latency_ms : r.latency_ms
    const list = out.get(r.result_id) ?? []
    list.push(v)
    out.set(r.result_id, list)
  }
  return out
}
