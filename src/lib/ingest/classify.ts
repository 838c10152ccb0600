import {inferredAdapter} from './infer/adapter.js'
import {inferDocument, inferenceFailure} from './infer/infer-document.js'
import {MappingError} from './mapping-error.js'
import {completeRun} from './normalize/complete-run.js'
import {orderMetricValues} from './normalize/metric-order.js'
import {parseWithNonFinite} from './non-finite.js'
import {parseJsonBytes} from './parse-json.js'
import {detectShape, firstAdapter, textAdapter, validateForAdapter} from './registry.js'
import {decodeText, expectsJson} from './text-input.js'
import type {AdapterContext, Category, NormalizedDocument, ShapeAdapter} from './types.js'

/**
 * What one parsed document is: mapped rows of a known shape, a known shape with bad values
 * (rejected, with the JSON pointer), or a layout no adapter knows (unrecognized: kept, not
 * mapped). Pure: no database, so dry runs, --explain and the REST API share it.
 */
export type Classification =
  | {kind: 'mapped'; adapter: ShapeAdapter; doc: NormalizedDocument}
  | {kind: 'rejected'; adapter: ShapeAdapter | null; reason: string; pointer: string | null; expected: string}
  | {kind: 'unrecognized'; reason: string}
  | {kind: 'filtered'; adapter: ShapeAdapter}
  /** A text file (not `.json`) that is neither a JSON document an adapter knows nor a text format: not a result file. */
  | {kind: 'unclaimed'; reason: string}

const INT32 = 2 ** 31 - 1

export function classifyDocument(value: unknown, ctx: AdapterContext, categories?: ReadonlySet<Category>, options: {infer?: boolean} = {}): Classification {
  const adapter = firstAdapter(value)
  if (!adapter) {
    if (options.infer === false) return {kind: 'unrecognized', reason: detectShape(value).errors[0] ?? 'no adapter recognised the document'}
    return inferOrUnrecognized(value, ctx, categories)
  }
  return applyAdapter(adapter, value, ctx, categories)
}

/**
 * What a file's bytes are: one JSON document (classified as above; NaN/Infinity literals only for
 * a format that writes them), else a text format whose reader claims the text, else a rejected
 * `.json` file (with its JSON parse error) or an unclaimed text file. A `.txt`/`.log`/`.jsonl` that
 * parses as JSON but that no adapter recognises is also unclaimed: a JSON log line is not a result.
 */
export function classifyBytes(bytes: Uint8Array, ctx: AdapterContext, categories?: ReadonlySet<Category>): {bom: boolean; classification: Classification; notes?: string[]} {
  // A text file that cannot be a JSON document (does not start with { or [) skips the JSON parse
  // and its error location, most of the cost of a folder of build logs read on every run.
  const json = expectsJson(ctx.path) || startsLikeJson(bytes)
  const parsed = json ? parseJsonBytes(bytes) : null
  if (parsed?.ok) {
    // The inferring fallback reads .json result files only: a JSON line in a log is not a result.
    const c = classifyDocument(parsed.value, ctx, categories, {infer: expectsJson(ctx.path)})
    if (c.kind === 'unrecognized' && !expectsJson(ctx.path)) return {bom: parsed.bom, classification: {kind: 'unclaimed', reason: c.reason}}
    return {bom: parsed.bom, classification: c}
  }
  const decoded = decodeText(bytes)
  if (parsed && decoded && /NaN|Infinity/.test(parsed.reason)) {
    // NaN/Infinity literals: accepted only for a format whose writer emits them (see classifyNonFinite).
    const retry = classifyNonFinite(decoded.text, ctx, categories)
    if (retry) return {bom: decoded.bom, classification: retry.classification, notes: retry.notes}
  }
  const adapter = decoded ? textAdapter(decoded.text) : null
  if (decoded && adapter) return {bom: decoded.bom, classification: classifyText(adapter, decoded.text, ctx, categories)}
  if (parsed && expectsJson(ctx.path)) return {bom: false, classification: {kind: 'rejected', adapter: null, reason: parsed.reason, pointer: parsed.pointer, expected: parsed.expected}}
  return {bom: false, classification: {kind: 'unclaimed', reason: decoded ? 'no text format claims this file' : 'not UTF-8 text'}}
}

/** Whether the first byte after a BOM and whitespace opens a JSON object or array. */
function startsLikeJson(bytes: Uint8Array): boolean {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++
  return bytes[i] === 0x7b || bytes[i] === 0x5b
}

/** A text claimed by `adapter`'s reader: read it (a broken line rejects the file), then as JSON documents are. */
export function classifyText(adapter: ShapeAdapter, text: string, ctx: AdapterContext, categories?: ReadonlySet<Category>): Classification {
  if (categories && !categories.has(adapter.category)) return {kind: 'filtered', adapter}
  const r = adapter.text!.parse(text)
  if (!r.ok) return {kind: 'rejected', adapter, reason: `does not match shape "${adapter.name}": line ${r.line}: ${r.reason}`, pointer: `line ${r.line}`, expected: r.expected}
  const c = applyAdapter(adapter, r.value, ctx, categories)
  // A record of JSON Lines that fails validation: name its line, then the pointer inside it.
  const at = c.kind === 'rejected' && r.lines && c.pointer ? /^\/(\d+)(\/.*)?$/.exec(c.pointer) : null
  if (c.kind === 'rejected' && at && r.lines![Number(at[1])] !== undefined) {
    return {...c, pointer: `line ${r.lines![Number(at[1])]}${at[2] ? ` ${at[2]}` : ''}`}
  }
  return c
}

function applyAdapter(adapter: ShapeAdapter, value: unknown, ctx: AdapterContext, categories?: ReadonlySet<Category>): Classification {
  if (categories && !categories.has(adapter.category)) return {kind: 'filtered', adapter}
  const v = validateForAdapter(adapter, value)
  if (!v.ok) return {kind: 'rejected', adapter, reason: `does not match shape "${adapter.name}": ${v.message}`, pointer: v.pointer, expected: v.expected}
  let doc: NormalizedDocument
  try {
    doc = adapter.map(value, ctx)
  } catch (err) {
    // A rule the schema cannot state, broken at a known place: rejected like a schema failure.
    if (err instanceof MappingError) return {kind: 'rejected', adapter, reason: `does not match shape "${adapter.name}": ${err.message}`, pointer: err.pointer, expected: err.expected}
    // A mapper that throws on a document its schema accepted: reject this file, keep the run going.
    return {kind: 'rejected', adapter, reason: `shape "${adapter.name}" could not map the document: ${(err as Error).message}`, pointer: null, expected: `a document the "${adapter.name}" mapper accepts`}
  }
  completeRun(doc, value, ctx.path)
  orderMetricValues(doc)
  const range = outOfRange(doc)
  if (range) return {kind: 'rejected', adapter, reason: `${range.field} = ${range.value} is out of range for an INTEGER column`, pointer: range.where, expected: 'an integer between -2147483648 and 2147483647'}
  return {kind: 'mapped', adapter, doc}
}

/**
 * No adapter detected the document: the inferring fallback stores what it can read with certainty
 * (rows marked inferred); with nothing storable the document stays unrecognized, and the reason
 * names the closest adapter and what inference found.
 */
function inferOrUnrecognized(value: unknown, ctx: AdapterContext, categories?: ReadonlySet<Category>): Classification {
  const {doc, report} = inferDocument(value, ctx)
  if (doc) {
    if (categories && !categories.has(inferredAdapter.category)) return {kind: 'filtered', adapter: inferredAdapter}
    // The same run completion as every adapter's document (context in metadata, time from the name).
    completeRun(doc, value, ctx.path)
    orderMetricValues(doc)
    return {kind: 'mapped', adapter: inferredAdapter, doc}
  }
  // Only an unrecognized document pays for ranking every adapter (to name the closest).
  const closest = detectShape(value).errors[0] ?? 'no adapter recognised the document'
  return {kind: 'unrecognized', reason: `${closest}; inference: ${inferenceFailure(report)}`}
}

/**
 * A text the strict parser refused, read again with NaN/Infinity literals as null: classified
 * only when the adapter that detects it declares that its format writes them (asv); null
 * otherwise, and the caller keeps the strict parser's rejection. The literals' pointers are noted.
 */
export function classifyNonFinite(text: string, ctx: AdapterContext, categories?: ReadonlySet<Category>): {classification: Classification; notes: string[]} | null {
  const lenient = parseWithNonFinite(text)
  if (!lenient) return null
  const adapter = firstAdapter(lenient.value)
  if (!adapter?.nonFiniteLiterals) return null
  const shown = lenient.pointers.slice(0, 5).join(', ') + (lenient.pointers.length > 5 ? `, ... (${lenient.pointers.length} in all)` : '')
  return {classification: classifyDocument(lenient.value, ctx, categories), notes: [`NaN/Infinity literal read as null (no value) at ${shown}`]}
}

/**
 * Values headed for INTEGER columns that DuckDB would refuse (the Appender would fail the whole
 * batch). The schema checks types; this checks the range the table can hold.
 */
function outOfRange(doc: NormalizedDocument): {field: string; value: number; where: string} | null {
  const bad = (v: number | null | undefined) => typeof v === 'number' && (!Number.isInteger(v) || Math.abs(v) > INT32)
  for (const [i, p] of doc.performance.entries()) {
    for (const f of ['batchSize', 'iterations', 'warmupIterations'] as const) {
      if (bad(p[f])) return {field: `performance row ${i} ${f}`, value: p[f] as number, where: `(mapped performance row ${i})`}
    }
    for (const [k, s] of (p.samples ?? []).entries()) {
      if (bad(s.batchIndex) || bad(s.batchSize)) return {field: `performance row ${i} sample ${k} batch`, value: (bad(s.batchIndex) ? s.batchIndex : s.batchSize) as number, where: `(mapped performance row ${i})`}
    }
  }
  for (const h of doc.hardwarePlatforms) if (bad(h.computeUnits)) return {field: 'compute_units', value: h.computeUnits as number, where: '(hardware)'}
  return null
}
