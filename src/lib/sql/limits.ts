import {BenchError} from '../errors.js'

/**
 * What one user SQL statement may cost. Rows alone are no bound (one row can hold a 300 MB string
 * or a 20-million-element list), so results are also capped in bytes of their JSON form, counted
 * while rows are produced; the memory caps bound what the statement may hold before a row exists.
 */
export interface SqlLimits {
  /** Largest single value, in bytes of its JSON text. */
  cellBytes: number
  /** Largest row, in bytes of its JSON text. */
  rowBytes: number
  /** Largest result (all returned rows), in bytes of their JSON text. */
  responseBytes: number
  /** DuckDB memory_limit of the statement's own instance, in MB. */
  duckdbMemoryMb: number
  /** V8 heap of the thread that converts and serialises the rows, in MB. */
  heapMb: number
}

export const DEFAULT_SQL_LIMITS: SqlLimits = {
  cellBytes: 1024 * 1024,
  rowBytes: 4 * 1024 * 1024,
  responseBytes: 16 * 1024 * 1024,
  duckdbMemoryMb: 512,
  heapMb: 256,
}

export type SqlLimitName = 'cellBytes' | 'rowBytes' | 'responseBytes' | 'memory'

/**
 * The error for a result over a limit: a usage error (exit 2; the caller chose the statement), whose
 * data names the limit so the API can answer 413.
 */
export function limitExceeded(limit: SqlLimitName, message: string, max?: number): BenchError {
  return new BenchError('usage', message, {
    hint:
      limit === 'memory'
        ? 'Aggregate or filter in SQL so the statement holds less at once.'
        : 'Select fewer or smaller columns, aggregate in SQL, or lower the row limit.',
    data: {limit, ...(max === undefined ? {} : {maxBytes: max})},
  })
}

/** The limit a BenchError reports, when it is a result-size refusal. */
export function exceededLimit(err: unknown): SqlLimitName | undefined {
  const data = err instanceof BenchError ? err.details.data : undefined
  return typeof data?.limit === 'string' ? (data.limit as SqlLimitName) : undefined
}

export function resolveLimits(partial: Partial<SqlLimits> = {}): SqlLimits {
  const limits = {...DEFAULT_SQL_LIMITS, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined))}
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new BenchError('usage', `SQL limit ${name} must be a positive integer, got ${value}`)
  }
  return limits
}
