import {BenchError} from '../errors.js'

/**
 * The one filter set every report, the matrix, the comparison and the trend accept (the CLI flags
 * and the REST API query parameters map onto it one to one). Absent fields do not filter.
 */
export interface ReportFilters {
  /** models.model_family, exact (case-insensitive). */
  family?: string
  /** models.model_name, exact (case-insensitive). */
  model?: string
  /** hardware_platforms.hardware_type, exact (case-insensitive). */
  hardware?: string
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
}

/** Validates user-supplied filters once, so every query can trust them. */
export function normaliseFilters(input: ReportFilters = {}): ReportFilters {
  const out: ReportFilters = {}
  for (const key of ['family', 'model', 'hardware', 'precision'] as const) {
    const value = input[key]
    if (value !== undefined && value !== null && String(value).trim() !== '') out[key] = String(value).trim()
  }
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
  return out
}

/** Filters as shown in provenance footers and JSON output (only the ones that are set). */
export function describeFilterObject(filters: ReportFilters): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(filters)) if (v !== undefined) out[k] = v as string | number | boolean
  return out
}
