import type {DuckDBPreparedStatement} from '@duckdb/node-api'
import {Database} from '../db/connection.js'
import {BenchError, classifyError} from '../errors.js'
import type {Row} from '../db/values.js'
import {readSchemaVersion} from '../db/migrate.js'
import {BENCHDB_VERSION} from '../version.js'
import {duckdb} from '../db/duckdb.js'
import type {ResultMeta} from './meta.js'
import {limitExceeded, resolveLimits, type SqlLimits} from '../sql/limits.js'
import {ResultBudget} from '../sql/result-budget.js'

export interface SqlOptions {
  /** Row cap; the result says when it truncated. Default 1000. */
  limit?: number
  /** Interrupt the statement after this many milliseconds. Default 30000. */
  timeoutMs?: number
  /** Fixed generation time for the provenance (tests); defaults to now. */
  now?: Date
  /** Byte and memory caps (DEFAULT_SQL_LIMITS for those left out). */
  limits?: Partial<SqlLimits>
  /** Keep each row's JSON text (`rowsJson`) instead of row objects: the API's response body. */
  jsonRows?: boolean
  /** DuckDB threads of the sandbox instance (default: DuckDB's, one per core). */
  threads?: number
  /** The path the result names as its database (the API's snapshot is not a path to show). */
  shownPath?: string
}

export interface SqlResult {
  kind: 'sql'
  /** User SQL sees every row, simulated or not: simulatedIncluded is always true here. */
  meta: ResultMeta
  sql: string
  statementType: 'SELECT' | 'EXPLAIN'
  columns: {name: string; type: string}[]
  rows: Row[]
  rowCount: number
  limit: number
  /** True when the statement produced more rows than `limit` (only the first `limit` are returned). */
  truncated: boolean
  elapsedMs: number
  /** With `jsonRows`: the rows as one JSON array text, and `rows` is empty. */
  rowsJson?: string
}

export const DEFAULT_SQL_LIMIT = 1000
export const DEFAULT_SQL_TIMEOUT_MS = 30_000

/** First keywords a read-only query may start with (after comments and parentheses). */
const ALLOWED_KEYWORDS = ['SELECT', 'WITH', 'DESCRIBE', 'DESC', 'SHOW', 'SUMMARIZE', 'EXPLAIN', 'FROM', 'VALUES', 'TABLE']

const refuse = (message: string, hint?: string) =>
  new BenchError('usage', message, {
    hint: hint ?? 'Only one read-only statement is allowed: SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN.',
  })

/** The statement's first keyword, skipping comments, whitespace and opening parentheses. */
export function leadingKeyword(sql: string): string {
  const stripped = sql.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()*/, '')
  return (/^[A-Za-z_]+/.exec(stripped)?.[0] ?? '').toUpperCase()
}

/** The first of the three checks, before anything is opened: the statement's first keyword. */
export function checkLeadingKeyword(sql: string): void {
  if (sql.trim() === '') throw refuse('the SQL statement is empty')
  const keyword = leadingKeyword(sql)
  if (!ALLOWED_KEYWORDS.includes(keyword)) {
    throw refuse(`refused: ${keyword || 'this'} statements are not allowed in --sql (the database is opened read-only)`)
  }
}

/**
 * The other two, on the sandboxed instance: exactly one statement (DuckDB's own parser counts
 * them), and the prepared statement is a SELECT or EXPLAIN.
 */
export async function prepareOneStatement(db: Database, sql: string, path: string): Promise<DuckDBPreparedStatement> {
  const extracted = await db.connection.extractStatements(sql).catch((err: unknown) => {
    throw sqlError(err, path)
  })
  if (extracted.count !== 1) {
    throw refuse(`refused: --sql takes exactly one statement, got ${extracted.count}`, 'Run each statement separately.')
  }
  const prepared = await extracted.prepare(0).catch((err: unknown) => {
    throw sqlError(err, path)
  })
  const {StatementType} = duckdb()
  const type = prepared.statementType
  if (type !== StatementType.SELECT && type !== StatementType.EXPLAIN) {
    throw refuse(`refused: ${StatementType[type] ?? 'this'} statements are not allowed in --sql (the database is opened read-only)`)
  }
  return prepared
}

/**
 * Runs one user statement on a sandboxed instance: read-only, no file system or network access,
 * no extension loading and a locked configuration (DuckDB enforces these, whatever the SQL says).
 * Before running, the statement count (DuckDB's own parser) and the statement type (the prepared
 * statement's, plus its first keyword, because DuckDB rewrites PRAGMA into SELECT) are checked.
 * Refusals are usage errors (exit 2); SQL errors are data errors (exit 1); a timeout is exit 1.
 */
export async function runSandboxedSql(path: string, sql: string, options: SqlOptions = {}): Promise<SqlResult> {
  const limit = options.limit ?? DEFAULT_SQL_LIMIT
  const timeoutMs = options.timeoutMs ?? DEFAULT_SQL_TIMEOUT_MS
  if (!Number.isInteger(limit) || limit < 1) throw new BenchError('usage', `--limit must be a positive integer, got ${limit}`)
  if (!(timeoutMs > 0)) throw new BenchError('usage', `--timeout must be a positive number of milliseconds, got ${timeoutMs}`)
  checkLeadingKeyword(sql)

  const limits = resolveLimits(options.limits)
  const db = await Database.open(path, {sandbox: {memoryLimitMb: limits.duckdbMemoryMb, threads: options.threads}})
  const started = performance.now()
  const timer = interruptAfter(db, timeoutMs)
  try {
    const prepared = await prepareOneStatement(db, sql, path)
    const {StatementType, JSDuckDBValueConverter} = duckdb()
    const type = prepared.statementType
    // Chunk by chunk, each row counted as it is converted: a result over a byte limit stops at
    // the chunk that crosses it, before the rest is fetched or converted.
    const result = await prepared.stream()
    const names = result.deduplicatedColumnNames()
    const types = result.columnTypes().map((t) => t.toString())
    const budget = new ResultBudget(limits, names, !options.jsonRows)
    let truncated = false
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      if (timer.fired) throw new Error('Interrupted')
      let i = 0
      for (; i < chunk.rowCount && budget.count < limit; i++) budget.add(chunk.convertRowValues(i, JSDuckDBValueConverter))
      if (i < chunk.rowCount) {
        truncated = true
        break
      }
    }
    const schemaVersion = await readSchemaVersion(db).catch(() => 0)
    const meta: ResultMeta = {
      benchdbVersion: BENCHDB_VERSION, databasePath: options.shownPath ?? path, schemaVersion, filters: {},
      generatedAt: (options.now ?? new Date()).toISOString(), rowsUsed: budget.count, simulatedIncluded: true, simulatedExcluded: 0,
    }
    return {
      kind: 'sql', meta, sql, statementType: type === StatementType.EXPLAIN ? 'EXPLAIN' : 'SELECT',
      columns: names.map((name, i) => ({name, type: types[i]})), rows: budget.rows, rowCount: budget.count, limit, truncated,
      elapsedMs: Math.round(performance.now() - started),
      ...(options.jsonRows ? {rowsJson: budget.json()} : {}),
    }
  } catch (err) {
    if (timer.fired) {
      throw new BenchError('data', `the query was interrupted after the ${timeoutMs} ms timeout`, {
        hint: 'Narrow the query, or raise --timeout (milliseconds).',
      })
    }
    throw sqlError(err, path)
  } finally {
    timer.clear()
    db.close()
  }
}

/** Interrupts the connection's statement after `ms`; `fired` says whether it did. */
export function interruptAfter(db: Database, ms: number): {readonly fired: boolean; clear: () => void} {
  const state = {fired: false, clear: () => clearTimeout(handle)}
  const handle = setTimeout(() => {
    state.fired = true
    db.connection.interrupt()
  }, ms)
  return state
}

/** DuckDB's refusals of the sandbox become usage errors; other SQL errors stay data errors. */
export function sqlError(err: unknown, path: string): BenchError {
  if (err instanceof BenchError) return err
  const message = err instanceof Error ? err.message : String(err)
  if (/^Permission Error|file system operations are disabled|configuration has been locked|attached in read-only mode|Loading external extensions is disabled/.test(message)) {
    return refuse(`refused by the SQL sandbox: ${message.split('\n')[0]}`)
  }
  if (/INTERRUPT|Interrupted/i.test(message)) return new BenchError('data', 'the query was interrupted')
  // DuckDB's memory_limit of the sandbox instance: the statement, not the data, is too big.
  if (/^Out of Memory Error/.test(message)) return limitExceeded('memory', `the query needs more memory than its limit: ${message.split('\n')[0]}`)
  const classified = classifyError(err, path)
  return classified.kind === 'internal' ? new BenchError('data', message) : classified
}
