import {fileStem, newDocument, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelRef} from '../normalize/model.js'
import {toIsoUtc} from '../normalize/time.js'
import type {AdapterContext, JsonObject, NormalizedDocument, PerformanceRow, RunRow} from '../types.js'
import {deviceOf, identityOf, type Identity} from './identity.js'
import {MeasurementWalker, type InferredValue, type Skipped} from './walk.js'

/** What inference read, row by row: the `--explain` view and the reason when nothing could be stored. */
export interface InferenceReport {
  rows: Array<{
    pointer: string
    model: {name: string; pointer: string}
    hardware: {type: string; device: string | null; pointer: string}
    precision: string | null
    batchSize: number | null
    testCase: string | null
    values: InferredValue[]
  }>
  /** Measurements found but not stored (no model, no hardware, no unit), each with its pointer. */
  skipped: Skipped[]
}

export interface Inference {
  /** Null when no measurement had both a model and a hardware. */
  doc: NormalizedDocument | null
  report: InferenceReport
}

const TIME_KEYS = ['timestamp', 'started_at', 'start_time', 'date', 'datetime', 'created_at']
/** Unix seconds before 2001 are more likely durations or counters than times. */
const MIN_UNIX_SECONDS = 1e9
const MACHINE_KEYS = ['hostname', 'host', 'machine', 'node', 'runner']
const COMMIT_KEYS = ['git_commit', 'commit', 'git_sha', 'sha', 'revision']
const BRANCH_KEYS = ['git_branch', 'branch']
const CONTEXT_OBJECTS = ['metadata', 'meta', 'environment', 'env', 'system', 'system_info', 'context', 'run', 'run_info', 'info', 'host_info', 'config']

/** A string at one of `keys` in the root object or one of its context objects. */
function contextString(doc: unknown, keys: string[]): string | null {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null
  const root = doc as Record<string, unknown>
  const places = [root, ...CONTEXT_OBJECTS.map((k) => root[k]).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v))]
  for (const place of places) for (const k of keys) if (typeof place[k] === 'string' && (place[k] as string).trim() !== '') return (place[k] as string).trim()
  return null
}

function contextTime(doc: unknown): string | null {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null
  const root = doc as Record<string, unknown>
  for (const k of TIME_KEYS) {
    const v = root[k]
    const iso = (typeof v === 'number' && v < MIN_UNIX_SECONDS ? null : toIsoUtc(v)) ?? dateOnly(v)
    if (iso) return iso
  }
  const text = contextString(doc, TIME_KEYS)
  return toIsoUtc(text) ?? dateOnly(text)
}

/** `2026-02-01`: a day, kept as its midnight UTC (the file's own precision). */
function dateOnly(v: unknown): string | null {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? `${v.trim()}T00:00:00Z` : null
}

function runRow(doc: unknown, ctx: AdapterContext): RunRow {
  const startedAt = contextTime(doc)
  return {
    testName: fileStem(ctx),
    testType: 'inferred',
    startedAt,
    timeSource: startedAt ? 'file' : 'unknown',
    machine: contextString(doc, MACHINE_KEYS),
    gitCommit: contextString(doc, COMMIT_KEYS),
    gitBranch: contextString(doc, BRANCH_KEYS),
    metadata: runMetadata(ctx, startedAt !== null, {inferred: true}),
  }
}

function missing(id: Identity): string | null {
  if (!id.model && !id.hardware) return 'no model and no hardware'
  if (!id.model) return 'no model'
  if (!id.hardware) return 'no hardware'
  return null
}

/**
 * The inferring fallback: for a document no adapter recognises, every group of measurements that
 * has a model and a hardware (in its object, its ancestors or their keys) becomes one performance
 * row, marked inferred, with the JSON pointer of its object; each value keeps its own pointer and
 * is the file's number times the documented unit factor. Groups lacking either are reported, not
 * stored. The run's time, machine and commit come from the document's top level, never from mtime.
 */
export function inferDocument(value: unknown, ctx: AdapterContext): Inference {
  const walker = new MeasurementWalker()
  walker.walk(value)
  const report: InferenceReport = {rows: [], skipped: [...walker.skipped]}
  const performance: PerformanceRow[] = []
  for (const [pointer, g] of walker.groups) {
    const id = identityOf(g.frames, g.ownerIndex)
    const lack = missing(id)
    if (lack) {
      report.skipped.push({pointer: pointer || '/', reason: `${g.values.map((v) => v.key).join(', ')}: ${lack} in the object, its ancestors or the keys above it`})
      continue
    }
    const hw = id.hardware!.value
    const device = deviceOf(id)
    const testCase = id.testCase?.value ?? (id.pathParts.length ? id.pathParts.map((p) => p.value).join('/') : null)
    // Every value's own pointer stays with the row, also for values the writer puts in a contract column.
    const inferredFrom: JsonObject = {model: id.model!.pointer, hardware: id.hardware!.pointer,
      values: g.values.map((v) => ({metric: v.metric, pointer: v.pointer, raw: v.raw, factor: v.factor}))}
    performance.push({
      model: modelRef(id.model!.value),
      hardware: hardwareRef(hw.type, {deviceName: device}),
      testCase,
      batchSize: id.batchSize?.value ?? null,
      precision: id.precision?.value ?? null,
      iterations: id.iterations?.value ?? null,
      simulated: id.simulated?.value ?? false,
      metricValues: g.values.map((v) => ({metric: v.metric, value: v.value, unit: v.unit, higherIsBetter: v.higherIsBetter, pointer: v.pointer})),
      inferred: true,
      sourcePointer: pointer || '/',
      metrics: {inferredFrom},
    })
    report.rows.push({
      pointer: pointer || '/', model: {name: id.model!.value, pointer: id.model!.pointer},
      hardware: {type: hw.type, device, pointer: id.hardware!.pointer},
      precision: id.precision?.value ?? null, batchSize: id.batchSize?.value ?? null, testCase, values: g.values,
    })
  }
  if (performance.length === 0) return {doc: null, report}
  const doc = newDocument(runRow(value, ctx))
  doc.performance = performance
  doc.unmapped = report.skipped.map((s) => ({pointer: s.pointer, reason: s.reason}))
  return {doc, report}
}

/** Why inference stored nothing, in one sentence (appended to "no adapter recognised ..."). */
export function inferenceFailure(report: InferenceReport): string {
  if (report.skipped.length === 0) return 'no measurement found either (no number under a name such as latency_ms, throughput, tokens_per_second, memory_mb, ttft_ms)'
  const shown = report.skipped.slice(0, 3).map((s) => `${s.pointer} (${s.reason})`).join('; ')
  return `measurements found but none could be stored: ${shown}${report.skipped.length > 3 ? `; and ${report.skipped.length - 3} more` : ''}`
}
