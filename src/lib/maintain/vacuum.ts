import {existsSync, renameSync, rmSync, statSync} from 'node:fs'
import {BenchDb} from '../db/bench-db.js'
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
  const bench = await BenchDb.open(dbPath)
  let before
  try {
    await bench.checkpoint()
    before = await tableFingerprints(bench.db)
    const name = await bench.db.scalar<string>('SELECT current_database()')
    await bench.db.run(`ATTACH ${sql(tmp)} AS benchdb_rebuild`)
    try {
      await bench.db.run(`COPY FROM DATABASE "${name.replace(/"/g, '""')}" TO benchdb_rebuild`)
    } finally {
      await bench.db.run('DETACH benchdb_rebuild')
    }
  } catch (err) {
    rmSync(tmp, {force: true})
    throw err
  } finally {
    bench.close()
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
    ;(await BenchDb.open(dbPath, {readOnly: true})).close()
    return {database: dbPath, dryRun: true, sizeBefore, sizeAfter: sizeBefore, bytesReclaimed: 0, rebuilt: false}
  }
  await rebuildDatabase(dbPath)
  const sizeAfter = fileSize(dbPath) + fileSize(`${dbPath}.wal`)
  return {database: dbPath, dryRun: false, sizeBefore, sizeAfter, bytesReclaimed: sizeBefore - sizeAfter, rebuilt: true}
}
