import {BenchError} from '../errors.js'
import {BENCHDB_VERSION} from '../version.js'
import {LATEST_SCHEMA_VERSION, MIGRATIONS, SCHEMA_VERSION_DDL, SCHEMA_VERSION_TABLE, type Migration} from '../../schema/migrations.js'
import type {Database} from './connection.js'

export interface MigrationReport {
  from: number
  to: number
  applied: number[]
}

/** The schema version recorded in the file: 0 for an empty file. */
export async function readSchemaVersion(db: Database): Promise<number> {
  // One catalog query answers both "is this a benchdb file" and "is it someone else's": every
  // command pays for this on open.
  const present = await db.all<{name: string}>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()
       AND table_name IN (?, 'performance_results')`,
    [SCHEMA_VERSION_TABLE],
  )
  if (!present.some((t) => t.name === SCHEMA_VERSION_TABLE)) {
    if (present.length > 0) {
      throw new BenchError('incompatible', `${db.path} holds benchmark tables but no benchdb schema version`, {
        file: db.path,
        hint:
          'It was probably made by the Python predecessor. Convert its source JSON files into a new ' +
          'database with `bench db:convert --db new.duckdb`, or export its tables and re-import.',
      })
    }
    return 0
  }
  return (await db.scalar<number | null>(`SELECT max(version) FROM ${SCHEMA_VERSION_TABLE}`)) ?? 0
}

/**
 * Brings the file up to LATEST_SCHEMA_VERSION. A file written by a newer benchdb is refused
 * rather than guessed at: its tables may mean things this version does not know.
 */
export async function migrate(db: Database, migrations: Migration[] = MIGRATIONS): Promise<MigrationReport> {
  const from = await readSchemaVersion(db)
  const latest = migrations[migrations.length - 1]?.version ?? LATEST_SCHEMA_VERSION
  if (from > latest) {
    throw new BenchError(
      'incompatible',
      `${db.path} has schema version ${from}, newer than this benchdb (${BENCHDB_VERSION}) understands (${latest})`,
      {file: db.path, hint: 'Upgrade benchdb (npm install -g benchdb@latest) to open this database.'},
    )
  }
  const applied: number[] = []
  if (from === latest) return {from, to: from, applied}
  // A reader can use a file that lacks only optional (derived-data) migrations as it is.
  if (db.readOnly && migrations.every((m) => m.version <= from || m.optional)) return {from, to: from, applied}
  if (db.readOnly) {
    throw new BenchError('incompatible', `${db.path} has schema version ${from}; version ${latest} is needed`, {
      file: db.path,
      hint: 'Open it once for writing (for example `bench db:create --db ' + db.path + '`) to migrate it.',
    })
  }
  for (const m of migrations.filter((m) => m.version > from)) {
    await db.transaction(async (tx) => {
      await tx.run(SCHEMA_VERSION_DDL)
      for (const sql of m.statements) await tx.run(sql)
      await tx.run(`INSERT INTO ${SCHEMA_VERSION_TABLE} (version, description, benchdb_version) VALUES (?, ?, ?)`, [
        m.version,
        m.description,
        BENCHDB_VERSION,
      ])
    })
    applied.push(m.version)
  }
  // Out of the WAL at once: DuckDB (1.x) cannot replay an ALTER TABLE ADD COLUMN on a table whose
  // columns have a function default (`created_at DEFAULT now()`, as test_runs and source_files do):
  // a process killed before its next checkpoint would leave a file that no longer opens
  // ("Failure while replaying WAL ... GetDefaultDatabase"). Migrations are rare; the checkpoint is cheap.
  if (applied.length > 0) await db.checkpoint()
  return {from, to: latest, applied}
}
