import {CONTRACT_TABLES, LEDGER_TABLE} from '../../schema/sql/v1-tables.js'
import {CONTRACT_VIEWS} from '../../schema/sql/v1-views.js'
import {Database, type OpenOptions} from './connection.js'
import {Dimensions} from './dimensions.js'
import {migrate, type MigrationReport} from './migrate.js'

export interface ObjectCount {
  name: string
  kind: 'table' | 'view'
  rows: number
}

/**
 * The repository: one open benchdb database with its schema guaranteed current. The CLI, the
 * REST API and library users all go through this.
 */
export class BenchDb {
  private dims?: Dimensions

  private constructor(
    readonly db: Database,
    readonly schemaVersion: number,
    readonly migration: MigrationReport | null,
  ) {}

  get path(): string {
    return this.db.path
  }

  private shownAs?: string

  /**
   * How results name this database (the provenance of reports): its path, unless the opener chose
   * another name. The API shows only the file name, so a server never tells its clients where its
   * files live.
   */
  get displayName(): string {
    return this.shownAs ?? this.db.path
  }

  showAs(name: string): this {
    this.shownAs = name
    return this
  }

  /**
   * Opens (creating when needed) and migrates. Read-only and sandboxed opens never migrate;
   * they refuse a file whose schema is older or newer than this benchdb's.
   */
  static async open(path: string, options: OpenOptions = {}): Promise<BenchDb> {
    const db = await Database.open(path, options)
    try {
      if (options.readOnly || options.sandbox) {
        const report = await migrate(db) // throws for an older/newer file; no-op when current
        return new BenchDb(db, report.from, report.applied.length ? report : null)
      }
      const report = await migrate(db)
      return new BenchDb(db, report.to, report)
    } catch (err) {
      db.close()
      throw err
    }
  }

  /** Model and hardware id lookups, loaded once per open database. */
  async dimensions(): Promise<Dimensions> {
    this.dims ??= await Dimensions.load(this.db)
    return this.dims
  }

  /**
   * Runs a write in one transaction with the dimension cache; ids the write created enter the
   * cache only if the transaction commits.
   */
  async write<T>(fn: (db: Database, dims: Dimensions) => Promise<T>): Promise<T> {
    const dims = await this.dimensions()
    return this.db.transaction((tx) => fn(tx, dims), {onCommit: () => dims.commit(), onRollback: () => dims.rollback()})
  }

  /** Row counts of every contract table and view, and of the provenance ledger. */
  async counts(): Promise<ObjectCount[]> {
    const tables = [...CONTRACT_TABLES, LEDGER_TABLE]
    const parts = [
      ...tables.map((t) => `SELECT '${t}' AS name, 'table' AS kind, count(*)::BIGINT AS rows, ${tables.indexOf(t)} AS ord FROM ${t}`),
      ...CONTRACT_VIEWS.map((v, i) => `SELECT '${v}', 'view', count(*)::BIGINT, ${100 + i} FROM ${v}`),
    ]
    const rows = await this.db.all<{name: string; kind: 'table' | 'view'; rows: number}>(
      `SELECT name, kind, rows FROM (${parts.join(' UNION ALL ')}) ORDER BY ord`,
    )
    return rows
  }

  async checkpoint(): Promise<void> {
    await this.db.checkpoint()
  }

  close(): void {
    this.db.close()
  }
}

/** The library entry point: `const bench = await openBenchDb('./benchmark_db.duckdb')`. */
export async function openBenchDb(path: string, options: OpenOptions = {}): Promise<BenchDb> {
  return BenchDb.open(path, options)
}
