import {RUN_TIME_SQL} from '../series/definition.js'
import type {DuckDBValue} from '@duckdb/node-api'
import type {ReportFilters} from './filters.js'

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

/** Conditions for every filter except simulation (callers add that, since they also count it). */
export function filterConditions(filters: ReportFilters, a: Aliases, p: Params): string[] {
  const c: string[] = []
  if (a.m && filters.family !== undefined) c.push(`lower(${a.m}.model_family) = lower(${p.bind(filters.family)})`)
  if (a.m && filters.model !== undefined) c.push(`lower(${a.m}.model_name) = lower(${p.bind(filters.model)})`)
  if (a.hp && filters.hardware !== undefined) c.push(`lower(${a.hp}.hardware_type) = lower(${p.bind(filters.hardware)})`)
  if (a.perf && filters.batchSize !== undefined) c.push(`${a.perf}.batch_size = ${p.bind(filters.batchSize)}`)
  if (a.perf && filters.precision !== undefined) c.push(`lower(${a.perf}.precision) = lower(${p.bind(filters.precision)})`)
  if (a.perf && filters.excludeInferred) c.push(`NOT coalesce(${a.perf}.is_inferred, false)`)
  if (a.time && filters.since !== undefined) c.push(`${a.time} >= ${p.bind(filters.since)}::TIMESTAMP`)
  return c
}

export function whereClause(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''
}

/** Evidence time of a fact row, as the contract views define it. */
/** Measurement time of a fact row (alias kept for callers): its run's, NULL when unknown, never its created_at. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export const evidenceTime = (_alias: string) => RUN_TIME_SQL
