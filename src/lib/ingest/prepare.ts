import type * as ClassifyModule from './classify.js'
import {parseJsonBytes} from './parse-json.js'
import {packDocument, type PackedDoc} from './pack-rows.js'
import {sha256Hex} from './sha256.js'
import {siblingReader} from './siblings.js'
import type {Category} from './types.js'

/**
 * Everything the engine decides about one document that does not depend on the ledger: its
 * hash, whether it parses, and what its shape adapter makes of it. Plain data (no adapter
 * objects), so a worker thread can compute it and post it back; the ledger decisions (unchanged,
 * duplicate, new version) stay with the session on the main thread, in file order.
 */
export type Verdict =
  | {kind: 'mapped'; category: Category; shape: string; packed: PackedDoc}
  | {kind: 'rejected'; category: Category | null; shape: string | null; reason: string; pointer: string | null; expected: string}
  | {kind: 'unrecognized'; reason: string}
  | {kind: 'filtered'; category: Category; shape: string}

export interface Prepared {
  sha256: string
  /** A UTF-8 byte order mark was skipped for parsing. */
  bom: boolean
  /** What the ledger's notes should say about how the document was read (NaN literals accepted ...). */
  notes?: string[]
  verdict: Verdict
}

let classify: typeof ClassifyModule | undefined

/** Loads ajv and the adapters once (a no-op rerun never needs them). */
export async function loadClassifier(): Promise<void> {
  classify ??= await import('./classify.js')
}

export {sha256Hex}

/**
 * Parse and classify (after loadClassifier()). `sha` when the caller already hashed the bytes.
 * `root`: the input directory the file was found under, which bounds the sibling files an
 * adapter may read beside it (absent for documents sent to the API: they have no siblings).
 */
export function prepareDocument(bytes: Uint8Array, ctx: {path: string; mtime: Date; root?: string}, categories?: ReadonlySet<Category>, sha?: string): Prepared {
  const sha256 = sha ?? sha256Hex(bytes)
  const actx = {path: ctx.path, mtime: ctx.mtime, ...(ctx.root ? {readSibling: siblingReader(ctx.path, ctx.root)} : {})}
  const parsed = parseJsonBytes(bytes)
  let c: ClassifyModule.Classification
  let notes: string[] | undefined
  let bom = false
  if (parsed.ok) {
    c = classify!.classifyDocument(parsed.value, actx, categories)
    bom = parsed.bom
  } else {
    // NaN/Infinity literals: accepted only for a format whose writer emits them (see classifyNonFinite).
    const retry = /NaN|Infinity/.test(parsed.reason) ? classify!.classifyNonFinite(textOf(bytes), actx, categories) : null
    if (!retry) return {sha256, bom: false, verdict: {kind: 'rejected', category: null, shape: null, reason: parsed.reason, pointer: parsed.pointer, expected: parsed.expected}}
    c = retry.classification
    notes = retry.notes
  }
  let verdict: Verdict
  switch (c.kind) {
    case 'mapped':
      // Rows built here (on the worker thread, usually), in the compact form the writer appends.
      verdict = {kind: 'mapped', category: c.adapter.category, shape: c.adapter.name, packed: packDocument(c.doc)}
      break
    case 'filtered':
      verdict = {kind: 'filtered', category: c.adapter.category, shape: c.adapter.name}
      break
    case 'rejected':
      verdict = {kind: 'rejected', category: c.adapter?.category ?? null, shape: c.adapter?.name ?? null, reason: c.reason, pointer: c.pointer, expected: c.expected}
      break
    default:
      verdict = {kind: 'unrecognized', reason: c.reason}
  }
  return {sha256, bom, verdict, ...(notes ? {notes} : {})}
}

function textOf(bytes: Uint8Array): string {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  return Buffer.from(bom ? bytes.subarray(3) : bytes).toString('utf8')
}
