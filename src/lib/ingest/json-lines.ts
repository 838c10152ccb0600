import type {TextParse} from './types.js'
import {textLines} from './text-input.js'

/**
 * JSON Lines (one JSON value per line, blank lines allowed), as llama-bench `-o jsonl` writes it.
 * A line that does not parse (a file cut mid-record) rejects the file with its line number.
 */
export function parseJsonLines(text: string): TextParse {
  const value: unknown[] = []
  const lines: number[] = []
  const all = textLines(text)
  for (let i = 0; i < all.length; i++) {
    const line = all[i].trim()
    if (line === '') continue
    try {
      value.push(JSON.parse(line))
      lines.push(i + 1)
    } catch (err) {
      return {ok: false, line: i + 1, reason: `not a complete JSON record: ${(err as Error).message}`, expected: 'one JSON object per line'}
    }
  }
  return {ok: true, value, lines}
}

/** The first record of a JSON Lines text when its first non-blank line is a JSON object (else null). */
export function firstJsonLine(text: string): Record<string, unknown> | null {
  const m = /^\s*(\{[^\n]*\})\s*\r?$/m.exec(text.slice(0, 64 * 1024))
  if (!m || text.slice(0, m.index).trim() !== '') return null
  try {
    const v = JSON.parse(m[1]) as unknown
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}
