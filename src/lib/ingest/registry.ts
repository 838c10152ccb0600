import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv'

import {ADAPTER_LIST} from './adapters/index.js'
import {escapeToken as pointerToken} from './json-locate.js'
import type {ShapeAdapter} from './types.js'

/** Every shape adapter, highest priority first (detection ties are broken by this order). */
export const ADAPTERS: ShapeAdapter[] = [...ADAPTER_LIST].sort((a, b) => b.priority - a.priority)

// One compiler for detection/validation (first error is enough) and one reporting all errors,
// used only to say which adapter came closest when nothing matched.
const ajv = new Ajv({allErrors: false, strict: false})
const ajvAll = new Ajv({allErrors: true, strict: false})
const compiled = new WeakMap<object, ValidateFunction>()
const compiledAll = new WeakMap<object, ValidateFunction>()

function compile(schema: object, all = false): ValidateFunction {
  const cache = all ? compiledAll : compiled
  let fn = cache.get(schema)
  if (!fn) {
    fn = (all ? ajvAll : ajv).compile(schema)
    cache.set(schema, fn)
  }
  return fn
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(document root)' : e.instancePath
  if (e.keyword === 'required') return `${where} lacks key "${(e.params as {missingProperty: string}).missingProperty}"`
  return `${where} ${e.message ?? 'is invalid'}`
}

export interface DetectionResult {
  /** The winning adapter, or null when no detect schema passed (the document is unrecognized). */
  adapter: ShapeAdapter | null
  /** All adapters whose detect schema passed, highest priority first. */
  candidates: ShapeAdapter[]
  /** Human reasons when nothing matched (closest adapter first); empty when an adapter won. */
  errors: string[]
}

/**
 * The adapter detectShape would pick (the first, in priority order, whose detect schema passes),
 * without running the remaining ~30 detect schemas: the ingest path needs only the winner.
 */
export function firstAdapter(doc: unknown): ShapeAdapter | null {
  for (const a of ADAPTERS) if (compile(a.detect)(doc)) return a
  return null
}

export function detectShape(doc: unknown): DetectionResult {
  const candidates = ADAPTERS.filter((a) => compile(a.detect)(doc))
  if (candidates.length > 0) return {adapter: candidates[0], candidates, errors: []}
  const docKeys = doc && typeof doc === 'object' && !Array.isArray(doc) ? Object.keys(doc) : []
  const ranked = ADAPTERS.map((a) => {
    const fn = compile(a.detect, true)
    fn(doc)
    const errs = fn.errors ?? []
    // A document of the wrong root type (array vs object) is not "close" however few errors it has.
    const rootTypeMiss = errs.some((e) => e.instancePath === '' && e.keyword === 'type')
    // Ties go to the adapter whose schema names more of the document's own top-level keys.
    const schemaText = JSON.stringify(a.detect)
    const shared = docKeys.filter((k) => schemaText.includes(JSON.stringify(k))).length
    return {adapter: a, errs, score: rootTypeMiss ? Number.MAX_SAFE_INTEGER : errs.length, shared}
  }).sort((x, y) => x.score - y.score || y.shared - x.shared)
  const closest = ranked[0]
  const errors = [
    `no adapter recognised the document; closest is "${closest.adapter.name}" (${closest.errs.length} mismatch(es)): ${closest.errs
      .slice(0, 3)
      .map(describe)
      .join('; ')}`,
    ...ranked.slice(1, 3).map((r) => `"${r.adapter.name}": ${r.errs.slice(0, 1).map(describe).join('')}`),
  ]
  return {adapter: null, candidates: [], errors}
}

export type ValidationResult = {ok: true} | {ok: false; pointer: string; message: string; expected: string}

/** Strict check of the types a mapping relies on; failure gives the JSON pointer to reject with. */
export function validateForAdapter(adapter: ShapeAdapter, doc: unknown): ValidationResult {
  const fn = compile(adapter.validate)
  if (fn(doc)) return {ok: true}
  const e = (fn.errors ?? [])[0]
  if (!e) return {ok: false, pointer: '', message: 'invalid', expected: 'unknown'}
  const params = e.params as Record<string, unknown>
  const expected = expectation(e)
  const pointer =
    e.keyword === 'required' ? `${e.instancePath}/${String(params.missingProperty)}`
    : e.keyword === 'additionalProperties' ? `${e.instancePath}/${pointerToken(String(params.additionalProperty))}`
    : e.instancePath
  return {ok: false, pointer, message: `${pointer || '/'} ${e.message ?? 'is invalid'}`, expected}
}

/** What ajv wanted at the failing place, in words (`one of "pass", "fail"`, not `enum {...}`). */
function expectation(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'type': return String(params.type)
    case 'required': return `key "${String(params.missingProperty)}"`
    case 'const': return JSON.stringify(params.allowedValue)
    case 'enum': return `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'additionalProperties': return 'no such key (see the schema for the allowed keys)'
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': case 'minLength': case 'maxLength': case 'minItems': case 'pattern':
      return e.message ? e.message.replace(/^must (be )?/, '') : `${e.keyword} ${JSON.stringify(params)}`
    default: return `${e.keyword} ${JSON.stringify(params)}`
  }
}

export interface DetectionExplanation {
  adapter: string
  priority: number
  passed: boolean
  /** First failing JSON pointer of the detect schema (null when it passed). */
  pointer: string | null
  reason: string | null
}

/** Per adapter: did detect pass, and if not, where it first failed. For `--explain`. */
export function explainDetection(doc: unknown): DetectionExplanation[] {
  return ADAPTERS.map((a) => {
    const fn = compile(a.detect)
    if (fn(doc)) return {adapter: a.name, priority: a.priority, passed: true, pointer: null, reason: null}
    const e = (fn.errors ?? [])[0]
    return {adapter: a.name, priority: a.priority, passed: false, pointer: e ? e.instancePath : '', reason: e ? describe(e) : 'did not match'}
  })
}
