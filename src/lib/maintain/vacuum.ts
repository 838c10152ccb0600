import {existsSync, renameSync, rmSync, statSync} from 'node:fs'
import {Database} from '../db/connection.js'
import {BenchError} from '../errors.js'
import {fingerprintDiff, tableFingerprints} from './fingerprint.js'

export interface VacuumResult {
  database: string
  dryRun: boolean
  sizeBefore: number
  sizeAfter: number
  bytesReclaimed: number
  rebuilt: boolean
}

export const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0)
const sql = (s: string) => `'${s.replace(/'/g, "''")}'`

/**
 * Rewrites the database into a fresh file (`COPY FROM DATABASE`, which keeps sequences, views and
 * the schema version), proves the copy holds the same tables and values, then renames it over the
 * original. DuckDB's own VACUUM does not shrink the file; a rewrite is what gives space back.
 */
export async function rebuildDatabase(dbPath: string): Promise<void> {
  const tmp = `${dbPath}.rebuild-${process.pid}.tmp`
  rmSync(tmp, {force: true})
  rmSync(`${tmp}.wal`, {force: true})
  // Database, not BenchDb: maintenance never migrates a file as a side effect.
  const db = await Database.open(dbPath, {mustExist: true})
  let before
  try {
    await db.checkpoint()
    before = await tableFingerprints(db)
    const name = await db.scalar<string>('SELECT current_database()')
    await db.run(`ATTACH ${sql(tmp)} AS benchdb_rebuild`)
    try {
      await db.run(`COPY FROM DATABASE "${name.replace(/"/g, '""')}" TO benchdb_rebuild`)
    } finally {
      await db.run('DETACH benchdb_rebuild')
    }
  } catch (err) {
    rmSync(tmp, {force: true})
    throw err
  } finally {
    db.close()
  }
  const copy = await Database.open(tmp)
  let diff: string
  try {
    await copy.checkpoint()
    diff = fingerprintDiff(before, await tableFingerprints(copy))
  } finally {
    copy.close()
  }
  if (diff) {
    rmSync(tmp, {force: true})
    throw new BenchError('internal', `rebuilt copy of ${dbPath} differs from the original (${diff}); the original is untouched`, {file: dbPath})
  }
  rmSync(`${tmp}.wal`, {force: true})
  renameSync(tmp, dbPath)
  rmSync(`${dbPath}.wal`, {force: true})
}

/** `--vacuum`: rebuild and report the file size before and after. */
export async function vacuumDatabase(dbPath: string, options: {dryRun?: boolean} = {}): Promise<VacuumResult> {
  if (!existsSync(dbPath)) throw new BenchError('usage', `database ${dbPath} does not exist`, {file: dbPath})
  const sizeBefore = fileSize(dbPath) + fileSize(`${dbPath}.wal`)
  if (options.dryRun) {
    // Opening read-only proves the file is a benchdb database without touching it.
    ;(await Database.open(dbPath, {readOnly: true})).close()
    return {database: dbPath, dryRun: true, sizeBefore, sizeAfter: sizeBefore, bytesReclaimed: 0, rebuilt: false}
  }
  await rebuildDatabase(dbPath)
  const sizeAfter = fileSize(dbPath) + fileSize(`${dbPath}.wal`)
  return {database: dbPath, dryRun: false, sizeBefore, sizeAfter, bytesReclaimed: sizeBefore - sizeAfter, rebuilt: true}
}
