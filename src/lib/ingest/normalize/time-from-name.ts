/**
 * A run time written in a file or folder name, for documents that carry none: `20250302_201142`
 * (also with `-` or `T` between date and time), `2025-03-02` (optionally followed by a time),
 * `20250302` and unix seconds (`whisper_vs_chrome_1741232337`). Names are read from the file
 * outwards (the file name, then its folder, then the folder above: at most MAX_LEVELS), and the
 * first name holding a valid time wins.
 *
 * Digit runs are easy to misread, so a candidate must stand alone (no digit on either side, and
 * for unix seconds no letter either), must not sit inside a long hex string (a content hash in
 * the name), must be a real calendar date between 1990 and the day after `now`, and unix seconds
 * must have exactly 10 digits. Anything else gives null: the time stays unknown.
 */
const MAX_LEVELS = 3
const MIN_YEAR = 1990

interface Candidate {
  re: RegExp
  parts(m: RegExpExecArray): [number, number, number, number, number, number] | number
}

const CANDIDATES: Candidate[] = [
  // 20250302_201142, 20250302-201142, 20250302T201142
  {re: /(?<!\d)(\d{4})(\d{2})(\d{2})[_\-T](\d{2})(\d{2})(\d{2})(?!\d)/g, parts: (m) => [+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]]},
  // 2025-03-02, 2025-03-02_20-11-42, 2025-03-02T20:11:42
  {
    re: /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[_T ](\d{2})[:\-]?(\d{2})[:\-]?(\d{2}))?(?!\d)/g,
    parts: (m) => [+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0],
  },
  // 20250302 alone
  {re: /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/g, parts: (m) => [+m[1], +m[2], +m[3], 0, 0, 0]},
  // unix seconds: 10 digits, no letter or digit either side
  {re: /(?<![0-9A-Za-z])(\d{10})(?![0-9A-Za-z])/g, parts: (m) => Number(m[1])},
]

/** Spans of 16 or more hex digits: content hashes, where any digit run is a coincidence. */
function hexSpans(name: string): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (const m of name.matchAll(/[0-9a-fA-F]{16,}/g)) out.push([m.index, m.index + m[0].length])
  return out
}

function fromParts([y, mo, d, h, mi, s]: [number, number, number, number, number, number]): number | null {
  if (y < MIN_YEAR || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null
  const t = Date.UTC(y, mo - 1, d, h, mi, s)
  // Date.UTC rolls 2025-02-31 over to March: a date that does not round-trip does not exist.
  const back = new Date(t)
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : null
}

/** The time one name states, in ms since the epoch, or null. */
export function timeInName(name: string, now: number = Date.now()): number | null {
  const hex = hexSpans(name)
  for (const c of CANDIDATES) {
    c.re.lastIndex = 0
    for (const m of name.matchAll(c.re)) {
      if (hex.some(([a, b]) => m.index < b && m.index + m[0].length > a)) continue
      const p = c.parts(m)
      const t = typeof p === 'number' ? p * 1000 : fromParts(p)
      if (t !== null && t >= Date.UTC(MIN_YEAR, 0, 1) && t <= now + 86_400_000) return t
    }
  }
  return null
}

/** The time in a path's file or folder names (nearest first), as an ISO-8601 UTC string, with the name it came from. */
export function timeFromPath(path: string, now: number = Date.now()): {iso: string; name: string} | null {
  const names = path.split(/[\\/]/).filter(Boolean).reverse().slice(0, MAX_LEVELS)
  for (const [i, raw] of names.entries()) {
    const name = i === 0 ? raw.replace(/\.json$/i, '') : raw
    const t = timeInName(name, now)
    if (t !== null) return {iso: new Date(t).toISOString().replace('.000Z', 'Z'), name: raw}
  }
  return null
}
