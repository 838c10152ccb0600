import type {BenchDb} from '../db/bench-db.js'
import {Params, whereClause} from './where.js'

/** Canonical hardware first in a fixed order (as the schema lists them), others alphabetically. */
export const CANONICAL_HARDWARE = ['cpu', 'cuda', 'rocm', 'mps', 'openvino', 'qnn', 'webnn', 'webgpu']

export const hardwareOrder = (col: string) =>
  `coalesce(nullif(list_position(['${CANONICAL_HARDWARE.join("','")}'], ${col}), 0), 99), ${col}`

export function compareHardwareNames(a: string, b: string): number {
  const ia = CANONICAL_HARDWARE.indexOf(a)
  const ib = CANONICAL_HARDWARE.indexOf(b)
  if (ia !== ib) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib)
  return a < b ? -1 : a > b ? 1 : 0
}

export const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export interface RowCounts {
  rowsUsed: number
  simulatedExcluded: number
}

/**
 * Counts the fact rows a query used and the simulated ones it left out, under the same
 * conditions (the report says how many simulated rows were excluded).
 */
export async function countFactRows(
  bench: BenchDb,
  from: string,
  conditions: string[],
  params: Params,
  simulatedColumn: string,
  includeSimulated: boolean,
): Promise<RowCounts> {
  const row = await bench.db.one<{used: number; simulated: number}>(
    `SELECT count(*) FILTER (WHERE ${includeSimulated ? 'true' : `NOT ${simulatedColumn}`}) AS used,
            count(*) FILTER (WHERE ${simulatedColumn}) AS simulated
     FROM ${from} ${whereClause(conditions)}`,
    params.values,
  )
  return {rowsUsed: Number(row?.used ?? 0), simulatedExcluded: includeSimulated ? 0 : Number(row?.simulated ?? 0)}
}

export function addCounts(...counts: RowCounts[]): RowCounts {
  return counts.reduce((a, b) => ({rowsUsed: a.rowsUsed + b.rowsUsed, simulatedExcluded: a.simulatedExcluded + b.simulatedExcluded}), {
    rowsUsed: 0,
    simulatedExcluded: 0,
  })
}

/** Runs a query whose aliases match T's fields (DuckDB values already converted to plain JSON). */
export async function queryRows<T>(bench: BenchDb, sql: string, params: Params): Promise<T[]> {
  return (await bench.db.all(sql, params.values)) as unknown as T[]
}
