import {detect, validate} from '../../../schema/formats/benchdb_result.js'
import {fileStem, newDocument, rest} from '../normalize/document.js'
import {toIsoUtc} from '../normalize/time.js'
import {benchmarkModel, nativeHardware, nativeModel, type NativeBenchmark, type NativeHardware, type NativeModel} from '../native/identity.js'
import {nativeMetrics, type NativeMetric} from '../native/metrics.js'
import {resolveMetric} from '../../metrics/catalogue.js'
import {latencyPercentiles, type LatencyPercentiles} from '../normalize/percentiles.js'
import type {BatchSampleRow, JsonObject, MetricValue, RunRow, ShapeAdapter, TestStatus} from '../types.js'

/** The native document as its schema (src/schema/formats/benchdb-result-v1.schema.json) guarantees it. */
interface NativeDoc {
  tool?: string
  run?: {
    name?: string
    started_at?: string
    completed_at?: string
    duration_s?: number | null
    machine?: string
    command?: string
    git?: {commit?: string; branch?: string; repository?: string}
    ci?: {provider?: string; run_id?: string; url?: string}
    tags?: Record<string, string>
    metadata?: JsonObject
  }
  results: NativeResult[]
}

interface NativeResult {
  model?: NativeModel
  benchmark?: NativeBenchmark
  hardware?: NativeHardware
  precision?: string
  batch_size?: number | null
  test_case?: string
  iterations?: number | null
  warmup_iterations?: number | null
  simulated?: boolean
  status?: TestStatus
  compatible?: boolean
  error?: string | {type?: string; message?: string; traceback?: string}
  metrics?: Record<string, NativeMetric>
  metadata?: JsonObject
}

const DEFAULT_TOOL = 'benchdb-result'
/** The keys v1 defines, at the root, in `run` and in a result; any other key is kept in metadata. */
const ROOT_KEYS = ['format', 'version', 'tool', 'run', 'results'] as const
const RUN_KEYS = ['name', 'started_at', 'completed_at', 'duration_s', 'machine', 'command', 'git', 'ci', 'tags', 'metadata'] as const
const RESULT_KEYS = ['model', 'benchmark', 'hardware', 'precision', 'batch_size', 'test_case', 'iterations', 'warmup_iterations', 'simulated', 'status', 'compatible', 'error', 'metrics', 'metadata'] as const

/**
 * benchdb result format v1 (docs/formats.md): the format any runner can write. Each passing
 * result with metrics is a performance row (every metric routed by the writer: contract columns
 * or result_metrics, in catalogue units; a null metric is not measured and stores nothing); a
 * result that failed, errored, was skipped or lists no metrics is an integration row with its
 * status and error; `compatible` adds a compatibility row. Keys v1 does not define are kept in
 * metadata: a later 1.x writer may add keys without losing the file.
 */
export const benchdbResultAdapter: ShapeAdapter = {
  name: 'benchdb_result',
  category: 'performance',
  // Its discriminator is unambiguous: no other layout has format "benchdb-result".
  priority: 100,
  description: 'benchdb result format v1 ({"format": "benchdb-result", "version": 1, run, results})',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as NativeDoc
    const out = newDocument(runRow(d, fileStem(ctx), ctx.mtime))
    const tool = d.tool ?? DEFAULT_TOOL
    const module = d.run?.name ?? tool
    d.results.forEach((r, i) => {
      const at = `/results/${i}`
      const model = r.model !== undefined ? nativeModel(r.model) : benchmarkModel(r.benchmark!, tool)
      const hardware = nativeHardware(r.hardware)
      const simulated = r.simulated ?? false
      const status = r.status ?? 'pass'
      const err = typeof r.error === 'string' ? {message: r.error} : r.error
      const {values, latencySamples} = nativeMetrics(r.metrics ?? {}, `${at}/metrics`)
      // Keys v1 does not define (a later 1.x writer's) are kept in the row's metadata.
      const extra = {...rest(r as Record<string, unknown>, RESULT_KEYS), ...(r.metadata ?? {})}
      const metadata = Object.keys(extra).length ? extra : null
      // A passing result that lists metrics is a measurement even when each was null (not measured).
      if (status === 'pass' && Object.keys(r.metrics ?? {}).length > 0) {
        out.performance.push({
          ...samplePercentiles(latencySamples, values),
          model, hardware, simulated,
          testCase: r.test_case ?? null, batchSize: r.batch_size ?? null, precision: r.precision ?? null,
          iterations: r.iterations ?? (latencySamples.length || null), warmupIterations: r.warmup_iterations ?? null,
          metricValues: values, samples: latencySamples, sourcePointer: at,
          metrics: withColumnSamples(metadata, values),
        })
      } else {
        out.integration.push({
          testModule: module,
          testName: r.test_case ?? model.name,
          status,
          model, hardware, simulated,
          errorMessage: err?.message ?? null,
          errorTraceback: err?.traceback ?? null,
          metadata: {pointer: at, ...(err?.type ? {errorType: err.type} : {}), ...(r.metrics ? {metrics: r.metrics} : {}), ...(r.precision ? {precision: r.precision} : {}), ...(r.batch_size ? {batchSize: r.batch_size} : {}), ...(metadata ?? {})},
        })
      }
      if (r.compatible !== undefined) {
        out.compatibility.push({model, hardware, simulated, isCompatible: r.compatible, errorMessage: err?.message ?? null, errorType: err?.type ?? null, metadata: {pointer: at}})
      }
    })
    if (d.results.length > 0) out.run.success = d.results.every((r) => (r.status ?? 'pass') === 'pass' || r.status === 'skip')
    return out
  },
}

/** p50/p90/p99 of the latency samples (ms), for each the document does not state itself. */
function samplePercentiles(samples: BatchSampleRow[], values: MetricValue[]): Partial<LatencyPercentiles> {
  if (samples.length === 0) return {}
  const computed = latencyPercentiles(samples.map((s) => s.latencyMs!))
  const stated = new Set(values.map((v) => v.metric))
  return {
    ...(stated.has('latency_p50') ? {} : {latencyP50Ms: computed.latencyP50Ms}),
    ...(stated.has('latency_p90') ? {} : {latencyP90Ms: computed.latencyP90Ms}),
    ...(stated.has('latency_p99') ? {} : {latencyP99Ms: computed.latencyP99Ms}),
  }
}

/**
 * Samples of a value the writer puts in a contract column (which has no samples) are kept in the
 * row's metrics; latency's also become performance_batch_results rows, and result_metrics rows keep their own.
 */
function withColumnSamples(metadata: JsonObject | null, values: MetricValue[]): JsonObject | null {
  const samples: JsonObject = {}
  for (const v of values) {
    const r = resolveMetric(v.metric)
    if (v.samples?.length && v.metric !== 'latency' && r?.entry.column && r.statistic === null) samples[v.metric] = v.samples
  }
  return Object.keys(samples).length ? {...(metadata ?? {}), samples} : metadata
}

function runRow(d: NativeDoc, stem: string, mtime: Date): RunRow {
  const run = d.run ?? {}
  const startedAt = toIsoUtc(run.started_at)
  const completedAt = toIsoUtc(run.completed_at)
  const metadata: JsonObject = {...rest(d as unknown as Record<string, unknown>, ROOT_KEYS), ...rest(run, RUN_KEYS), ...(run.metadata ?? {}), ...(d.tool ? {tool: d.tool} : {})}
  if (!startedAt && !completedAt) metadata.fileMtime = mtime.toISOString()
  return {
    testName: run.name ?? stem,
    testType: 'benchdb-result',
    startedAt, completedAt,
    executionTimeSeconds: run.duration_s ?? null,
    commandLine: run.command ?? null,
    gitCommit: run.git?.commit ?? null, gitBranch: run.git?.branch ?? null, repository: run.git?.repository ?? null,
    ciProvider: run.ci?.provider ?? null, ciRunId: run.ci?.run_id ?? null, ciRunUrl: run.ci?.url ?? null,
    machine: run.machine ?? null, runName: run.name ?? null, tags: run.tags ?? null,
    timeSource: startedAt || completedAt ? 'file' : 'unknown',
    metadata: Object.keys(metadata).length ? metadata : null,
  }
}
