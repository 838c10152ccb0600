import {locateJsonError, pointerOf} from './json-locate.js'

/**
 * Bytes to a JSON value, with a precise answer for every way a result file can be broken:
 * invalid UTF-8, nesting too deep for the mappers, a syntax error (with line, column and JSON
 * pointer), NaN/Infinity literals, and numbers that overflow a double (JSON.parse turns 1e400
 * into Infinity without complaint; storing that would silently change the data).
 *
 * A UTF-8 byte order mark is accepted and skipped: RFC 8259 lets parsers ignore it and Windows
 * tools (PowerShell's Out-File, Notepad) write one. The hash and the stored raw document keep
 * the original bytes, BOM included, so restore stays byte-exact.
 */
export const MAX_DEPTH = 256

const MAYBE_OVERFLOW = /[eE]\+?\d{3}|\d{309}/

export type ParsedJson =
  | {ok: true; value: unknown; bom: boolean}
  | {ok: false; reason: string; pointer: string | null; expected: string}

const decoder = new TextDecoder('utf-8', {fatal: true})

export function parseJsonBytes(bytes: Uint8Array, maxDepth = MAX_DEPTH): ParsedJson {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = bom ? bytes.subarray(3) : bytes
  let text: string
  try {
    text = decoder.decode(body)
  } catch {
    const at = firstInvalidUtf8(body) + (bom ? 3 : 0)
    return {ok: false, reason: `invalid UTF-8 at byte ${at}`, pointer: null, expected: 'UTF-8 encoded text'}
  }
  const deep = depthFault(body, maxDepth)
  if (deep) return deep
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    const f = locateJsonError(text)
    if (f) return {ok: false, reason: `${f.reason} (line ${f.line}, column ${f.column})`, pointer: f.pointer, expected: f.expected}
    // RangeError (stack) or anything V8 refuses that our scanner accepts: still a clean answer.
    return {ok: false, reason: `not valid JSON: ${(err as Error).message}`, pointer: null, expected: 'a JSON document'}
  }
  // JSON.parse turns only overflowing literals (1e400, or 310+ digits) into Infinity; walk the
  // value only when the text holds such a literal.
  const bad = MAYBE_OVERFLOW.test(text) ? nonFiniteNumber(value) : null
  if (bad !== null) {
    return {ok: false, reason: 'number out of range (overflows a 64-bit double)', pointer: bad, expected: 'a number between -1.8e308 and 1.8e308'}
  }
  return {ok: true, value, bom}
}

/**
 * Nesting depth by a byte scan before parsing (strings skipped): JSON.parse copes with 100k
 * levels, but the validators and mappers that walk the value recurse, and no real result file
 * nests more than a few dozen levels.
 */
function depthFault(b: Uint8Array, maxDepth: number): ParsedJson | null {
  let depth = 0
  const n = b.length
  for (let i = 0; i < n; i++) {
    const c = b[i]
    if (c === 0x22) {
      // skip a string
      for (i++; i < n; i++) {
        const d = b[i]
        if (d === 0x5c) i++
        else if (d === 0x22) break
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) {
        const text = Buffer.from(b.subarray(0, i)).toString('utf8')
        return {ok: false, reason: `nesting deeper than ${maxDepth} levels (byte ${i})`, pointer: pointerAtEnd(text), expected: `at most ${maxDepth} nested arrays/objects`}
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return null
}

/** The pointer of the position just after `prefix` (a valid-so-far JSON prefix), shortened when very long. */
function pointerAtEnd(prefix: string): string {
  const f = locateJsonError(prefix)
  const p = f ? f.pointer : ''
  return p.length > 200 ? p.slice(0, 200) + '…' : p
}

/** JSON pointer of the first number that is not finite, or null. Iterative (no recursion). */
interface Node {
  v: object
  parent: Node | null
  key: string | number
}

function nonFiniteNumber(root: unknown): string | null {
  if (typeof root === 'number') return Number.isFinite(root) ? null : ''
  if (root === null || typeof root !== 'object') return null
  const stack: Node[] = [{v: root, parent: null, key: ''}]
  while (stack.length > 0) {
    const node = stack.pop()!
    const v = node.v as Record<string, unknown>
    const keys: Array<string | number> = Array.isArray(v) ? v.map((_, k) => k) : Object.keys(v)
    for (const k of keys) {
      const x = v[k as string]
      if (typeof x === 'number') {
        if (!Number.isFinite(x)) return toPointer(node, k)
      } else if (x !== null && typeof x === 'object') stack.push({v: x, parent: node, key: k})
    }
  }
  return null
}

function toPointer(node: Node, last: string | number): string {
  const path: Array<string | number> = [last]
  for (let n: Node | null = node; n && n.parent; n = n.parent) path.unshift(n.key)
  return pointerOf(path.map((p) => (typeof p === 'number' ? {kind: 'array' as const, index: p} : {kind: 'object' as const, key: p})))
}

/** Offset of the first byte that breaks UTF-8 (only called after the strict decoder failed). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0
  while (i < b.length) {
    const c = b[i]
    let len = 0
    if (c < 0x80) len = 1
    else if (c >= 0xc2 && c <= 0xdf) len = 2
    else if (c >= 0xe0 && c <= 0xef) len = 3
    else if (c >= 0xf0 && c <= 0xf4) len = 4
    else return i
    if (i + len > b.length) return i
    for (let k = 1; k < len; k++) if ((b[i + k] & 0xc0) !== 0x80) return i
    const ok = Buffer.from(b.subarray(i, i + len)).toString('utf8') !== '\ufffd' || len === 1
    if (!ok) return i
    i += len
  }
  return i
}
