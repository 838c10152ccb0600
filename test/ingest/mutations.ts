import type {NormalizedDocument} from '../../src/lib/ingest/types.js'

/**
 * Mutations of a parsed document that a tolerant reader must survive, and the projection of
 * mapped rows that must not change under them.
 *
 * The rule for what may be dropped: a key is droppable when its subtree holds no measurement
 * and no identity, where
 *   - a measurement is a number (or numeric string) anywhere under a key that names a measured
 *     quantity (MEASURE_KEY: throughput, goodput, latency, memory, energy, efficiency, times,
 *     tokens/s, ...) or an outcome
 *     leaf (a boolean or string under OUTCOME_KEY: status, success, passed, compatible, error ...,
 *     or a string anywhere that reads as an outcome: OUTCOME_VALUE),
 *   - an identity is a string under a key that names the model or the hardware, or a test
 *     (`test_*`: an integration row's identity, as model x hardware is a performance row's), or a
 *     benchmark (its name, full name, id parts, parameters and mode: a benchmark tool's series
 *     is the benchmark's own name with its parameters) (IDENTITY_KEY), or the machine or CPU
 *     model string (the machine is part of every series, the CPU model is the device)
 *     (IDENTITY_LEAF_KEY),
 *   - a unit beside measurements (UNIT_KEY: `unit`, `time_unit`, `scoreUnit` ...) is part of
 *     them: JMH's and Google Benchmark's units vary per benchmark, and a number without its unit
 *     means nothing. Where the tool fixes its units (UNITS_FIXED_BY_TOOL in mutation.test.ts),
 *     the test drops them on their own and the reader must default them.
 *   - raw samples (`rawData`, `OriginalValues`) are measurements, and so are Criterion's
 *     per-sample iteration counts (`iters`: the times are totals over them) and every number of
 *     a statistics record or a Google Benchmark run record (measuresEveryNumber).
 * Everything else (metadata, file names, flags, tracebacks, support tables, progress lists,
 * summaries, timestamps, environment facts) is incidental and must be optional.
 */
export const MEASURE_KEY = /throughput|goodput|latenc|memory|energy|efficien|_mb$|_ms$|_s$|_sec|seconds|time|duration|tokens_per_second|per_sec|fps|speed|score|iterations|batch|samples|^iters$|raw_?data|originalvalues|(^|_)(mean|median|min|max|std|p\d\d)($|_)/i
export const OUTCOME_KEY = /status|success|passed|pass$|fail|compatib|error|exit_code|return_?code|result|ok$|works|available|supported$/i
/** A string that reads as a test outcome wherever it is (`Success (REAL)`, `Failed CUDA init`, `ImportError: ...`). */
export const OUTCOME_VALUE = /^(success|succeeded|pass(ed)?|ok|completed|ready|fail(ed|ure)?|error|skipped)\b|\bnot (available|installed)\b|^\w+(Error|Exception)\b/i
export const IDENTITY_KEY = /model|hardware|platform|device|backend|browser|family|^name$|fullname|^benchmark$|(full|group|function)_id$|^params?$|^mode$|^key$|^id$|precision|^test_/i
export const UNIT_KEY = /^(unit|units)$|_unit$|[a-z]Unit$/i
/** A string naming the machine (part of every series) or its CPU model (the device); as a block (`"cpu": {...}` results per platform) it is not one. */
export const IDENTITY_LEAF_KEY = /^(machine|cpu)$/i

/**
 * Records whose every number is a measurement, whatever its name: a statistics record (one that
 * holds a mean, median, min, max or standard deviation: its `q1`, `iqr`, `ops`, `total`, `data`
 * are statistics too) and a Google Benchmark run record (one with `real_time` or `cpu_time` and
 * a `time_unit`), which keeps user counters (`state.counters["hits"]`) as plain keys under names
 * the benchmark's author chose. Summary counts (`total_tests`) sit in records with neither.
 */
const STATISTIC = /^(mean|median|min|max|std|stddev|standarddeviation|std_dev)$/i
function measuresEveryNumber(o: Record<string, unknown>): boolean {
  return ('time_unit' in o && ('real_time' in o || 'cpu_time' in o)) || Object.keys(o).some((k) => STATISTIC.test(k) && isNumeric(o[k]))
}
const isNumeric = (v: unknown): boolean => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))
const numbersOnly = (v: unknown): boolean => isNumeric(v) || (Array.isArray(v) && v.length > 0 && v.every((x) => numbersOnly(x) || x === null))

type Json = unknown

/** A key as a JSON pointer segment (RFC 6901). */
const token = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1')

function holdsMeasurementOrIdentity(value: Json, key: string, under: {measure: boolean; outcome: boolean; identity: boolean}): boolean {
  const m = under.measure || MEASURE_KEY.test(key)
  const o = under.outcome || OUTCOME_KEY.test(key)
  const i = under.identity || IDENTITY_KEY.test(key)
  if (typeof value === 'number') return m || o
  if (typeof value === 'string') return i || o || IDENTITY_LEAF_KEY.test(key) || UNIT_KEY.test(key) || OUTCOME_VALUE.test(value) || (m && isNumeric(value))
  if (typeof value === 'boolean') return o
  if (Array.isArray(value)) return value.some((v) => holdsMeasurementOrIdentity(v, key, {measure: m, outcome: o, identity: i}))
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => holdsMeasurementOrIdentity(v, k, {measure: m, outcome: o, identity: i}))
  return false
}

/**
 * A document that declares its own format: a root `format` string beside a `version` (benchdb
 * result format v1: `{"format": "benchdb-result", "version": 1}`). The pair is the layout's
 * identity as a model name is a row's: without `format` the document is some other JSON, and
 * without `version` nobody can tell which schema (v1, a later v2 that may change meanings) reads
 * it, so a writer of a versioned format must state both. Other tools' `version` keys (asv's,
 * optimum-benchmark's) stay incidental: their layouts are recognised by content.
 */
function declaresFormat(doc: Record<string, unknown>, path: string): boolean {
  return path === '' && typeof doc.format === 'string' && 'version' in doc
}

/** JSON pointer of every object key whose subtree holds neither a measurement nor an identity. */
export function incidentalKeys(doc: Json, path = '', inherited = {measure: false, outcome: false, identity: false}): string[] {
  const out: string[] = []
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...incidentalKeys(v, `${path}/${i}`, inherited)))
  else if (doc && typeof doc === 'object') {
    const formatDeclared = declaresFormat(doc as Record<string, unknown>, path)
    const everyNumber = measuresEveryNumber(doc as Record<string, unknown>)
    for (const [k, v] of Object.entries(doc)) {
      const p = `${path}/${token(k)}`
      if (formatDeclared && (k === 'format' || k === 'version')) continue
      if (everyNumber && numbersOnly(v)) continue
      if (!holdsMeasurementOrIdentity(v, k, inherited)) out.push(p)
      else out.push(...incidentalKeys(v, p, {measure: inherited.measure || MEASURE_KEY.test(k), outcome: inherited.outcome || OUTCOME_KEY.test(k), identity: inherited.identity || IDENTITY_KEY.test(k)}))
    }
  }
  return out
}

function segments(pointer: string): string[] {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** A deep copy of `doc` without the key at `pointer`. */
export function dropKey(doc: Json, pointer: string): Json {
  const copy = structuredClone(doc)
  const segs = segments(pointer)
  let parent = copy as Record<string, unknown>
  for (const s of segs.slice(0, -1)) parent = parent[s] as Record<string, unknown>
  delete parent[segs.at(-1)!]
  return copy
}

/** Applies `fn` to every object (deep), on a copy. */
export function mapObjects(doc: Json, fn: (o: Record<string, unknown>) => Record<string, unknown>): Json {
  const walk = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') return fn(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])))
    return v
  }
  return walk(doc)
}

/** Every number under a measurement key or in a record whose every number is a measurement, with its pointer. */
export function measurementLeaves(doc: Json, path = '', under = false): string[] {
  if (typeof doc === 'number') return under ? [path] : []
  if (Array.isArray(doc)) return doc.flatMap((v, i) => measurementLeaves(v, `${path}/${i}`, under))
  if (doc && typeof doc === 'object') {
    const everyNumber = measuresEveryNumber(doc as Record<string, unknown>)
    return Object.entries(doc).flatMap(([k, v]) => measurementLeaves(v, `${path}/${token(k)}`, under || MEASURE_KEY.test(k) || (everyNumber && numbersOnly(v))))
  }
  return []
}

/** A copy of `doc` with the leaf at `pointer` replaced by `fn(leaf)`. */
export function replaceLeaf(doc: Json, pointer: string, fn: (v: unknown) => unknown): Json {
  const copy = structuredClone(doc)
  const segs = segments(pointer)
  let parent = copy as Record<string, unknown>
  for (const s of segs.slice(0, -1)) parent = parent[s] as Record<string, unknown>
  const last = segs.at(-1)!
  parent[last] = fn(parent[last])
  return copy
}

/**
 * What a mutation must not change: every measured value of every row, with the row's model
 * and hardware, as sorted multisets per table (row order and names of incidental fields aside).
 */
export function measurementRows(doc: NormalizedDocument): Record<string, string[]> {
  const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort()
  return {
    performance: sorted(
      doc.performance.map((p) => [p.model.name, p.hardware.type, p.batchSize ?? null, p.throughputItemsPerSecond ?? null, p.averageLatencyMs ?? null, p.memoryPeakMb ?? null, p.totalTimeSeconds ?? null, p.latencyP50Ms ?? null, p.latencyP90Ms ?? null, p.latencyP99Ms ?? null, (p.samples ?? []).map((s) => s.latencyMs ?? null), (p.metricValues ?? []).map((m) => [m.metric, m.value, m.unit])]),
    ),
    compatibility: sorted(doc.compatibility.map((c) => [c.model.name, c.hardware.type, c.isCompatible])),
    integration: sorted(doc.integration.map((r) => [r.status, r.executionTimeSeconds ?? null, (r.assertions ?? []).map((a) => a.passed)])),
    webPlatform: sorted(doc.webPlatform.map((w) => [w.model.name, w.platform, w.success, w.loadTimeMs ?? null, w.initializationTimeMs ?? null, w.inferenceTimeMs ?? null, w.totalTimeMs ?? null, w.shaderCompilationTimeMs ?? null, w.memoryUsageMb ?? null])),
  }
}

/** Pointer of every string under a unit key (`unit`, `time_unit`, `scoreUnit` ...). */
export function unitKeys(doc: Json, path = ''): string[] {
  if (Array.isArray(doc)) return doc.flatMap((v, i) => unitKeys(v, `${path}/${i}`))
  if (doc && typeof doc === 'object') {
    return Object.entries(doc).flatMap(([k, v]) => {
      const p = `${path}/${token(k)}`
      return typeof v === 'string' && UNIT_KEY.test(k) ? [p] : unitKeys(v, p)
    })
  }
  return []
}
