import {inferredAdapter} from './infer/adapter.js'
import {inferDocument, inferenceFailure} from './infer/infer-document.js'
import {MappingError} from './mapping-error.js'
import {completeRun} from './normalize/complete-run.js'
import {parseWithNonFinite} from './non-finite.js'
import {detectShape, firstAdapter, validateForAdapter} from './registry.js'
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

const INT32 = 2 ** 31 - 1

export function classifyDocument(value: unknown, ctx: AdapterContext, categories?: ReadonlySet<Category>): Classification {
  const adapter = firstAdapter(value)
  if (!adapter) return inferOrUnrecognized(value, ctx, categories)
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
