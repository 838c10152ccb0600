import {distance} from 'fastest-levenshtein'

/**
 * The known values closest to what the user typed, best first: same text in another case, then
 * values that contain it or that it contains, then small edit distances (at most a third of the
 * typed length, and at least 2). At most `max` suggestions; none when nothing is close.
 */
export function closest(typed: string, known: Iterable<string>, max = 3): string[] {
  const t = typed.toLowerCase()
  const scored: Array<{value: string; score: number}> = []
  for (const value of known) {
    const v = value.toLowerCase()
    let score: number
    if (v === t) score = 0
    else if (v.includes(t) || t.includes(v)) score = 1 + Math.abs(v.length - t.length) / Math.max(v.length, t.length)
    else {
      const d = distance(t, v)
      if (d > Math.max(2, Math.floor(t.length / 3))) continue
      score = 2 + d
    }
    scored.push({value, score})
  }
  return scored.sort((a, b) => a.score - b.score || a.value.localeCompare(b.value)).slice(0, max).map((s) => s.value)
}

/** "did you mean a, b or c?" (empty when there is nothing to suggest). */
export function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return ''
  const quoted = suggestions.map((s) => `"${s}"`)
  return `did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`
}
