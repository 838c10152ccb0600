/**
 * "Did you mean ...": the known names closest to what the user typed (edit distance, with a
 * prefix or substring match counted as close), so a typo gets a usage error with a way out.
 */
export function closestNames(input: string, known: Iterable<string>, max = 3): string[] {
  const want = input.trim().toLowerCase()
  const scored: {name: string; d: number}[] = []
  for (const name of known) {
    const n = name.toLowerCase()
    const d = n.startsWith(want) || want.startsWith(n) || (want.length >= 3 && n.includes(want)) ? 0.5 : editDistance(want, n)
    // Allow about a third of the word wrong: more is a different word, not a typo.
    if (d <= Math.max(1, Math.floor(Math.max(want.length, 3) / 3))) scored.push({name, d})
  }
  return scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name)).slice(0, max).map((s) => s.name)
}

/** Levenshtein distance (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.length]
}
