import {appendRows, allocateIdRanges, isoToMicros} from '../db/appender.js'
import type {Database} from '../db/connection.js'
import {Dimensions as DimensionsClass, type Dimensions} from '../db/dimensions.js'
import {FACT_TABLES_CHILD_FIRST, SPECS} from './table-specs.js'
import type {HardwareRef, ModelRef, NormalizedDocument} from './types.js'

export type LedgerStatus = 'ingested' | 'duplicate' | 'rejected' | 'unrecognized'

/** One file version as the engine decided it: what goes into the ledger, and its rows if any. */
export interface LedgerEntry {
  path: string
  sha256: string | null
  sizeBytes: number | null
  mtimeMs: number | null
  category: string | null
  shape: string | null
  status: LedgerStatus
  reason?: string | null
  pointer?: string | null
  duplicateOf?: number | null
  /** Index in the same batch of the entry this one duplicates (its ledger id is not known yet). */
  duplicateOfIndex?: number
  /** Compressed original bytes, for byte-exact restore. */
  raw?: {encoding: string; bytes: Uint8Array} | null
  doc?: NormalizedDocument | null
  /** Ledger ids of older versions of this path whose rows this version replaces. */
  supersedes?: number[]
}

export type RowCounts = Record<string, number>

/** Rows each table would receive from one document (used by dry runs and the ledger). */
export function countRows(doc: NormalizedDocument): RowCounts {
  const c: RowCounts = {test_runs: 1}
  const add = (t: string, n: number) => {
    if (n > 0) c[t] = (c[t] ?? 0) + n
  }
  add('performance_results', doc.performance.length)
  add('performance_batch_results', doc.performance.reduce((s, p) => s + (p.samples?.length ?? 0), 0))
  add('hardware_compatibility', doc.compatibility.length)
  add('integration_test_results', doc.integration.length)
  add('integration_test_assertions', doc.integration.reduce((s, r) => s + (r.assertions?.length ?? 0), 0))
  add('web_platform_results', doc.webPlatform.length)
  add('webgpu_advanced_features', doc.webPlatform.filter((w) => w.webgpuFeatures).length)
  return c
}

/**
 * What a batch of entries changes, for caches of answers about single models: the names of every
 * model whose rows (or models row) it adds, and `wide` when it also deletes rows of older versions
 * (their models are not known here) so that every cached answer must go. Computed before the write,
 * so it covers a batch that is later split or partly refused (a superset is always safe).
 */
export interface WriteScope {
  models: Set<string>
  wide: boolean
}

export function writeScopeOf(entries: LedgerEntry[], into: WriteScope = {models: new Set(), wide: false}): WriteScope {
  for (const e of entries) {
    if ((e.supersedes?.length ?? 0) > 0) into.wide = true
    const doc = e.status === 'ingested' ? e.doc : null
    if (!doc) continue
    for (const m of doc.models) into.models.add(m.name)
    for (const r of doc.performance) into.models.add(r.model.name)
    for (const r of doc.compatibility) into.models.add(r.model.name)
    for (const r of doc.integration) if (r.model) into.models.add(r.model.name)
    for (const r of doc.webPlatform) into.models.add(r.model.name)
  }
  return into
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v))

/**
 * Writes a batch of ledger entries and all their rows. The caller wraps this in one transaction,
 * so every file's rows land together with its ledger row, or nothing does. Returns the ledger ids
 * in entry order.
 */
export async function writeBatch(db: Database, dims: Dimensions, entries: LedgerEntry[]): Promise<number[]> {
  const superseded = entries.flatMap((e) => e.supersedes ?? [])
  const docs = entries.map((e) => (e.status === 'ingested' ? e.doc ?? null : null))
  const withDocs = docs.filter((d): d is NormalizedDocument => Boolean(d))
  const n = (f: (d: NormalizedDocument) => number) => withDocs.reduce((s, d) => s + f(d), 0)
  // Every id of the batch, and the transaction's now() for DEFAULT columns, in one round trip.
  const {ids, now} = await allocateIdRanges(db, [
    ['ledger', 'seq_source_file_id', entries.length],
    ['run', 'seq_run_id', withDocs.length],
    ['perf', 'seq_result_id', n((d) => d.performance.length)],
    ['sample', 'seq_batch_id', n((d) => d.performance.reduce((s, p) => s + (p.samples?.length ?? 0), 0))],
    ['comp', 'seq_compatibility_id', n((d) => d.compatibility.length)],
    ['int', 'seq_test_result_id', n((d) => d.integration.length)],
    ['assert', 'seq_assertion_id', n((d) => d.integration.reduce((s, r) => s + (r.assertions?.length ?? 0), 0))],
    ['web', 'seq_web_result_id', n((d) => d.webPlatform.length)],
    ['feat', 'seq_feature_id', n((d) => d.webPlatform.filter((w) => w.webgpuFeatures).length)],
  ])
  const ledgerIds = ids.ledger
  if (superseded.length > 0) await retireVersions(db, superseded, entries, ledgerIds)

  const withDoc = docs.flatMap((doc, i) => (doc ? [{doc, fileId: ledgerIds[i]}] : []))
  const {run: runIds, perf: perfIds, sample: sampleIds, comp: compIds, int: intIds, assert: assertIds, web: webIds, feat: featIds} = ids

  const rows: Record<keyof typeof SPECS, unknown[][]> = {
    source_files: [], test_runs: [], performance_results: [], performance_batch_results: [],
    hardware_compatibility: [], integration_test_results: [], integration_test_assertions: [],
    web_platform_results: [], webgpu_advanced_features: [],
  }
  let [pi, si, ci, ii, ai, wi, fi] = [0, 0, 0, 0, 0, 0, 0]
  const {modelId, hardwareId} = await resolveDimensions(db, dims, withDoc.map((d) => d.doc))

  for (const [k, {doc, fileId}] of withDoc.entries()) {
    const runId = runIds[k]
    const r = doc.run
    rows.test_runs.push([runId, r.testName, r.testType, isoToMicros(r.startedAt), isoToMicros(r.completedAt),
      r.executionTimeSeconds ?? null, r.success ?? null, r.gitCommit ?? null, r.gitBranch ?? null,
      r.commandLine ?? null, json(r.metadata), fileId])

    for (const p of doc.performance) {
      const id = perfIds[pi++]
      rows.performance_results.push([id, runId, modelId(p.model), hardwareId(p.hardware),
        p.testCase ?? null, p.batchSize ?? null, p.precision ?? null, p.totalTimeSeconds ?? null,
        p.averageLatencyMs ?? null, p.throughputItemsPerSecond ?? null, p.memoryPeakMb ?? null,
        p.iterations ?? null, p.warmupIterations ?? null, json(p.metrics), p.latencyP50Ms ?? null,
        p.latencyP90Ms ?? null, p.latencyP99Ms ?? null, p.simulated, fileId])
      for (const s of p.samples ?? []) {
        rows.performance_batch_results.push([sampleIds[si++], id, s.batchIndex, s.batchSize ?? null,
          s.latencyMs ?? null, s.memoryUsageMb ?? null, fileId])
      }
    }
    for (const c of doc.compatibility) {
      rows.hardware_compatibility.push([compIds[ci++], runId, modelId(c.model),
        hardwareId(c.hardware), c.isCompatible, c.detectionSuccess ?? null,
        c.initializationSuccess ?? null, c.errorMessage ?? null, c.errorType ?? null, c.suggestedFix ?? null,
        c.workaroundAvailable ?? null, c.compatibilityScore ?? null, json(c.metadata), c.simulated, fileId])
    }
    for (const t of doc.integration) {
      const id = intIds[ii++]
      rows.integration_test_results.push([id, runId, t.testModule, t.testClass ?? null, t.testName, t.status,
        t.executionTimeSeconds ?? null, t.hardware ? hardwareId(t.hardware) : null,
        t.model ? modelId(t.model) : null, t.errorMessage ?? null, t.errorTraceback ?? null,
        json(t.metadata), t.simulated, fileId])
      for (const a of t.assertions ?? []) {
        rows.integration_test_assertions.push([assertIds[ai++], id, a.name, a.passed, a.expectedValue ?? null,
          a.actualValue ?? null, a.message ?? null, fileId])
      }
    }
    for (const w of doc.webPlatform) {
      const id = webIds[wi++]
      rows.web_platform_results.push([id, runId, modelId(w.model), hardwareId(w.hardware),
        w.platform, w.browser ?? null, w.browserVersion ?? null, w.testFile ?? null, w.success,
        w.loadTimeMs ?? null, w.initializationTimeMs ?? null, w.inferenceTimeMs ?? null, w.totalTimeMs ?? null,
        w.shaderCompilationTimeMs ?? null, w.memoryUsageMb ?? null, w.errorMessage ?? null, json(w.metrics),
        w.simulated, fileId])
      const f = w.webgpuFeatures
      if (f) {
        rows.webgpu_advanced_features.push([featIds[fi++], id, f.computeShaderSupport ?? null,
          f.parallelCompilation ?? null, f.shaderCacheHit ?? null, f.workgroupSize ?? null,
          f.computePipelineTimeMs ?? null, f.preCompiledPipeline ?? null, f.memoryOptimizationLevel ?? null,
          f.audioAcceleration ?? null, f.videoAcceleration ?? null, fileId])
      }
    }
  }

  entries.forEach((e, i) => {
    rows.source_files.push([ledgerIds[i], e.path, e.sha256, e.sizeBytes,
      e.mtimeMs === null ? null : BigInt(Math.round(e.mtimeMs * 1000)), e.category, e.shape, e.status,
      e.reason ?? null, e.pointer ?? null, e.duplicateOf ?? (e.duplicateOfIndex === undefined ? null : ledgerIds[e.duplicateOfIndex]), null,
      e.status === 'ingested' && e.doc ? json(countRows(e.doc)) : null, e.raw?.encoding ?? null, e.raw?.bytes ?? null])
  })

  for (const table of Object.keys(rows) as Array<keyof typeof SPECS>) {
    await appendRows(db, SPECS[table], rows[table], {now})
  }
  return ledgerIds
}

/**
 * Ids of every model and hardware platform the batch names, created where new, in the order the
 * rows name them (so ids are the same as when resolved row by row). Then the row loop needs no
 * await per row: one lookup in a local map. Refs already seen (most of them: a batch names a
 * few models and platforms thousands of times) are settled without an await or a key string.
 */
async function resolveDimensions(db: Database, dims: Dimensions, docs: NormalizedDocument[]) {
  const models = new Map<string, number>()
  const hardware = new Map<string, number>()
  const hardwareOfRef = new WeakMap<HardwareRef, number>()
  const model = async (m: ModelRef) => {
    if (!models.has(m.name)) models.set(m.name, await dims.modelId(db, m))
  }
  const hw = async (h: HardwareRef) => {
    if (hardwareOfRef.has(h)) return
    const key = DimensionsClass.hardwareKey(h)
    let id = hardware.get(key)
    if (id === undefined) hardware.set(key, (id = await dims.hardwareId(db, h)))
    hardwareOfRef.set(h, id)
  }
  // Only an unknown pair costs an await (an `await` of a settled value still yields a tick).
  const pair = (m: ModelRef, h: HardwareRef) => (models.has(m.name) && hardwareOfRef.has(h) ? null : model(m).then(() => hw(h)))
  for (const doc of docs) {
    for (const m of doc.models) await model(m)
    for (const h of doc.hardwarePlatforms) await hw(h)
    for (const p of doc.performance) {
      const wait = pair(p.model, p.hardware)
      if (wait) await wait
    }
    for (const c of doc.compatibility) {
      const wait = pair(c.model, c.hardware)
      if (wait) await wait
    }
    for (const t of doc.integration) {
      if (t.hardware) await hw(t.hardware)
      if (t.model) await model(t.model)
    }
    for (const w of doc.webPlatform) {
      const wait = pair(w.model, w.hardware)
      if (wait) await wait
    }
  }
  return {
    modelId: (m: ModelRef) => models.get(m.name)!,
    hardwareId: (h: HardwareRef) => hardwareOfRef.get(h) ?? hardware.get(DimensionsClass.hardwareKey(h))!,
  }
}

/**
 * A changed file at a known path replaces its older version: the old rows are deleted (so reports
 * never count both) and the old ledger row is kept as `superseded`, with its raw document, so the
 * old bytes can still be restored.
 */
async function retireVersions(db: Database, oldIds: number[], entries: LedgerEntry[], newIds: number[]): Promise<void> {
  const list = oldIds.map((id) => Math.floor(id)).join(',')
  for (const table of FACT_TABLES_CHILD_FIRST) {
    await db.run(`DELETE FROM ${table} WHERE source_file_id IN (${list})`)
  }
  for (const [i, e] of entries.entries()) {
    for (const old of e.supersedes ?? []) {
      await db.run(`UPDATE source_files SET status = 'superseded', superseded_by = ? WHERE source_file_id = ?`, [newIds[i], old])
    }
  }
}
