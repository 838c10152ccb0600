import type {BenchDb} from '../db/bench-db.js'
import {toPlain} from '../db/values.js'
import {classifyError} from '../errors.js'
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

// Column types whose JS values are already plain JSON (numbers, strings, booleans, null).
const PLAIN_TYPE_IDS = new Set([1, 2, 3, 4, 6, 7, 8, 10, 11, 17]) // BOOLEAN..INTEGER, UTINYINT..UINTEGER, FLOAT, DOUBLE, VARCHAR

/** A result as one array of plain values per column (see queryRows). */
export async function queryColumns(bench: BenchDb, sql: string, params: Params): Promise<{names: string[]; columns: unknown[][]; rowCount: number}> {
  let reader
  try {
    reader = await bench.db.connection.runAndReadAll(sql, params.values)
  } catch (err) {
    throw classifyError(err, bench.path)
  }
  const plain = reader.columnTypes().map((type) => PLAIN_TYPE_IDS.has(type.typeId))
  // Values of plain types are JS primitives as they come (getColumns skips the per-value converter
  // calls of getColumnsJS); other types (BIGINT, TIMESTAMP, LIST ...) go through the JS converter.
  const columns = plain.every(Boolean)
    ? (reader.getColumns() as unknown[][])
    : reader.getColumnsJS().map((values, c) => (plain[c] ? values : values.map(toPlain)))
  return {names: reader.columnNames(), columns, rowCount: reader.currentRowCount}
}

/**
 * Runs a query whose aliases match T's fields, with DuckDB values converted to plain JSON (BIGINT
 * to number, TIMESTAMP to ISO text). Same values as `Database.all`, but column by column: only
 * columns whose type needs converting are converted, which matters for results of thousands of rows.
 */
export async function queryRows<T>(bench: BenchDb, sql: string, params: Params): Promise<T[]> {
  const {names, columns, rowCount} = await queryColumns(bench, sql, params)
  const rows = new Array<T>(rowCount)
  for (let r = 0; r < rows.length; r++) {
    const row: Record<string, unknown> = {}
    for (let c = 0; c < names.length; c++) row[names[c]] = columns[c][r] ?? null
    rows[r] = row as T
  }
  return rows
}

/** Model and hardware names by id (small tables, read whole). */
export async function dimensionNames(bench: BenchDb) {
  const models = await queryRows<{id: number; model: string; family: string | null}>(
    bench, 'SELECT model_id::INTEGER AS id, model_name AS model, model_family AS family FROM models', new Params())
  const hardware = await queryRows<{id: number; hardware: string; device: string | null}>(
    bench, 'SELECT hardware_id::INTEGER AS id, hardware_type AS hardware, device_name AS device FROM hardware_platforms', new Params())
  return {
    models: new Map(models.map((m) => [m.id, m])),
    hardware: new Map(hardware.map((h) => [h.id, h.hardware])),
    /** Device name of each hardware row: a series is a hardware type AND device. */
    devices: new Map(hardware.map((h) => [h.id, h.device])),
  }
}

export type DimensionNames = Awaited<ReturnType<typeof dimensionNames>>

/** A map's numeric keys in ascending order (a typed-array sort: several times faster than sort with a comparator). */
export function sortedKeys(map: Map<number, unknown>): number[] {
  return Array.from(Float64Array.from(map.keys()).sort())
}
