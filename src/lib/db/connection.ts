import {existsSync, openSync, readSync, closeSync, statSync, realpathSync} from 'node:fs'
import {dirname, resolve, basename} from 'node:path'
import type {DuckDBConnection, DuckDBInstance, DuckDBValue} from '@duckdb/node-api'
import {BenchError, classifyError} from '../errors.js'
import {removeDatabaseDebris} from './debris.js'
import {duckdb} from './duckdb.js'
import {toPlain, type Row} from './values.js'

export interface OpenOptions {
  /** Open without write access (other read-only processes may share the file). */
  readOnly?: boolean
  /**
   * Lock the instance down for untrusted SQL: no file system access, no extensions, and no way to
   * change the configuration afterwards. Implies readOnly. An object also caps the instance's
   * memory and threads (user SQL gets its own instance, so its memory_limit is the statement's).
   */
  /**
   * Read-only, no file system or network access, no extension loading, locked configuration.
   * `writablePath`: the one file the sandbox may write (a streamed export's COPY target).
   */
  sandbox?: boolean | {memoryLimitMb?: number; threads?: number; writablePath?: string}
  /** Refuse to create the file when it does not exist (for commands that only read). */
  mustExist?: boolean
}

/**
 * DuckDB's own file header carries the magic bytes "DUCK" at offset 8. Used before `--force`
 * deletes anything, and to give a clear error instead of DuckDB's for a non-database file.
 */
export function isDuckDbFile(path: string): boolean {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    const header = Buffer.alloc(12)
    const n = readSync(fd, header, 0, 12, 0)
    return n === 12 && header.subarray(8, 12).toString('latin1') === 'DUCK'
  } catch {
    return false
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/**
 * Storage settings for database files created from now on (existing files keep their own):
 * - storage version v1.5.0 (the installed DuckDB; files stay readable by DuckDB >= 1.5): zstd
 *   column compression (the ledger's raw documents, schema v2, needs >= v1.2.0) and
 *   dictionary+FSST strings. The default, v0.10.2, has neither.
 * - 64 KB blocks instead of 256 KB: a benchmark database is many small tables and columns, each
 *   ending in a partly filled block. Measured on 10,000 result files: 256 KB blocks 7.4 MB, 64 KB
 *   5.0 MB; 32 KB and 16 KB are larger again (DuckDB then stores some integer columns without
 *   bit-packing).
 */
export const NEW_FILE_STORAGE: Record<string, string> = {storage_compatibility_version: 'v1.5.0', default_block_size: '65536'}

/**
 * One DuckDB instance per file per process: two `DuckDBInstance.create` calls on the same path in
 * one process give two independent instances that corrupt each other, so instances are shared
 * through this registry and reference counted.
 */
const registry = new Map<string, {instance: DuckDBInstance; refs: number; key: string}>()

function registryKey(path: string, options: OpenOptions): string {
  const abs = path === ':memory:' ? path : canonicalPath(path)
  const writable = typeof options.sandbox === 'object' && options.sandbox.writablePath ? `:${options.sandbox.writablePath}` : ''
  return `${abs}|${options.sandbox ? `sandbox${writable}` : options.readOnly ? 'ro' : 'rw'}`
}

/** A path with its symlinks resolved (for a file that does not exist yet, its directory's). */
export function canonicalPath(path: string): string {
  const abs = resolve(path)
  try {
    return realpathSync(abs)
  } catch {
    try {
      return resolve(realpathSync(dirname(abs)), basename(abs))
    } catch {
      return abs
    }
  }
}

/** Caches kept beside the database (dimension ids) follow the transaction's fate through these. */
export interface TransactionHooks {
  onCommit?: () => void
  onRollback?: () => void
}

/** The sandbox's lock-down, leaving exactly one file writable (and readable). Instance-global. */
async function lockDownExceptFor(instance: DuckDBInstance, path: string): Promise<void> {
  const connection = await instance.connect()
  try {
    await connection.run(`SET allowed_paths = [${sqlString(path)}]`)
    await connection.run('SET enable_external_access = false')
    await connection.run('SET lock_configuration = true')
  } finally {
    connection.closeSync()
  }
}

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`

export class Database {
  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly key: string,
    readonly readOnly: boolean,
  ) {}

  /** Serialises transactions on this connection: DuckDB has one transaction per connection. */
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false

  static async open(path: string, options: OpenOptions = {}): Promise<Database> {
    const readOnly = Boolean(options.readOnly || options.sandbox)
    // Closing any descriptor of a file drops every POSIX lock this process holds on it, so the
    // header check (open/read/close) must not run while an instance of this file is open here:
    // it would silently release DuckDB's lock and let a second process open the file.
    const alreadyOpen = path !== ':memory:' && [...registry.keys()].some((k) => k.startsWith(canonicalPath(path) + '|'))
    if (path !== ':memory:' && !alreadyOpen) {
      if (existsSync(path)) {
        const st = statSync(path)
        if (st.isDirectory()) throw new BenchError('usage', `${path} is a directory, not a database file`, {file: path})
        if (st.size > 0 && !isDuckDbFile(path)) {
          throw new BenchError('incompatible', `${path} is not a DuckDB database`, {
            file: path,
            hint: 'Point --db at a benchdb database, or at a new path to create one.',
          })
        }
      } else if (options.mustExist || readOnly) {
        throw new BenchError('usage', `database ${path} does not exist`, {
          file: path,
          hint: 'Create it with `bench db:create --db ' + path + '` or fill it with `bench db:convert`.',
        })
      } else if (!existsSync(dirname(resolve(path)))) {
        throw new BenchError('io', `directory ${dirname(resolve(path))} does not exist`, {file: path})
      }
    }
    const key = registryKey(path, options)
    const {DuckDBInstance} = duckdb()
    let entry = registry.get(key)
    if (!entry) {
      const config: Record<string, string> = {autoinstall_known_extensions: 'false'}
      if (readOnly) config.access_mode = 'READ_ONLY'
      // Files this instance creates (a new database, or one ATTACHed by vacuum/backup) use a storage
      // format with zstd and dictionary+FSST column compression; an existing file keeps its own.
      else Object.assign(config, NEW_FILE_STORAGE)
      const writablePath = typeof options.sandbox === 'object' ? options.sandbox.writablePath : undefined
      if (options.sandbox) {
        // With a writable path the lock-down is applied by SET right after creation (DuckDB takes
        // allowed_paths only before external access is disabled, and not as creation config).
        if (!writablePath) {
          config.enable_external_access = 'false'
          config.lock_configuration = 'true'
        }
        config.autoload_known_extensions = 'false'
        if (typeof options.sandbox === 'object') {
          if (options.sandbox.memoryLimitMb) config.memory_limit = `${options.sandbox.memoryLimitMb}MB`
          if (options.sandbox.threads) config.threads = String(options.sandbox.threads)
          // The only other path DuckDB would show through duckdb_settings(): the user's home.
          config.secret_directory = '/nonexistent'
          config.allow_persistent_secrets = 'false'
        }
      }
      try {
        const instance = await DuckDBInstance.create(path, config)
        if (writablePath) await lockDownExceptFor(instance, writablePath)
        entry = {instance, refs: 0, key}
        registry.set(key, entry)
      } catch (err) {
        throw classifyError(err, path)
      }
      // This process now holds the file's write lock: what killed runs left beside it is nobody's.
      if (!readOnly && path !== ':memory:') removeDatabaseDebris(path)
    }
    entry.refs++
    const connection = await entry.instance.connect()
    return new Database(path, entry.instance, connection, key, readOnly)
  }

  /**
   * Another connection to the same instance, with its own transactions: for a read that should
   * run beside this connection's work (DuckDB runs them on its own threads meanwhile). Close it
   * when done; the instance stays open until every connection to it is closed.
   */
  async sibling(): Promise<Database> {
    const entry = registry.get(this.key)
    if (this.closed || !entry) throw new BenchError('internal', `${this.path} is closed`)
    const connection = await entry.instance.connect()
    entry.refs++
    return new Database(this.path, entry.instance, connection, this.key, this.readOnly)
  }

  async run(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<void> {
    try {
      await this.connection.run(sql, params)
    } catch (err) {
      throw classifyError(err, this.path)
    }
  }

  async all<T extends Row = Row>(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<T[]> {
    try {
      const reader = await this.connection.runAndReadAll(sql, params)
      return reader.getRowObjectsJS().map((r) => toPlain(r) as T)
    } catch (err) {
      throw classifyError(err, this.path)
    }
  }

  async one<T extends Row = Row>(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0]
  }

  async scalar<T = unknown>(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<T> {
    const row = await this.one(sql, params)
    return (row ? Object.values(row)[0] : null) as T
  }

  /**
   * Runs `fn` inside BEGIN/COMMIT; any error rolls back and is rethrown. Calls are queued so two
   * async callers never share (or interleave) one transaction.
   */
  async transaction<T>(fn: (db: Database) => Promise<T>, hooks: TransactionHooks = {}): Promise<T> {
    const work = this.queue.then(async () => {
      await this.run('BEGIN TRANSACTION')
      try {
        const result = await fn(this)
        await this.run('COMMIT')
        hooks.onCommit?.()
        return result
      } catch (err) {
        try {
          await this.connection.run('ROLLBACK')
        } catch {
          // The transaction may already be aborted by DuckDB; the original error matters more.
        }
        hooks.onRollback?.()
        throw err
      }
    })
    this.queue = work.catch(() => undefined)
    return work
  }

  /** Writes the WAL into the main file so that a copy of the file alone is complete. */
  async checkpoint(): Promise<void> {
    if (!this.readOnly) await this.run('CHECKPOINT')
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.connection.closeSync()
    const entry = registry.get(this.key)
    if (entry && --entry.refs <= 0) {
      registry.delete(this.key)
      entry.instance.closeSync()
    }
  }
}
