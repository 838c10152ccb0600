import {statSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {BenchError} from '../errors.js'
import {classifyDocument, classifyNonFinite} from './classify.js'
import {inferDocument, type InferenceReport} from './infer/infer-document.js'
import {parseJsonBytes} from './parse-json.js'
import {readSourceFile, DEFAULT_MAX_FILE_SIZE, describeReadError} from './read-file.js'
import {explainDetection, type DetectionExplanation} from './registry.js'
import {siblingReader} from './siblings.js'
import type {HardwareRef, ModelRef, NormalizedDocument} from './types.js'
import {countRows, type RowCounts} from './writer.js'

export interface Explanation {
  path: string
  size: number
  /** Outcome as db:convert would decide it for a new file (the ledger is not consulted). */
  status: 'ingested' | 'rejected' | 'unrecognized'
  adapter: string | null
  category: string | null
  reason: string | null
  pointer: string | null
  expected: string | null
  detection: DetectionExplanation[]
  rowCounts: RowCounts | null
  /** Every row it would write, by table, with model/hardware named (ids are assigned on write). */
  rows: Record<string, Array<Record<string, unknown>>> | null
  /** For a document no adapter detected: what the inferring fallback read (pointer -> metric, model, hardware) and left out. */
  inference?: InferenceReport
}

/** `db:convert --explain FILE`: which adapter matches (or why none does) and exactly what it would write. */
export function explainFile(file: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): Explanation {
  const path = resolve(file)
  let st
  try {
    st = statSync(path)
  } catch (err) {
    const d = describeReadError(err as NodeJS.ErrnoException)
    throw new BenchError('io', `${file}: ${d.reason}`, {file, expected: d.expected})
  }
  const base = {path, size: st.size, adapter: null, category: null, pointer: null, expected: null, detection: [], rowCounts: null, rows: null}
  if (st.isDirectory()) return {...base, status: 'rejected', reason: 'is a directory', expected: 'a regular JSON file'}
  const read = readSourceFile(path, st.size, maxFileSize)
  if (!read.ok) return {...base, status: 'rejected', reason: read.reason, expected: read.expected}
  const parsed = parseJsonBytes(read.bytes)
  // Companion files are read from the file's own directory only (the input root of an explained file).
  const ctx = {path, mtime: st.mtime, readSibling: siblingReader(path, dirname(path))}
  const lenient = parsed.ok || !/NaN|Infinity/.test(parsed.reason) ? null : classifyNonFinite(Buffer.from(read.bytes).toString('utf8'), ctx)
  if (!parsed.ok && !lenient) return {...base, status: 'rejected', reason: parsed.reason, pointer: parsed.pointer, expected: parsed.expected}
  const detection = parsed.ok ? explainDetection(parsed.value) : []
  const c = parsed.ok ? classifyDocument(parsed.value, ctx) : lenient!.classification
  // Inference runs only where detection failed; its report is what --explain adds for such a file.
  const inference = parsed.ok && (c.kind === 'unrecognized' || (c.kind === 'mapped' && c.doc.performance.some((p) => p.inferred))) ? inferDocument(parsed.value, ctx).report : undefined
  if (c.kind === 'unrecognized') return {...base, detection, status: 'unrecognized', reason: c.reason, inference}
  if (c.kind === 'rejected' || c.kind === 'filtered') {
    const r = c.kind === 'rejected' ? c : null
    return {...base, detection, status: 'rejected', adapter: c.adapter?.name ?? null, category: c.adapter?.category ?? null, reason: r?.reason ?? null, pointer: r?.pointer ?? null, expected: r?.expected ?? null}
  }
  return {...base, detection, status: 'ingested', adapter: c.adapter.name, category: c.adapter.category, reason: null, rowCounts: countRows(c.doc), rows: previewRows(c.doc), ...(inference ? {inference} : {})}
}

const model = (m: ModelRef | null | undefined) => m?.name ?? null
const hw = (h: HardwareRef | null | undefined) => (h ? {hardware_type: h.type.toLowerCase(), device_name: h.deviceName ?? null} : {hardware_type: null, device_name: null})

/** The rows of a mapped document under their column names, in the order the writer appends them. */
export function previewRows(doc: NormalizedDocument): Record<string, Array<Record<string, unknown>>> {
  const r = doc.run
  const out: Record<string, Array<Record<string, unknown>>> = {
    test_runs: [{test_name: r.testName, test_type: r.testType, started_at: r.startedAt ?? null, completed_at: r.completedAt ?? null,
      execution_time_seconds: r.executionTimeSeconds ?? null, success: r.success ?? null, git_commit: r.gitCommit ?? null,
      git_branch: r.gitBranch ?? null, command_line: r.commandLine ?? null, metadata: r.metadata ?? null}],
  }
  const push = (t: string, row: Record<string, unknown>) => (out[t] ??= []).push(row)
  for (const m of doc.models) push('models', {model_name: m.name, model_family: m.family ?? null, modality: m.modality ?? null})
  for (const h of doc.hardwarePlatforms) push('hardware_platforms', {...hw(h), memory_gb: h.memoryGb ?? null})
  doc.performance.forEach((p, i) => {
    push('performance_results', {model_name: model(p.model), ...hw(p.hardware), test_case: p.testCase ?? null, batch_size: p.batchSize ?? null,
      precision: p.precision ?? null, total_time_seconds: p.totalTimeSeconds ?? null, average_latency_ms: p.averageLatencyMs ?? null,
      throughput_items_per_second: p.throughputItemsPerSecond ?? null, memory_peak_mb: p.memoryPeakMb ?? null, iterations: p.iterations ?? null,
      warmup_iterations: p.warmupIterations ?? null, latency_p50_ms: p.latencyP50Ms ?? null, latency_p90_ms: p.latencyP90Ms ?? null,
      latency_p99_ms: p.latencyP99Ms ?? null, metrics: p.metrics ?? null, is_simulated: p.simulated,
      ...(p.inferred ? {is_inferred: true} : {}), ...(p.sourcePointer ? {source_pointer: p.sourcePointer} : {}),
      ...(p.metricValues?.length ? {metric_values: p.metricValues} : {})})
    for (const s of p.samples ?? []) push('performance_batch_results', {performance_row: i, batch_index: s.batchIndex, batch_size: s.batchSize ?? null, latency_ms: s.latencyMs ?? null, memory_usage_mb: s.memoryUsageMb ?? null})
  })
  for (const c of doc.compatibility) {
    push('hardware_compatibility', {model_name: model(c.model), ...hw(c.hardware), is_compatible: c.isCompatible, detection_success: c.detectionSuccess ?? null,
      initialization_success: c.initializationSuccess ?? null, error_message: c.errorMessage ?? null, error_type: c.errorType ?? null,
      suggested_fix: c.suggestedFix ?? null, workaround_available: c.workaroundAvailable ?? null, compatibility_score: c.compatibilityScore ?? null,
      metadata: c.metadata ?? null, is_simulated: c.simulated})
  }
  doc.integration.forEach((t, i) => {
    push('integration_test_results', {test_module: t.testModule, test_class: t.testClass ?? null, test_name: t.testName, status: t.status,
      execution_time_seconds: t.executionTimeSeconds ?? null, ...hw(t.hardware), model_name: model(t.model), error_message: t.errorMessage ?? null,
      metadata: t.metadata ?? null, is_simulated: t.simulated})
    for (const a of t.assertions ?? []) push('integration_test_assertions', {integration_row: i, assertion_name: a.name, passed: a.passed, expected_value: a.expectedValue ?? null, actual_value: a.actualValue ?? null, message: a.message ?? null})
  })
  doc.webPlatform.forEach((w, i) => {
    push('web_platform_results', {model_name: model(w.model), ...hw(w.hardware), platform: w.platform, browser: w.browser ?? null,
      browser_version: w.browserVersion ?? null, test_file: w.testFile ?? null, success: w.success, load_time_ms: w.loadTimeMs ?? null,
      initialization_time_ms: w.initializationTimeMs ?? null, inference_time_ms: w.inferenceTimeMs ?? null, total_time_ms: w.totalTimeMs ?? null,
      shader_compilation_time_ms: w.shaderCompilationTimeMs ?? null, memory_usage_mb: w.memoryUsageMb ?? null, error_message: w.errorMessage ?? null,
      metrics: w.metrics ?? null, is_simulated: w.simulated})
    if (w.webgpuFeatures) push('webgpu_advanced_features', {web_row: i, ...w.webgpuFeatures})
  })
  return out
}
