/**
 * Terminal column arithmetic. A small approximation of wcwidth (CJK and emoji take two columns,
 * combining marks none) so layouts fit without importing a width library for the whole CLI.
 */

const WIDE_RANGES: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1faff],
  [0x20000, 0x3fffd],
]

function codePointWidth(codePoint: number): number {
  if ((codePoint >= 0x300 && codePoint <= 0x36f) || codePoint === 0x200d || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return 0
  return WIDE_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to) ? 2 : 1
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

// Printable ASCII is one column per character: the common case, measured without a loop.
// eslint-disable-next-line no-control-regex
const PLAIN_ASCII = /^[\u0020-\u007e]*$/

export function displayWidth(text: string): number {
  if (PLAIN_ASCII.test(text)) return text.length
  let width = 0
  for (const char of text.replace(ANSI, '')) width += codePointWidth(char.codePointAt(0)!)
  return width
}

/** Cuts plain text to `width` columns, ending with an ellipsis when anything was removed. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text
  if (width <= 0) return ''
  if (PLAIN_ASCII.test(text)) return `${text.slice(0, Math.max(0, width - 1))}…`
  let out = ''
  let used = 0
  for (const char of text) {
    const w = codePointWidth(char.codePointAt(0)!)
    if (used + w > width - 1) break
    out += char
    used += w
  }
  return `${out}…`
}

/** Greedy word wrap for prose; words longer than a line are truncated rather than split. */
export function wrapToWidth(text: string, width: number, cut = true): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word
    if (displayWidth(candidate) <= width) {
      line = candidate
      continue
    }
    if (line) lines.push(line)
    // A word longer than a line: cut it for a terminal, keep it whole (an overlong line) for files.
    line = cut ? truncateToWidth(word, width) : word
  }
  if (line || lines.length === 0) lines.push(line)
  return lines
}
