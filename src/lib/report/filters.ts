import {BenchError} from '../errors.js'

/**
 * The one filter set every report, the matrix, the comparison and the trend accept (the CLI flags
 * and the REST API query parameters map onto it one to one). Absent fields do not filter.
 * Model, family and hardware take one name or several: several mean any of them (OR), as repeated
 * `--model a --model b` flags or `?model=a&model=b` / `?model=a,b` do.
 */
export interface ReportFilters {
  /** models.model_family, exact (case-insensitive). */
  family?: NameFilter
  /** models.model_name, exact (case-insensitive). */
  model?: NameFilter
  /** hardware_platforms.hardware_type, exact (case-insensitive). */
  hardware?: NameFilter
  batchSize?: number
  precision?: string
  /** ISO date or timestamp (UTC): only evidence at or after it. */
  since?: string
  /** Simulated rows are excluded unless this is true; reports say how many were excluded. */
  includeSimulated?: boolean
  /**
   * Leave out performance rows the inferring fallback read from unrecognised layouts
   * (performance_results.is_inferred). They are included by default: each is a number in its file.
   */
  excludeInferred?: boolean
  /**
   * The summary and the matrix list every model (or family) the other filters allow, also those
   * without any evidence (every cell untested). By default those are left out and counted.
   */
  all?: boolean
}

/** One name, or several meaning any of them. */
export type NameFilter = string | string[]

export const NAME_FILTERS = ['model', 'family', 'hardware'] as const

/**
 * The names of a filter as a list: trimmed, empty ones dropped, duplicates (case-insensitive)
 * once; undefined when none is left (no filter).
 */
export function filterNames(value: NameFilter | null | undefined): string[] | undefined {
  if (value === undefined || value === null) return undefined
  const seen = new Set<string>()
  const out: string[] = []
  for (const raw of Array.isArray(value) ? value : [value]) {
    const name = String(raw).trim()
    if (name === '' || seen.has(name.toLowerCase())) continue
    seen.add(name.toLowerCase())
    out.push(name)
  }
  return out.length ? out : undefined
}

/** Whether `value` is one of the names of a filter (case-insensitive); no filter matches everything. */
export function matchesNames(value: string | null | undefined, names: NameFilter | undefined): boolean {
  const list = filterNames(names)
  if (list === undefined) return true
  const v = value?.toLowerCase()
  return list.some((n) => n.toLowerCase() === v)
}

/** The single name of a filter naming exactly one (a one-model comparison, a trend's title), else null. */
export function singleName(value: NameFilter | undefined): string | null {
  const list = filterNames(value)
  return list?.length === 1 ? list[0] : null
}

/** Validates user-supplied filters once, so every query can trust them (names become lists). */
export function normaliseFilters(input: ReportFilters = {}): ReportFilters {
  const out: ReportFilters = {}
  for (const key of NAME_FILTERS) {
    const names = filterNames(input[key])
    if (names) out[key] = names
  }
  if (input.precision !== undefined && input.precision !== null && String(input.precision).trim() !== '') out.precision = String(input.precision).trim()
  if (input.batchSize !== undefined && input.batchSize !== null) {
    if (!Number.isInteger(input.batchSize) || input.batchSize < 1) {
      throw new BenchError('usage', `batch size must be a positive integer, got ${input.batchSize}`)
    }
    out.batchSize = input.batchSize
  }
  if (input.since !== undefined && input.since !== null && input.since !== '') {
    const since = String(input.since)
    if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(since) || Number.isNaN(Date.parse(since))) {
      throw new BenchError('usage', `--since must be an ISO date such as 2025-03-01 or 2025-03-01T12:00:00Z, got "${since}"`)
    }
    out.since = new Date(/^\d{4}-\d{2}-\d{2}$/.test(since) ? `${since}T00:00:00Z` : since).toISOString()
  }
  if (input.includeSimulated) out.includeSimulated = true
  if (input.excludeInferred) out.excludeInferred = true
  if (input.all) out.all = true
  return out
}

/**
 * Filters as shown in provenance footers and JSON output (only the ones that are set). One name
 * stays a string, as it always was; several are a list.
 */
export function describeFilterObject(filters: ReportFilters): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {}
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined) continue
    out[k] = Array.isArray(v) ? (v.length === 1 ? v[0] : v) : (v as string | number | boolean)
  }
  return out
}
