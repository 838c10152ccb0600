import {isoToMicros} from '../db/appender.js'
import {Dimensions} from '../db/dimensions.js'
import type {SPECS} from './table-specs.js'
import {routeMetrics} from '../metrics/route.js'
import type {HardwareRef, ModelRef, NormalizedDocument} from './types.js'

export type RowCounts = Record<string, number>
export type FactTable = Exclude<keyof typeof SPECS, 'source_files'>

/**
 * One document's rows in the form the writer appends, built where the document was parsed (a
 * worker thread, usually): per table, every row's values flattened into ONE array (the table's
 * value columns in DDL order, `default` columns left out), plus the few dimension refs the rows
 * name. Posting this to the main thread costs one array per table instead of an object graph of
 * ~30 objects per document, and the main thread no longer walks the document to build rows: it
 * only patches the columns that need ids (see REF_COLUMNS) while copying into the batch.
 */
export interface PackedDoc {
  /** Rows per table (the ledger's rows_written). */
  counts: RowCounts
  /** Every model name the rows (and the models list) name: write scopes of response caches. */
  modelNames: string[]
  /** Distinct models (by name) and hardware (by Dimensions.hardwareKey) in the order the writer meets them. */
  models: ModelRef[]
  hardware: HardwareRef[]
  rows: Partial<Record<FactTable, unknown[]>>
  /** A row holds NaN or +-Infinity, which JSON would turn into null: send it by structured clone. */
  notJsonSafe?: true
}

/**
 * What each fact table's id-bearing value columns hold in a PackedDoc (by value index), patched
 * by the writer: `own` the row's id (next from its sequence), `run` the document's run id,
 * `model`/`hardware` an index into PackedDoc.models/.hardware (or null), `parent:T` an index
 * among this document's rows of table T, `file` the ledger id. Every other column is final.
 */
export type RefKind = 'own' | 'run' | 'model' | 'hardware' | 'file' | `parent:${FactTable}`
export const REF_COLUMNS: Record<FactTable, ReadonlyArray<readonly [index: number, kind: RefKind]>> = {
  test_runs: [[0, 'own'], [11, 'file']],
  performance_results: [[0, 'own'], [1, 'run'], [2, 'model'], [3, 'hardware'], [18, 'file']],
  result_metrics: [[0, 'own'], [1, 'parent:performance_results'], [8, 'file']],
  performance_batch_results: [[0, 'own'], [1, 'parent:performance_results'], [6, 'file']],
  hardware_compatibility: [[0, 'own'], [1, 'run'], [2, 'model'], [3, 'hardware'], [14, 'file']],
  integration_test_results: [[0, 'own'], [1, 'run'], [7, 'hardware'], [8, 'model'], [13, 'file']],
  integration_test_assertions: [[0, 'own'], [1, 'parent:integration_test_results'], [7, 'file']],
  web_platform_results: [[0, 'own'], [1, 'run'], [2, 'model'], [3, 'hardware'], [18, 'file']],
  webgpu_advanced_features: [[0, 'own'], [1, 'parent:web_platform_results'], [11, 'file']],
}

/** Tables in the order their rows are appended (parents first; the order ids are taken in). */
export const FACT_TABLES_PARENT_FIRST: readonly FactTable[] = [
  'test_runs', 'performance_results', 'result_metrics', 'performance_batch_results', 'hardware_compatibility',
  'integration_test_results', 'integration_test_assertions', 'web_platform_results', 'webgpu_advanced_features',
]

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v))

/** Rows each table would receive from one document (dry runs, the ledger, --explain). */
export function countRows(doc: NormalizedDocument): RowCounts {
  // A companion file (NormalizedDocument.companionOf) writes no run and no rows.
  const c: RowCounts = doc.companionOf ? {} : {test_runs: 1}
  const add = (t: string, n: number) => {
    if (n > 0) c[t] = (c[t] ?? 0) + n
  }
  add('performance_results', doc.performance.length)
  add('result_metrics', doc.performance.reduce((s, p) => s + routeMetrics(p).extra.length, 0))
  add('performance_batch_results', doc.performance.reduce((s, p) => s + (p.samples?.length ?? 0), 0))
  add('hardware_compatibility', doc.compatibility.length)
  add('integration_test_results', doc.integration.length)
  add('integration_test_assertions', doc.integration.reduce((s, r) => s + (r.assertions?.length ?? 0), 0))
  add('web_platform_results', doc.webPlatform.length)
  add('webgpu_advanced_features', doc.webPlatform.filter((w) => w.webgpuFeatures).length)
  return c
}

export function packDocument(doc: NormalizedDocument): PackedDoc {
  const models: ModelRef[] = []
  const modelAt = new Map<string, number>()
  const hardware: HardwareRef[] = []
  const hardwareAt = new Map<string, number>()
  const names = new Set<string>()
  const m = (ref: ModelRef): number => {
    names.add(ref.name)
    let i = modelAt.get(ref.name)
    if (i === undefined) {
      modelAt.set(ref.name, (i = models.length))
      models.push(ref)
    }
    return i
  }
  const h = (ref: HardwareRef): number => {
    const key = Dimensions.hardwareKey(ref)
    let i = hardwareAt.get(key)
    if (i === undefined) {
      hardwareAt.set(key, (i = hardware.length))
      hardware.push(ref)
    }
    return i
  }
  // Dimension refs in the order the writer has always created them: the document's own lists,
  // then rows table by table (models and hardware are separate sequences, so only the order
  // within each matters).
  for (const x of doc.models) m(x)
  for (const x of doc.hardwarePlatforms) h(x)

  const rows: PackedDoc['rows'] = {}
  const r = doc.run
  if (!doc.companionOf) rows.test_runs = [0, r.testName, r.testType, micros(r.startedAt), micros(r.completedAt),
    r.executionTimeSeconds ?? null, r.success ?? null, r.gitCommit ?? null, r.gitBranch ?? null,
    r.commandLine ?? null, json(r.metadata), 0, r.repository ?? null, r.ciProvider ?? null, r.ciRunId ?? null,
    r.ciRunUrl ?? null, r.machine ?? null, r.runName ?? null, r.tags && Object.keys(r.tags).length ? json(r.tags) : null,
    r.timeSource ?? (r.startedAt ? 'file' : 'unknown')]

  if (doc.performance.length) {
    const perf: unknown[] = (rows.performance_results = [])
    let samples: unknown[] | undefined
    let extras: unknown[] | undefined
    doc.performance.forEach((p, k) => {
      const {columns: c, extra} = routeMetrics(p)
      perf.push(0, 0, m(p.model), h(p.hardware),
        p.testCase ?? null, p.batchSize ?? null, p.precision ?? null, p.totalTimeSeconds ?? c.totalTimeSeconds ?? null,
        p.averageLatencyMs ?? c.averageLatencyMs ?? null, p.throughputItemsPerSecond ?? c.throughputItemsPerSecond ?? null,
        p.memoryPeakMb ?? c.memoryPeakMb ?? null,
        p.iterations ?? null, p.warmupIterations ?? null, json(p.metrics), p.latencyP50Ms ?? c.latencyP50Ms ?? null,
        p.latencyP90Ms ?? c.latencyP90Ms ?? null, p.latencyP99Ms ?? c.latencyP99Ms ?? null, p.simulated, 0,
        p.inferred ?? false, p.sourcePointer ?? null)
      for (const x of extra) {
        ;(extras ??= rows.result_metrics = []).push(0, k, x.metric, x.value, x.unit, x.higherIsBetter,
          x.samples ? json(x.samples) : null, x.pointer, 0)
      }
      for (const s of p.samples ?? []) {
        ;(samples ??= rows.performance_batch_results = []).push(0, k, s.batchIndex, s.batchSize ?? null,
          s.latencyMs ?? null, s.memoryUsageMb ?? null, 0)
      }
    })
  }
  if (doc.compatibility.length) {
    const comp: unknown[] = (rows.hardware_compatibility = [])
    for (const c of doc.compatibility) {
      comp.push(0, 0, m(c.model), h(c.hardware), c.isCompatible, c.detectionSuccess ?? null,
        c.initializationSuccess ?? null, c.errorMessage ?? null, c.errorType ?? null, c.suggestedFix ?? null,
        c.workaroundAvailable ?? null, c.compatibilityScore ?? null, json(c.metadata), c.simulated, 0)
    }
  }
  if (doc.integration.length) {
    const int: unknown[] = (rows.integration_test_results = [])
    let asserts: unknown[] | undefined
    doc.integration.forEach((t, k) => {
      // Hardware before model: the order the writer has always resolved them in.
      const hw = t.hardware ? h(t.hardware) : null
      const model = t.model ? m(t.model) : null
      int.push(0, 0, t.testModule, t.testClass ?? null, t.testName, t.status,
        t.executionTimeSeconds ?? null, hw, model, t.errorMessage ?? null, t.errorTraceback ?? null,
        json(t.metadata), t.simulated, 0)
      for (const a of t.assertions ?? []) {
        ;(asserts ??= rows.integration_test_assertions = []).push(0, k, a.name, a.passed, a.expectedValue ?? null,
          a.actualValue ?? null, a.message ?? null, 0)
      }
    })
  }
  if (doc.webPlatform.length) {
    const web: unknown[] = (rows.web_platform_results = [])
    let feats: unknown[] | undefined
    doc.webPlatform.forEach((w, k) => {
      web.push(0, 0, m(w.model), h(w.hardware),
        w.platform, w.browser ?? null, w.browserVersion ?? null, w.testFile ?? null, w.success,
        w.loadTimeMs ?? null, w.initializationTimeMs ?? null, w.inferenceTimeMs ?? null, w.totalTimeMs ?? null,
        w.shaderCompilationTimeMs ?? null, w.memoryUsageMb ?? null, w.errorMessage ?? null, json(w.metrics),
        w.simulated, 0)
      const f = w.webgpuFeatures
      if (f) {
        ;(feats ??= rows.webgpu_advanced_features = []).push(0, k, f.computeShaderSupport ?? null,
          f.parallelCompilation ?? null, f.shaderCacheHit ?? null, f.workgroupSize ?? null,
          f.computePipelineTimeMs ?? null, f.preCompiledPipeline ?? null, f.memoryOptimizationLevel ?? null,
          f.audioAcceleration ?? null, f.videoAcceleration ?? null, 0)
      }
    })
  }
  const packed: PackedDoc = {counts: countRows(doc), modelNames: [...names], models, hardware, rows}
  if (!jsonSafe([...Object.values(rows), [...models, ...hardware].flatMap((r) => Object.values(r))])) packed.notJsonSafe = true
  return packed
}

/** Microseconds as a number (exact below 2^53, i.e. until the year 2255), else a decimal string: JSON-safe. */
function micros(iso: string | null | undefined): number | string | null {
  const us = isoToMicros(iso)
  if (us === null) return null
  const n = Number(us)
  return Number.isSafeInteger(n) ? n : String(us)
}

/** JSON keeps every value of these lists exactly (no NaN or Infinity a mapper may have computed). */
function jsonSafe(lists: unknown[][]): boolean {
  for (const values of lists) {
    for (const v of values) if (typeof v === 'number' && !Number.isFinite(v)) return false
  }
  return true
}
