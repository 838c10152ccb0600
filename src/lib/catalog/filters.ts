import {BenchError} from '../errors.js'
import {filterNames, type NameFilter} from '../report/filters.js'

/**
 * Filters shared by the catalog queries (and the API's query strings). Values travel as bound
 * parameters, never spliced into SQL.
 */
export interface ResultFilters {
  /** Exact model name (the canonical id, e.g. `bert-base-uncased`); several: any of them. */
  model?: NameFilter
  family?: NameFilter
  /** Hardware type (cpu, cuda, ...), matched case-insensitively; several: any of them. */
  hardware?: NameFilter
  batchSize?: number
  precision?: string
  /** ISO date or timestamp: only evidence measured at or after it. */
  since?: string
  /** Simulated rows are excluded unless this is true. */
  includeSimulated?: boolean
  /** Leave out performance rows read by the inferring fallback (included by default). */
  excludeInferred?: boolean
}

export interface Page {
  limit: number
  offset: number
}

export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 1000

export interface PageOf<T> {
  items: T[]
  total: number
  limit: number
  offset: number
  /** Offset of the next page, or null on the last one. */
  nextOffset: number | null
}

/** Clamps a page request to the allowed window; a limit above the maximum is a usage error. */
export function normalizePage(page: Partial<Page> = {}): Page {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE
  const offset = page.offset ?? 0
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new BenchError('usage', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, {expected: `1..${MAX_PAGE_SIZE}`})
  }
  if (!Number.isInteger(offset) || offset < 0) throw new BenchError('usage', 'offset must be a non-negative integer')
  return {limit, offset}
}

export function pageOf<T>(items: T[], total: number, page: Page): PageOf<T> {
  const next = page.offset + items.length
  return {items, total, limit: page.limit, offset: page.offset, nextOffset: next < total ? next : null}
}

/** Parses `since` strictly (YYYY-MM-DD or a full ISO timestamp) so a typo is an error, not "no rows". */
export function parseSince(since: string): string {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(since) || Number.isNaN(Date.parse(since))) {
    throw new BenchError('usage', `since must be an ISO date such as 2025-03-01 (got "${since}")`, {expected: 'YYYY-MM-DD or ISO-8601 timestamp'})
  }
  return new Date(since.length === 10 ? since + 'T00:00:00Z' : since).toISOString()
}

/**
 * WHERE clause over aliases m (models), hp (hardware_platforms), pr (the fact row) and an
 * evidence-time expression. Returns the SQL and its positional parameters.
 */
export function whereClause(f: ResultFilters, evidenceTime: string, simulatedColumn = 'pr.is_simulated'): {sql: string; params: (string | number)[]} {
  const parts: string[] = []
  const params: (string | number)[] = []
  const anyOf = (column: string, names: string[] | undefined) => {
    if (names === undefined) return
    parts.push(names.length === 1 ? `${column} = ?` : `${column} IN (${names.map(() => '?').join(', ')})`)
    params.push(...names)
  }
  anyOf('m.model_name', filterNames(f.model))
  anyOf('m.model_family', filterNames(f.family))
  anyOf('hp.hardware_type', filterNames(f.hardware)?.map((h) => h.toLowerCase()))
  if (f.batchSize !== undefined) {
    parts.push('pr.batch_size = ?')
    params.push(f.batchSize)
  }
  if (f.precision !== undefined) {
    parts.push('pr.precision = ?')
    params.push(f.precision)
  }
  if (f.since !== undefined) {
    parts.push(`${evidenceTime} >= ?::TIMESTAMP`)
    params.push(parseSince(f.since).replace('Z', ''))
  }
  if (!f.includeSimulated) parts.push(`NOT ${simulatedColumn}`)
  if (f.excludeInferred && simulatedColumn === 'pr.is_simulated') parts.push('NOT coalesce(pr.is_inferred, false)')
  return {sql: parts.length ? 'WHERE ' + parts.join(' AND ') : '', params}
}
