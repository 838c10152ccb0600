import {constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {createHash} from 'node:crypto'
import {basename, dirname, join, resolve} from 'node:path'
import {Database} from '../db/connection.js'
import {BenchError} from '../errors.js'
import {fingerprintDiff, tableFingerprints, type TableFingerprint} from './fingerprint.js'

/**
 * Backups are checkpointed file copies: with the database open for writing (so no other process
 * can change it), CHECKPOINT folds the WAL into the file, the file is copied, and the copy is opened
 * and compared table by table (counts and value digests) before it counts as a backup. Each backup
 * is a directory `<db name>-<UTC timestamp>/` holding the copy and `backup.json`; restoring one is
 * copying its .duckdb file back.
 */
export const BACKUP_FORMAT = 'benchdb-backup'

export interface BackupInfo {
  format: typeof BACKUP_FORMAT
  createdAt: string
  database: string
  file: string
  sizeBytes: number
  sha256: string
  tables: TableFingerprint[]
}

export interface BackupResult extends BackupInfo {
  dryRun: boolean
  /** The backup's directory. */
  path: string
}

export const defaultBackupDir = (dbPath: string) => join(dirname(resolve(dbPath)), 'benchdb_backups')

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
}

function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

export async function backupDatabase(dbPath: string, options: {backupDir?: string; now?: Date; dryRun?: boolean} = {}): Promise<BackupResult> {
  const now = options.now ?? new Date()
  const backupDir = resolve(options.backupDir ?? defaultBackupDir(dbPath))
  const name = basename(dbPath).replace(/\.duckdb$/, '')
  let dir = join(backupDir, `${name}-${stamp(now)}`)
  for (let n = 2; existsSync(dir); n++) dir = join(backupDir, `${name}-${stamp(now)}-${n}`)
  const file = join(dir, basename(dbPath))

  // Database, not BenchDb: a backup copies the file as it is, without migrating it first.
  const db = await Database.open(dbPath, {readOnly: Boolean(options.dryRun), mustExist: true})
  const tmpDir = join(backupDir, `.${basename(dir)}.${process.pid}.tmp`)
  let tables: TableFingerprint[]
  try {
    tables = await tableFingerprints(db)
    if (options.dryRun) {
      const size = statSync(dbPath).size
      return {format: BACKUP_FORMAT, dryRun: true, createdAt: now.toISOString(), database: resolve(dbPath), path: dir, file, sizeBytes: size, sha256: '', tables}
    }
    await db.checkpoint()
    mkdirSync(tmpDir, {recursive: true})
    copyFileSync(dbPath, join(tmpDir, basename(dbPath)), constants.COPYFILE_EXCL)
  } catch (err) {
    rmSync(tmpDir, {recursive: true, force: true})
    throw err
  } finally {
    db.close()
  }
  try {
    const copyPath = join(tmpDir, basename(dbPath))
    const sha = fileSha256(copyPath)
    const copy = await Database.open(copyPath, {readOnly: true})
    let diff: string
    try {
      diff = fingerprintDiff(tables, await tableFingerprints(copy))
    } finally {
      copy.close()
    }
    if (diff) throw new BenchError('internal', `backup copy of ${dbPath} differs from the database (${diff})`, {file: dbPath})
    const info: BackupInfo = {format: BACKUP_FORMAT, createdAt: now.toISOString(), database: resolve(dbPath), file, sizeBytes: statSync(copyPath).size, sha256: sha, tables}
    writeFileSync(join(tmpDir, 'backup.json'), JSON.stringify(info, null, 2) + '\n')
    if (existsSync(dir)) throw new BenchError('io', `backup directory ${dir} appeared meanwhile; not replacing it`, {file: dir})
    renameSync(tmpDir, dir)
    return {...info, dryRun: false, path: dir}
  } finally {
    rmSync(tmpDir, {recursive: true, force: true})
  }
}

export interface PurgeResult {
  backupDir: string
  dryRun: boolean
  keep: number
  kept: string[]
  removed: string[]
  bytesFreed: number
}

/** Backups in a directory, newest first. Only directories with a benchdb backup.json count. */
export function listBackups(backupDir: string): Array<{path: string; info: BackupInfo}> {
  if (!existsSync(backupDir)) return []
  const out: Array<{path: string; info: BackupInfo}> = []
  for (const n of readdirSync(backupDir)) {
    const path = join(backupDir, n)
    try {
      const info = JSON.parse(readFileSync(join(path, 'backup.json'), 'utf8')) as BackupInfo
      if (info.format === BACKUP_FORMAT) out.push({path, info})
    } catch {
      // Not a benchdb backup (or a half-written one): never touched by a purge.
    }
  }
  return out.sort((a, b) => b.info.createdAt.localeCompare(a.info.createdAt) || b.path.localeCompare(a.path))
}

/** `--purge-backups --keep N`: delete all but the newest N backups. */
export function purgeBackups(backupDir: string, keep: number, options: {dryRun?: boolean} = {}): PurgeResult {
  if (!Number.isInteger(keep) || keep < 0) throw new BenchError('usage', `--keep must be a whole number ≥ 0, got ${keep}`)
  const all = listBackups(resolve(backupDir))
  const gone = all.slice(keep)
  let bytesFreed = 0
  for (const b of gone) {
    for (const f of readdirSync(b.path)) bytesFreed += statSync(join(b.path, f)).size
    if (!options.dryRun) rmSync(b.path, {recursive: true})
  }
  return {backupDir: resolve(backupDir), dryRun: Boolean(options.dryRun), keep, kept: all.slice(0, keep).map((b) => b.path), removed: gone.map((b) => b.path), bytesFreed}
}

export interface RestoreBackupResult {
  backup: string
  database: string
  dryRun: boolean
  /** Whether an existing database file was replaced. */
  replaced: boolean
  tables: TableFingerprint[]
}

/**
 * `--restore-backup DIR`: puts a backup's file back at --db. The copy's sha256 must equal the one
 * recorded in backup.json; it is copied to a temporary name beside the database, opened and
 * compared table by table with the recorded digests, then renamed into place (replacing an
 * existing database is a destructive operation the command confirms first).
 */
export async function restoreBackup(backupPath: string, dbPath: string, options: {dryRun?: boolean} = {}): Promise<RestoreBackupResult> {
  let info: BackupInfo
  try {
    info = JSON.parse(readFileSync(join(backupPath, 'backup.json'), 'utf8')) as BackupInfo
  } catch {
    throw new BenchError('usage', `${backupPath} is not a benchdb backup (no readable backup.json)`, {file: backupPath})
  }
  if (info.format !== BACKUP_FORMAT) throw new BenchError('usage', `${backupPath} is not a benchdb backup`, {file: backupPath})
  const source = join(backupPath, basename(info.file))
  if (!existsSync(source) || fileSha256(source) !== info.sha256) {
    throw new BenchError('data', `backup ${backupPath} is damaged: its database file does not match the sha256 in backup.json`, {file: source})
  }
  const replaced = existsSync(dbPath)
  if (options.dryRun) return {backup: backupPath, database: dbPath, dryRun: true, replaced, tables: info.tables}
  const tmp = `${dbPath}.restore-${process.pid}.tmp`
  rmSync(tmp, {force: true})
  copyFileSync(source, tmp, constants.COPYFILE_EXCL)
  try {
    const copy = await Database.open(tmp, {readOnly: true})
    let diff: string
    try {
      diff = fingerprintDiff(info.tables, await tableFingerprints(copy))
    } finally {
      copy.close()
    }
    if (diff) throw new BenchError('data', `backup ${backupPath} does not hold the tables backup.json lists (${diff})`, {file: source})
    if (replaced) {
      // Proves no other process holds the database before it is replaced.
      ;(await Database.open(dbPath, {mustExist: true})).close()
    }
    renameSync(tmp, dbPath)
    rmSync(`${dbPath}.wal`, {force: true})
  } finally {
    rmSync(tmp, {force: true})
  }
  return {backup: backupPath, database: dbPath, dryRun: false, replaced, tables: info.tables}
}
