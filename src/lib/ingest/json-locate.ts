/**
 * Finds where a JSON text stops being valid and names the spot as a JSON pointer, so a rejected
 * file can say `at /results/3/latency_ms: expected a finite number or null` instead of V8's
 * "Unexpected token 'N'" (which, in Node 20, often carries no position at all). Only run on
 * texts JSON.parse already refused, so it favours clarity over speed. Iterative: no recursion,
 * so a 100k-deep document cannot overflow the stack here.
 */
export interface JsonFault {
  offset: number
  line: number
  column: number
  pointer: string
  reason: string
  expected: string
}

type Frame = {kind: 'object'; key: string | null} | {kind: 'array'; index: number}

/** RFC 6901 escaping of one reference token. */
export const escapeToken = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

export function pointerOf(stack: Frame[]): string {
  let p = ''
  for (const f of stack) {
    if (f.kind === 'array') p += '/' + f.index
    else if (f.key !== null) p += '/' + escapeToken(f.key)
  }
  return p
}

function lineCol(text: string, offset: number): {line: number; column: number} {
  let line = 1
  let last = -1
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      last = i
    }
  }
  return {line, column: offset - last}
}

const WS = new Set([' ', '\t', '\n', '\r'])

export function locateJsonError(text: string): JsonFault | null {
  const stack: Frame[] = []
  let i = 0
  const n = text.length
  const fault = (reason: string, expected: string, at = i): JsonFault => ({
    offset: at,
    ...lineCol(text, at),
    pointer: pointerOf(stack),
    reason,
    expected,
  })
  const skipWs = () => {
    while (i < n && WS.has(text[i])) i++
  }
  // Reads a string starting at text[i] === '"'; returns its value or a fault.
  const readString = (): string | JsonFault => {
    const start = i
    i++
    let out = ''
    while (i < n) {
      const c = text[i]
      if (c === '"') {
        i++
        return out
      }
      if (c === '\\') {
        const e = text[i + 1]
        if (e === undefined) break
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fault('invalid \\u escape in string', 'four hex digits after \\u', i)
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))
          i += 6
          continue
        }
        if (!'"\\/bfnrt'.includes(e)) return fault(`invalid escape \\${e} in string`, 'one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX', i)
        out += e
        i += 2
        continue
      }
      if (c.charCodeAt(0) < 0x20) return fault('unescaped control character in string', 'control characters escaped as \\uXXXX', i)
      out += c
      i++
    }
    return fault('unterminated string (the file ends inside it)', 'a closing "', start)
  }
  const readValue = (): JsonFault | null => {
    const c = text[i]
    if (c === '"') {
      const s = readString()
      return typeof s === 'string' ? null : s
    }
    const rest = text.slice(i, i + 9)
    for (const bad of ['NaN', 'Infinity', '-Infinity', '+Infinity']) {
      if (rest.startsWith(bad)) return fault(`${bad} is not a JSON number`, 'a finite number or null')
    }
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (num && num[0].length > 0 && num[0] !== '-') {
      i += num[0].length
      return null
    }
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length
        return null
      }
    }
    if (i >= n) return fault('the document ends early (truncated)', 'a value')
    return fault(`unexpected ${JSON.stringify(text[i])}`, 'a JSON value (object, array, string, number, true, false or null)')
  }

  skipWs()
  if (i >= n) return fault('the file holds no JSON value (empty or only whitespace)', 'a JSON document')
  // Generic loop: at each step we either expect a value, or we are inside a container.
  let expectValue = true
  for (;;) {
    skipWs()
    if (expectValue) {
      if (i >= n) return fault('the document ends early (truncated)', 'a value')
      const c = text[i]
      if (c === '{') {
        i++
        stack.push({kind: 'object', key: null})
        skipWs()
        if (text[i] === '}') {
          i++
          stack.pop()
          expectValue = false
          continue
        }
        if (text[i] !== '"') return fault(i >= n ? 'the document ends early (truncated)' : `unexpected ${JSON.stringify(text[i])}`, 'a "key" or }')
        const k = readString()
        if (typeof k !== 'string') return k
        ;(stack[stack.length - 1] as {key: string | null}).key = k
        skipWs()
        if (text[i] !== ':') return fault(i >= n ? 'the document ends early (truncated)' : `unexpected ${JSON.stringify(text[i])}`, ': after the key')
        i++
        continue
      }
      if (c === '[') {
        i++
        stack.push({kind: 'array', index: 0})
        skipWs()
        if (text[i] === ']') {
          i++
          stack.pop()
          expectValue = false
          continue
        }
        continue
      }
      const f = readValue()
      if (f) return f
      expectValue = false
      continue
    }
    // After a value: close containers or move to the next element.
    const top = stack[stack.length - 1]
    if (!top) {
      if (i < n) return fault(`unexpected ${JSON.stringify(text[i])} after the end of the document`, 'end of file')
      return null
    }
    if (i >= n) return fault('the document ends early (truncated)', top.kind === 'array' ? ', or ]' : ', or }')
    const c = text[i]
    if (top.kind === 'array') {
      if (c === ',') {
        i++
        top.index++
        expectValue = true
        continue
      }
      if (c === ']') {
        i++
        stack.pop()
        continue
      }
      return fault(`unexpected ${JSON.stringify(c)} in array`, ', or ]')
    }
    if (c === ',') {
      i++
      skipWs()
      if (text[i] !== '"') return fault(i >= n ? 'the document ends early (truncated)' : `unexpected ${JSON.stringify(text[i])}`, 'a "key"')
      const k = readString()
      if (typeof k !== 'string') return k
      top.key = k
      skipWs()
      if (text[i] !== ':') return fault(i >= n ? 'the document ends early (truncated)' : `unexpected ${JSON.stringify(text[i])}`, ': after the key')
      i++
      expectValue = true
      continue
    }
    if (c === '}') {
      i++
      stack.pop()
      continue
    }
    return fault(`unexpected ${JSON.stringify(c)} in object`, ', or }')
  }
}
