import {pointerOf} from './json-locate.js'

/**
 * JSON with NaN / Infinity / -Infinity literals, as Python's json module writes by default (asv
 * results mark skipped benchmarks with NaN). Standard JSON has no such numbers, so the strict
 * parser rejects them; an adapter that declares `nonFiniteLiterals` accepts them read as null
 * (an absent measurement), and the pointers of those literals are reported.
 *
 * Returns null when the text has no such literal outside strings or is still not JSON.
 */
const SENTINEL = '\u0000non-finite'
const LITERALS = ['-Infinity', 'Infinity', 'NaN'] as const

export function parseWithNonFinite(text: string): {value: unknown; pointers: string[]} | null {
  let out = ''
  let from = 0
  let found = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
      continue
    }
    if (c !== 'N' && c !== 'I' && c !== '-') continue
    const lit = LITERALS.find((l) => text.startsWith(l, i))
    if (!lit) continue
    out += text.slice(from, i) + JSON.stringify(SENTINEL)
    i += lit.length - 1
    from = i + 1
    found = true
  }
  if (!found) return null
  let value: unknown
  try {
    value = JSON.parse(out + text.slice(from))
  } catch {
    return null
  }
  const pointers: string[] = []
  value = replace(value, [], pointers)
  return {value, pointers}
}

type Step = {kind: 'array'; index: number} | {kind: 'object'; key: string}

function replace(v: unknown, path: Step[], pointers: string[]): unknown {
  if (v === SENTINEL) {
    pointers.push(pointerOf(path))
    return null
  }
  // One path stack, pushed and popped (documents hold long arrays of numbers).
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (v[i] === null || typeof v[i] !== 'object' && v[i] !== SENTINEL) continue
      path.push({kind: 'array', index: i})
      v[i] = replace(v[i], path, pointers)
      path.pop()
    }
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    for (const k of Object.keys(o)) {
      path.push({kind: 'object', key: k})
      o[k] = replace(o[k], path, pointers)
      path.pop()
    }
  }
  return v
}
