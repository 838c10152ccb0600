import {RUN_TIME_SQL} from '../series/definition.js'
import type {DuckDBValue} from '@duckdb/node-api'
import {filterNames, type NameFilter, type ReportFilters} from './filters.js'

/**
 * Builds WHERE clauses with bound parameters only: user values never enter the SQL text. Each
 * query names the aliases of its model, hardware and fact tables, and which filters apply.
 */
export class Params {
  readonly values: DuckDBValue[] = []

  /** Adds a value and returns its placeholder (`$1`, `$2`, ...). */
  bind(value: DuckDBValue): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}

export interface Aliases {
  /** models alias (for family/model). */
  m?: string
  /** hardware_platforms alias. */
  hp?: string
  /** Fact table alias carrying batch_size/precision (performance_results only). */
  perf?: string
  /** Expression of the evidence time (for since). */
  time?: string
}

/**
 * `lower(expr) IN (lower($1), ...)` for the names of a filter (any of them), each a bound parameter;
 * null when the filter is not set.
 */
export function oneOf(expr: string, names: NameFilter | undefined, p: Params): string | null {
  const list = filterNames(names)
  if (list === undefined) return null
  return list.length === 1 ? `lower(${expr}) = lower(${p.bind(list[0])})` : `lower(${expr}) IN (${list.map((n) => `lower(${p.bind(n)})`).join(', ')})`
}

/** Conditions for every filter except simulation (callers add that, since they also count it). */
export function filterConditions(filters: ReportFilters, a: Aliases, p: Params): string[] {
  const c: (string | null)[] = []
  if (a.m) c.push(oneOf(`${a.m}.model_family`, filters.family, p), oneOf(`${a.m}.model_name`, filters.model, p))
  if (a.hp) c.push(oneOf(`${a.hp}.hardware_type`, filters.hardware, p))
  if (a.perf && filters.batchSize !== undefined) c.push(`${a.perf}.batch_size = ${p.bind(filters.batchSize)}`)
  if (a.perf && filters.precision !== undefined) c.push(`lower(${a.perf}.precision) = lower(${p.bind(filters.precision)})`)
  if (a.perf && filters.excludeInferred) c.push(`NOT coalesce(${a.perf}.is_inferred, false)`)
  if (a.time && filters.since !== undefined) c.push(`${a.time} >= ${p.bind(filters.since)}::TIMESTAMP`)
  return c.filter((x): x is string => x !== null)
}

export function whereClause(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''
}

/** Evidence time of a fact row, as the contract views define it. */
/** Measurement time of a fact row (alias kept for callers): its run's, NULL when unknown, never its created_at. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export const evidenceTime = (_alias: string) => RUN_TIME_SQL
