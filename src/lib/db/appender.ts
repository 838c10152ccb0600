import type {DuckDBAppender} from '@duckdb/node-api'
import {duckdb} from './duckdb.js'
import type {Database} from './connection.js'

/**
 * Typed bulk appends through DuckDB's Appender (25x faster than multi-row INSERT). A TableSpec
 * lists every column of a table in DDL order; a test checks the specs against the live schema
 * so the two cannot drift apart.
 */
export type ColumnKind = 'bigint' | 'int' | 'double' | 'varchar' | 'json' | 'bool' | 'timestamp' | 'blob' | 'default'

export interface TableSpec {
  table: string
  columns: ReadonlyArray<readonly [name: string, kind: ColumnKind]>
}

function appendValue(app: DuckDBAppender, kind: ColumnKind, value: unknown): void {
  if (kind === 'default') return app.appendDefault()
  if (value === null || value === undefined) return app.appendNull()
  switch (kind) {
    case 'bigint':
      return app.appendBigInt(typeof value === 'bigint' ? value : BigInt(value as number))
    case 'int':
      return app.appendInteger(value as number)
    case 'double':
      return app.appendDouble(value as number)
    case 'varchar':
      return app.appendVarchar(String(value))
    case 'json':
      return app.appendVarchar(typeof value === 'string' ? value : JSON.stringify(value))
    case 'bool':
      return app.appendBoolean(Boolean(value))
    case 'timestamp':
      return app.appendTimestamp(new (duckdb().DuckDBTimestampValue)(value as bigint))
    case 'blob':
      return app.appendBlob(value as Uint8Array)
  }
}

/** Appends rows (arrays in column order; `default` columns take no value) inside the caller's transaction. */
export async function appendRows(db: Database, spec: TableSpec, rows: ReadonlyArray<ReadonlyArray<unknown>>): Promise<void> {
  if (rows.length === 0) return
  const app = await db.connection.createAppender(spec.table)
  try {
    for (const row of rows) {
      let i = 0
      for (const [, kind] of spec.columns) {
        appendValue(app, kind, kind === 'default' ? undefined : row[i++])
      }
      app.endRow()
    }
    app.flushSync()
  } finally {
    app.closeSync()
  }
}

/** Takes `n` fresh ids from a sequence in one round trip. */
export async function allocateIds(db: Database, sequence: string, n: number): Promise<number[]> {
  if (n === 0) return []
  const reader = await db.connection.runAndReadAll(`SELECT nextval('${sequence}') AS id FROM range(${Math.floor(n)})`)
  return reader.getColumns()[0].map((v) => Number(v as bigint))
}

/** ISO-8601 (with or without zone; naive means UTC) to microseconds since the epoch, keeping sub-millisecond digits. */
export function isoToMicros(iso: string | null | undefined): bigint | null {
  if (!iso) return null
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso.trim())
  if (!m) {
    const ms = Date.parse(iso)
    return Number.isNaN(ms) ? null : BigInt(ms) * 1000n
  }
  const [, date, time, frac = '', zone = 'Z'] = m
  const ms = Date.parse(`${date}T${time.length === 5 ? time + ':00' : time}${zone.length === 5 ? zone.slice(0, 3) + ':' + zone.slice(3) : zone}`)
  if (Number.isNaN(ms)) return null
  const micros = BigInt((frac + '000000').slice(0, 6))
  return BigInt(ms) * 1000n + micros
}
