/**
 * Names for series (src/lib/series/definition.ts) in legends, chart categories and tables: the
 * parts that tell the shown series apart (model, hardware, device, machine, precision, batch size, test case,
 * simulated), so two machines' lines are never one line nor two lines with the same name.
 */
export interface SeriesParts {
  model?: string | null
  hardware?: string | null
  device?: string | null
  machine?: string | null
  precision?: string | null
  batchSize?: number | null
  testCase?: string | null
  simulated?: boolean
}

/** A missing precision is a value of its own: shown as "unspecified", never left out or merged. */
export const precisionText = (p: string | null | undefined) => (p === null || p === undefined || p === '' ? 'unspecified' : p)

const PARTS: {key: keyof SeriesParts; text: (s: SeriesParts) => string}[] = [
  {key: 'model', text: (s) => s.model ?? 'unknown model'},
  {key: 'hardware', text: (s) => s.hardware ?? 'unknown hardware'},
  {key: 'device', text: (s) => s.device ?? 'device unknown'},
  {key: 'machine', text: (s) => (s.machine ? `on ${s.machine}` : 'machine unknown')},
  {key: 'precision', text: (s) => precisionText(s.precision)},
  {key: 'batchSize', text: (s) => `batch ${s.batchSize ?? 'n/a'}`},
  {key: 'testCase', text: (s) => s.testCase ?? 'no test case'},
  {key: 'simulated', text: (s) => (s.simulated ? 'simulated' : 'measured')},
]

/**
 * One label per series: each part that differs between the series is named (`always` parts too),
 * joined with " · ". Parts equal across all series are left to the title.
 */
export function seriesLabels(series: SeriesParts[], always: (keyof SeriesParts)[] = []): string[] {
  const varying = PARTS.filter((p) => always.includes(p.key) || new Set(series.map((s) => String(s[p.key] ?? null))).size > 1)
  return series.map((s) => varying.map((p) => p.text(s)).join(' · ') || 'all results')
}

/** The short hex of a commit for labels (a full SHA stays in the data). */
export const shortCommit = (c: string | null | undefined): string | null =>
  c === null || c === undefined || c === '' ? null : /^[0-9a-f]{8,}$/i.test(c) ? c.slice(0, 7).toLowerCase() : c
