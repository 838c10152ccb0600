import {once} from 'node:events'
import {createWriteStream, renameSync, rmSync} from 'node:fs'
import type {Writable} from 'node:stream'
import {Database} from '../db/connection.js'
import {duckdb} from '../db/duckdb.js'
import {toPlain} from '../db/values.js'
import {readSchemaVersion} from '../db/migrate.js'
import {BenchError} from '../errors.js'
import {renderCsv} from '../render/csv.js'
import {checkOutputPath, tempPathFor} from '../util/safe-output.js'
import {ioError, isIoFailure} from '../util/io-error.js'
import {DEFAULT_SQL_LIMITS} from '../sql/limits.js'
import {BENCHDB_VERSION} from '../version.js'
import {sqlTable} from './documents-analysis.js'
import type {ResultMeta} from './meta.js'
import {checkLeadingKeyword, DEFAULT_SQL_TIMEOUT_MS, interruptAfter, prepareOneStatement, sqlError, type SqlResult} from './sandbox-sql.js'

export const EXPORT_FORMATS = ['csv', 'json', 'parquet'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface SqlExportOptions {
  format: ExportFormat
  /** The file to write (replaced only when the export succeeds); stdout when absent (not for Parquet). */
  output?: string
  /** The database path as the user gave it: the output never goes over it. */
  db?: string
  /** Row cap; 0 (or absent) exports every row. */
  limit?: number
  timeoutMs?: number
  now?: Date
  /** Where CSV and JSON go without `output` (default process.stdout). */
  stdout?: Writable
}

export interface SqlExportSummary {
  /** Rows written; -1 when the reader closed stdout before the end. */
  rowCount: number
  columns: {name: string; type: string}[]
  /** The file written, or null for stdout. */
  output: string | null
  elapsedMs: number
}

/**
 * A full export of one sandboxed `--sql` statement, streamed: rows go from DuckDB's chunks to the
 * output as they come, so memory stays that of one chunk (2,048 rows) whatever the result's size.
 * CSV and JSON are written by the same code as the in-memory result (the same CSV cells, formula
 * neutralised; the same JSON object, `rows` streamed), Parquet by DuckDB's own COPY on the
 * sandboxed instance, which may write exactly one file: the temp file of the output. The same
 * three statement checks as runSandboxedSql apply, and the output goes to a temp file beside the
 * target that replaces it only when the export completed (a failed export leaves it as it was).
 */
export async function exportSandboxedSql(path: string, sql: string, options: SqlExportOptions): Promise<SqlExportSummary> {
  const limit = options.limit ?? 0
  const timeoutMs = options.timeoutMs ?? DEFAULT_SQL_TIMEOUT_MS
  if (!Number.isInteger(limit) || limit < 0) throw new BenchError('usage', `--limit must be 0 (every row) or a positive integer, got ${limit}`)
  if (!(timeoutMs > 0)) throw new BenchError('usage', `--timeout must be a positive number of milliseconds, got ${timeoutMs}`)
  checkLeadingKeyword(sql)
  if (options.format === 'parquet' && !options.output) {
    throw new BenchError('usage', 'a Parquet export needs --output FILE (it is binary, not for a terminal)', {hint: 'Add --output result.parquet.'})
  }
  const target = options.output ? checkOutputPath(options.output, {db: options.db}) : null
  const temp = target ? tempPathFor(target) : null
  const db = await Database.open(path, {
    sandbox: {memoryLimitMb: DEFAULT_SQL_LIMITS.duckdbMemoryMb, ...(options.format === 'parquet' && temp ? {writablePath: temp} : {})},
  })
  const started = performance.now()
  const timer = interruptAfter(db, timeoutMs)
  let completed = false
  try {
    const prepared = await prepareOneStatement(db, sql, path)
    const columns = Array.from({length: prepared.columnCount}, (_, i) => ({name: prepared.columnName(i), type: prepared.columnType(i).toString()}))
    let rowCount: number
    if (options.format === 'parquet') {
      if (prepared.statementType !== duckdb().StatementType.SELECT) throw new BenchError('usage', 'a Parquet export takes a SELECT, not EXPLAIN')
      rowCount = await copyToParquet(db, sql, limit, temp!)
    } else {
      const sink: Writable = temp ? createWriteStream(temp, {flags: 'wx', mode: 0o644}) : (options.stdout ?? process.stdout)
      // Errors reach the writes (events.once rejects on 'error'); this keeps a late one from being unhandled.
      sink.on('error', () => undefined)
      const meta = await exportMeta(db, path, options)
      rowCount = await streamRows(prepared, options.format, {columns, limit, sql, meta, started, sink, interrupted: () => timer.fired})
      if (temp) {
        ;(sink as ReturnType<typeof createWriteStream>).end()
        await once(sink, 'close')
      }
    }
    if (timer.fired) throw new Error('Interrupted')
    if (temp && target) renameSync(temp, target)
    completed = true
    return {rowCount, columns, output: target, elapsedMs: Math.round(performance.now() - started)}
  } catch (err) {
    // A reader that stops early (`| head`) closes the pipe: the export ends there, quietly, as Unix tools do.
    if (!options.output && (err as NodeJS.ErrnoException).code === 'EPIPE') {
      completed = true
      return {rowCount: -1, columns: [], output: null, elapsedMs: Math.round(performance.now() - started)}
    }
    if (timer.fired) {
      throw new BenchError('data', `the export was interrupted after the ${timeoutMs} ms timeout; nothing was written`, {
        hint: 'Raise --timeout (seconds) for a large export, or narrow the query.',
      })
    }
    if (options.output && isIoFailure(err)) throw ioError(err, options.output, 'write the export')
    throw sqlError(err, path)
  } finally {
    timer.clear()
    db.close()
    if (!completed && temp) rmSync(temp, {force: true})
  }
}

/** The statement without trailing semicolons, on lines of its own (a trailing `--` comment cannot swallow what follows). */
const enclosed = (sql: string) => `(\n${sql.replace(/[\s;]+$/, '')}\n)`

/** DuckDB's COPY streams the (already checked) statement into the one file the sandbox may write. */
async function copyToParquet(db: Database, sql: string, limit: number, temp: string): Promise<number> {
  const query = `SELECT * FROM ${enclosed(sql)}${limit > 0 ? ` LIMIT ${limit}` : ''}`
  const reader = await db.connection.runAndReadAll(`COPY (${query}) TO '${temp.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION zstd)`)
  return Number(reader.getRows()[0]?.[0] ?? 0)
}

interface StreamContext {
  columns: {name: string; type: string}[]
  limit: number
  sql: string
  meta: ResultMeta
  started: number
  sink: Writable
  interrupted: () => boolean
}

/** CSV or the JSON result object, chunk by chunk, waiting for the sink to drain (constant memory). */
async function streamRows(prepared: Awaited<ReturnType<typeof prepareOneStatement>>, format: 'csv' | 'json', c: StreamContext): Promise<number> {
  const {JSDuckDBValueConverter, StatementType} = duckdb()
  const write = async (text: string) => {
    if (!c.sink.write(text)) await once(c.sink, 'drain')
  }
  const result = await prepared.stream()
  const names = result.deduplicatedColumnNames()
  const shape = (rows: Record<string, unknown>[], truncated = false): SqlResult => ({
    kind: 'sql', meta: c.meta, sql: c.sql, statementType: prepared.statementType === StatementType.EXPLAIN ? 'EXPLAIN' : 'SELECT',
    columns: names.map((name, i) => ({name, type: c.columns[i]?.type ?? 'UNKNOWN'})), rows: rows as SqlResult['rows'],
    rowCount: rows.length, limit: c.limit, truncated, elapsedMs: 0,
  })
  if (format === 'json') {
    const head = shape([])
    // meta comes last, when its row count is known (key order means nothing in JSON).
    await write(`{"kind":"sql","sql":${JSON.stringify(c.sql)},"statementType":"${head.statementType}",` +
      `"columns":${JSON.stringify(head.columns)},"rows":[`)
  }
  let count = 0
  let truncated = false
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    if (c.interrupted()) throw new Error('Interrupted')
    const rows: Record<string, unknown>[] = []
    for (let i = 0; i < chunk.rowCount; i++) {
      if (c.limit > 0 && count + rows.length >= c.limit) {
        truncated = true
        break
      }
      const values = chunk.convertRowValues(i, JSDuckDBValueConverter)
      const row: Record<string, unknown> = {}
      for (let k = 0; k < names.length; k++) row[names[k]] = toPlain(values[k])
      rows.push(row)
    }
    if (format === 'csv') await write(renderCsv(sqlTable(shape(rows)), {header: count === 0}))
    else if (rows.length) await write((count === 0 ? '\n' : ',\n') + rows.map((r) => JSON.stringify(r)).join(',\n'))
    count += rows.length
    if (truncated) break
  }
  if (format === 'csv' && count === 0) await write(renderCsv(sqlTable(shape([]))))
  if (format === 'json') {
    const meta = {...c.meta, rowsUsed: count}
    await write(`\n],"rowCount":${count},"limit":${c.limit},"truncated":${truncated},"elapsedMs":${Math.round(performance.now() - c.started)},"meta":${JSON.stringify(meta)}}\n`)
  }
  return count
}

async function exportMeta(db: Database, path: string, options: SqlExportOptions): Promise<ResultMeta> {
  return {
    benchdbVersion: BENCHDB_VERSION, databasePath: path, schemaVersion: await readSchemaVersion(db).catch(() => 0), filters: {},
    generatedAt: (options.now ?? new Date()).toISOString(), rowsUsed: 0, simulatedIncluded: true, simulatedExcluded: 0,
  }
}
