import type {DuckDBAppender, DuckDBPreparedStatement, DuckDBType, DuckDBValue, DuckDBVector} from '@duckdb/node-api'
import {duckdb} from './duckdb.js'
import type {Database} from './connection.js'

/**
 * Typed bulk writes. A TableSpec lists every column of a table in DDL order; a test checks the
 * specs against the live schema so the two cannot drift apart.
 *
 * Two ways in, one result (same columns, same exact values):
 * - many rows: DuckDB's Appender fed column-wise data chunks of up to 2,048 rows (one typed array
 *   copy per numeric column and chunk instead of one native call per value);
 * - a few rows (a REST write of one document): one cached prepared multi-row INSERT per table.
 *   The Appender's `appendDataChunk`/`flushSync` run on the JavaScript thread and cost a fixed
 *   2-3 ms per table even for one row, blocking every other request; a prepared statement runs on
 *   DuckDB's worker thread, so the event loop stays free, and costs less for a handful of rows.
 */
export type ColumnKind = 'bigint' | 'int' | 'double' | 'varchar' | 'json' | 'bool' | 'timestamp' | 'blob' | 'default'

export interface TableSpec {
  table: string
  columns: ReadonlyArray<readonly [name: string, kind: ColumnKind]>
}

export interface AppendOptions {
  /**
   * Microseconds for `default` columns (every one is `DEFAULT now()::TIMESTAMP`): the Appender's
   * data chunks must carry a value, so the caller reads the transaction's `now()` once (see
   * allocateIdRanges) and every row of the write gets the timestamp its DEFAULT would have given.
   */
  now: bigint
  /** Force one way in (tests prove both give the same values); default: by row count. */
  via?: 'insert' | 'appender'
}

/** Row counts at or under this go through a prepared INSERT; above, through the Appender. */
export const INSERT_MAX_ROWS = 16

/** Appends rows (arrays in column order; `default` columns take no value) inside the caller's transaction. */
export async function appendRows(db: Database, spec: TableSpec, rows: ReadonlyArray<ReadonlyArray<unknown>>, options: AppendOptions): Promise<void> {
  const stride = valueColumns(spec)
  const values: unknown[] = new Array(rows.length * stride)
  rows.forEach((row, r) => {
    for (let c = 0; c < stride; c++) values[r * stride + c] = row[c]
  })
  return appendFlat(db, spec, values, options)
}

/**
 * The same, rows given flattened: every row's values one after the other in one array (the
 * spec's value columns, `default` ones left out). The ingest writer builds its batches this way
 * (one array per table instead of one per row).
 */
export async function appendFlat(db: Database, spec: TableSpec, values: ReadonlyArray<unknown>, options: AppendOptions): Promise<void> {
  const stride = valueColumns(spec)
  const count = values.length / stride
  if (count === 0) return
  if ((options.via ?? (count <= INSERT_MAX_ROWS ? 'insert' : 'appender')) === 'insert') return insertRows(db, spec, values, count)
  const app = await db.connection.createAppender(spec.table)
  try {
    appendChunks(app, spec, values, count, options.now)
    app.flushSync()
  } finally {
    app.closeSync()
  }
}

/** The value a column's vector takes for one JS value (null for SQL NULL). */
function toDuckDB(kind: ColumnKind, value: unknown): DuckDBValue {
  if (value === null || value === undefined) return null
  switch (kind) {
    case 'bigint':
      return typeof value === 'bigint' ? value : BigInt(value as number)
    case 'int':
      return int32(value)
    case 'double':
      return value as number
    case 'varchar':
      return String(value)
    case 'json':
      return typeof value === 'string' ? value : JSON.stringify(value)
    case 'bool':
      return Boolean(value)
    case 'timestamp':
      return new (duckdb().DuckDBTimestampValue)(micros(value))
    case 'blob':
      return new (duckdb().DuckDBBlobValue)(value as Uint8Array)
    case 'default':
      return null
  }
}

/**
 * Timestamp columns take microseconds since the epoch as a bigint, or as a number or decimal
 * string (packed rows cross threads as JSON, which has no bigint; see pack-rows.ts).
 */
function micros(value: unknown): bigint {
  return typeof value === 'bigint' ? value : BigInt(value as number | string)
}

function int32(value: unknown): number {
  const n = value as number
  if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) throw new Error(`${String(value)} is not a 32-bit integer`)
  return n
}

const CHUNK_ROWS = 2048 // DuckDB's vector size: the most one data chunk holds

function valueColumns(spec: TableSpec): number {
  let n = 0
  for (const [, kind] of spec.columns) if (kind !== 'default') n++
  return n
}

function appendChunks(app: DuckDBAppender, spec: TableSpec, values: ReadonlyArray<unknown>, count: number, now: bigint): void {
  const stride = valueColumns(spec)
  // The Appender's own column types (JSON keeps its alias), so DuckDB appends without a cast.
  const types: DuckDBType[] = spec.columns.map((_, c) => app.columnType(c))
  const nowValue = new (duckdb().DuckDBTimestampValue)(now)
  // Index of each column's value in a row (`default` columns have none).
  const at: number[] = []
  let v = 0
  for (const [, kind] of spec.columns) at.push(kind === 'default' ? -1 : v++)

  for (let start = 0; start < count; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, count - start)
    const chunk = duckdb().DuckDBDataChunk.create(types, n)
    spec.columns.forEach(([name, kind], c) => {
      const vector: DuckDBVector = chunk.getColumnVector(c)
      const i = at[c]
      try {
        // Values first, NULLs last: node-api keeps no validity mask until the first NULL, after
        // which every value also pays for BigInt mask arithmetic; this way only the NULLs do.
        const nulls: number[] = []
        const words = kind === 'bigint' && i >= 0 ? int64Words(vector, n) : null
        if (words) {
          // BIGINT ids and sizes arrive as JS numbers: written as two 32-bit words straight
          // into the vector's buffer, instead of one BigInt allocated per value (~100k per batch).
          for (let r = 0; r < n; r++) {
            const value = values[(start + r) * stride + i]
            if (value === null || value === undefined) nulls.push(r)
            else if (typeof value === 'number' && Number.isSafeInteger(value)) {
              words[2 * r] = value >>> 0
              words[2 * r + 1] = Math.floor(value / 4294967296)
            } else vector.setItem(r, toDuckDB(kind, value))
          }
        }
        for (let r = 0; !words && r < n; r++) {
          const value = i < 0 ? nowValue : toDuckDB(kind, values[(start + r) * stride + i])
          if (value === null) nulls.push(r)
          else vector.setItem(r, value)
        }
        for (const r of nulls) vector.setItem(r, null)
      } catch (err) {
        throw new Error(`${spec.table}.${name}: ${(err as Error).message}`, {cause: err})
      }
      vector.flush()
    })
    app.appendDataChunk(chunk)
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** The 32-bit words of a BIGINT vector's values (low word first), or null where that layout is not known. */
function int64Words(vector: DuckDBVector, n: number): Int32Array | null {
  const items = (vector as unknown as {items?: unknown}).items
  if (!LITTLE_ENDIAN || !(items instanceof BigInt64Array) || items.length < n) return null
  return new Int32Array(items.buffer, items.byteOffset, n * 2)
}

/** Prepared `INSERT INTO t (cols) VALUES (...), ...` per connection, table and row count. */
const statements = new WeakMap<object, Map<string, Promise<DuckDBPreparedStatement>>>()

async function insertRows(db: Database, spec: TableSpec, values: ReadonlyArray<unknown>, count: number): Promise<void> {
  // `default` columns are left out, so DuckDB fills them from their DEFAULT.
  const cols = spec.columns.filter(([, kind]) => kind !== 'default')
  let cache = statements.get(db.connection)
  if (!cache) statements.set(db.connection, (cache = new Map()))
  const key = `${spec.table}/${count}`
  let prepared = cache.get(key)
  if (!prepared) {
    let p = 0
    const tuple = () => `(${cols.map(() => `$${++p}`).join(', ')})`
    const sql = `INSERT INTO ${spec.table} (${cols.map(([name]) => name).join(', ')}) VALUES ${Array.from({length: count}, tuple).join(', ')}`
    prepared = db.connection.prepare(sql)
    cache.set(key, prepared)
    prepared.catch(() => cache.delete(key))
  }
  const stmt = await prepared
  let p = 0
  for (let r = 0; r < count; r++) {
    cols.forEach(([name, kind], c) => {
      p++
      try {
        bind(stmt, p, kind, values[r * cols.length + c])
      } catch (err) {
        throw new Error(`${spec.table}.${name}: ${(err as Error).message}`, {cause: err})
      }
    })
  }
  await stmt.run()
}

function bind(stmt: DuckDBPreparedStatement, p: number, kind: ColumnKind, value: unknown): void {
  if (value === null || value === undefined) return stmt.bindNull(p)
  switch (kind) {
    case 'bigint':
      return stmt.bindBigInt(p, typeof value === 'bigint' ? value : BigInt(value as number))
    case 'int':
      return stmt.bindInteger(p, int32(value))
    case 'double':
      return stmt.bindDouble(p, value as number)
    case 'varchar':
      return stmt.bindVarchar(p, String(value))
    case 'json':
      return stmt.bindVarchar(p, typeof value === 'string' ? value : JSON.stringify(value))
    case 'bool':
      return stmt.bindBoolean(p, Boolean(value))
    case 'timestamp':
      return stmt.bindTimestamp(p, new (duckdb().DuckDBTimestampValue)(micros(value)))
    case 'blob':
      return stmt.bindBlob(p, value as Uint8Array)
    case 'default':
      return stmt.bindNull(p)
  }
}

/**
 * Fresh ids from several sequences, and the transaction's `now()`, in ONE round trip: each
 * sequence's ids come back as a list. Sequences (not max()+1) because other writers of the same
 * tables (dimensions, maintenance) use them too, and because they never hand out an id twice,
 * even after a kill -9: an id taken by a transaction that never committed is simply skipped.
 */
export async function allocateIdRanges<K extends string>(db: Database, wanted: ReadonlyArray<readonly [key: K, sequence: string, n: number]>): Promise<{ids: Record<K, number[]>; now: bigint}> {
  // One row per id, tagged with its sequence's index (-1 tags now()). A UNION ALL of plain
  // scans: lists built by aggregate subqueries cost several milliseconds more per call.
  const parts = wanted.flatMap(([, seq, n], i) => (Math.floor(n) > 0 ? [`SELECT nextval('${seq}'), ${i} FROM range(${Math.floor(n)})`] : []))
  const reader = await db.connection.runAndReadAll(['SELECT epoch_us(now()::TIMESTAMP), -1', ...parts].join(' UNION ALL '))
  const [values, tags] = reader.getColumns() as [bigint[], number[]]
  const lists: number[][] = wanted.map(() => [])
  let now = 0n
  for (let r = 0; r < values.length; r++) {
    if (tags[r] < 0) now = values[r]
    else lists[tags[r]].push(Number(values[r]))
  }
  const ids = {} as Record<K, number[]>
  wanted.forEach(([key], i) => {
    ids[key] = lists[i].sort((x, y) => x - y)
  })
  return {ids, now}
}

/** Takes `n` fresh ids from a sequence in one round trip. */
export async function allocateIds(db: Database, sequence: string, n: number): Promise<number[]> {
  if (n === 0) return []
  return (await allocateIdRanges(db, [['ids', sequence, n]])).ids.ids
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
