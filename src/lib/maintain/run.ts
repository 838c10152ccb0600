import {existsSync} from 'node:fs'
import {BenchError} from '../errors.js'
import {backupDatabase, defaultBackupDir, purgeBackups, restoreBackup, type BackupResult, type PurgeResult, type RestoreBackupResult} from './backup.js'
import {cleanJson, type CleanResult} from './clean.js'
import {checkIntegrity, type IntegrityResult} from './integrity.js'
import {optimizeDatabase, type OptimizeResult} from './optimize.js'
import {restoreFiles, type RestoreResult} from './restore.js'
import {vacuumDatabase, type VacuumResult} from './vacuum.js'

export interface MaintainOptions {
  cleanJson?: boolean
  archiveData?: boolean
  archiveDir?: string
  inputDirs?: string[]
  olderThanDays?: number
  restore?: boolean
  fromDb?: boolean
  pathGlobs?: string[]
  to?: string
  optimize?: boolean
  vacuum?: boolean
  checkIntegrity?: boolean
  backup?: boolean
  backupDir?: string
  purgeBackups?: boolean
  keep?: number
  /** Put this backup directory's database file back at the database path. */
  restoreBackup?: string
  dryRun?: boolean
  /** The database path (used to tell whether --restore-backup would replace a file). */
  dbPath?: string
  now?: Date
  cwd?: string
  onProgress?: (phase: string, done: number, total: number) => void
}

export interface MaintainResult {
  database: string
  dryRun: boolean
  backup?: BackupResult
  clean?: CleanResult
  restore?: RestoreResult
  optimize?: OptimizeResult
  vacuum?: VacuumResult
  integrity?: IntegrityResult
  purge?: PurgeResult
  restoredBackup?: RestoreBackupResult
  /** 0 when everything is fine; 1 when integrity problems or restore conflicts were found. */
  exitCode: number
}

export const DEFAULT_OLDER_THAN_DAYS = 30

/** Operations that remove files: they need confirmation on a terminal, --yes elsewhere. */
export function destructiveOperations(o: MaintainOptions): string[] {
  if (o.dryRun) return []
  const ops: string[] = []
  if (o.cleanJson && !o.archiveData) ops.push('delete migrated JSON files')
  if (o.archiveData) ops.push('move migrated JSON files into an archive')
  if (o.purgeBackups) ops.push(`delete all but the newest ${o.keep} backup(s)`)
  if (o.restoreBackup && existsSync(o.dbPath ?? '')) ops.push(`replace the database with the backup in ${o.restoreBackup}`)
  return ops
}

/**
 * The destructive operations with their sizes, from a dry run ("delete 12 migrated JSON files
 * (40.1 KiB)"), for the confirmation question; operations that would remove nothing are left out.
 */
export async function describeDestructive(dbPath: string, o: MaintainOptions): Promise<string[]> {
  const {formatBytes} = await import('./report.js')
  const out: string[] = []
  if (o.cleanJson || o.archiveData) {
    const plan = await cleanJson(dbPath, {inputDirs: o.inputDirs, olderThanDays: o.olderThanDays ?? DEFAULT_OLDER_THAN_DAYS, archiveDir: o.archiveData ? o.archiveDir : undefined, dryRun: true, now: o.now, cwd: o.cwd})
    const n = plan.removed.length
    if (n > 0) out.push(`${o.archiveData ? 'move' : 'delete'} ${n} migrated JSON file${n === 1 ? '' : 's'} (${formatBytes(plan.bytesFreed)})${o.archiveData ? ` into an archive in ${o.archiveDir}` : ''}`)
  }
  if (o.restoreBackup && o.dbPath && existsSync(o.dbPath)) out.push(`replace ${o.dbPath} with the backup in ${o.restoreBackup}`)
  if (o.purgeBackups) {
    const plan = purgeBackups(o.backupDir ?? defaultBackupDir(dbPath), o.keep as number, {dryRun: true})
    if (plan.removed.length > 0) out.push(`delete ${plan.removed.length} old backup(s) (${formatBytes(plan.bytesFreed)})`)
  }
  return out
}

export function validateMaintainOptions(o: MaintainOptions): void {
  if (o.restoreBackup && (o.cleanJson || o.archiveData || o.restore || o.backup || o.purgeBackups || o.optimize || o.vacuum)) {
    throw new BenchError('usage', '--restore-backup runs alone (add --check-integrity to check the restored database)')
  }
  const any = o.restoreBackup || o.cleanJson || o.archiveData || o.restore || o.optimize || o.vacuum || o.checkIntegrity || o.backup || o.purgeBackups
  if (!any) {
    throw new BenchError('usage', 'nothing to do: choose an operation', {
      hint: 'Use --clean-json, --archive-data, --restore, --optimize-db, --vacuum, --check-integrity, --backup, --purge-backups or --restore-backup.',
    })
  }
  if (o.archiveData && !o.archiveDir) throw new BenchError('usage', '--archive-data needs --archive-dir DIR')
  if (o.restore && (o.cleanJson || o.archiveData)) throw new BenchError('usage', '--restore cannot be combined with --clean-json or --archive-data')
  if (o.restore && !o.archiveDir && !o.fromDb) throw new BenchError('usage', '--restore needs --archive-dir DIR or --from-db')
  if (o.restore && o.archiveDir && o.fromDb) throw new BenchError('usage', '--restore takes one source: --archive-dir DIR or --from-db, not both')
  if (o.purgeBackups && o.keep === undefined) throw new BenchError('usage', '--purge-backups needs --keep N')
  if (o.olderThanDays !== undefined && (!Number.isFinite(o.olderThanDays) || o.olderThanDays < 0)) {
    throw new BenchError('usage', `--older-than must be a number of days ≥ 0, got ${o.olderThanDays}`)
  }
}

/**
 * `bench db:maintain`: runs the chosen operations in a fixed, safe order — backup first (so a
 * later step can be undone), then clean/archive or restore, optimize, vacuum, integrity check,
 * and purging old backups last.
 */
export async function runMaintenance(dbPath: string, o: MaintainOptions): Promise<MaintainResult> {
  validateMaintainOptions(o)
  const dryRun = Boolean(o.dryRun)
  const result: MaintainResult = {database: dbPath, dryRun, exitCode: 0}
  if (o.restoreBackup) result.restoredBackup = await restoreBackup(o.restoreBackup, dbPath, {dryRun})
  if (o.backup) result.backup = await backupDatabase(dbPath, {backupDir: o.backupDir, now: o.now, dryRun})
  if (o.cleanJson || o.archiveData) {
    result.clean = await cleanJson(dbPath, {
      inputDirs: o.inputDirs, olderThanDays: o.olderThanDays ?? DEFAULT_OLDER_THAN_DAYS,
      archiveDir: o.archiveData ? o.archiveDir : undefined, dryRun, now: o.now, cwd: o.cwd, onProgress: o.onProgress,
    })
  }
  if (o.restore) {
    result.restore = await restoreFiles(dbPath, {
      archiveDir: o.fromDb ? undefined : o.archiveDir, fromDb: o.fromDb, inputDirs: o.inputDirs,
      pathGlobs: o.pathGlobs, to: o.to, dryRun, cwd: o.cwd, onProgress: o.onProgress,
    })
    if (result.restore.conflicts.length > 0 || result.restore.skipped.length > 0) result.exitCode = 1
  }
  if (o.optimize) result.optimize = await optimizeDatabase(dbPath, {dryRun})
  if (o.vacuum) result.vacuum = await vacuumDatabase(dbPath, {dryRun})
  if (o.checkIntegrity) {
    result.integrity = await checkIntegrity(dbPath)
    if (!result.integrity.ok) result.exitCode = 1
  }
  if (o.purgeBackups) result.purge = purgeBackups(o.backupDir ?? defaultBackupDir(dbPath), o.keep as number, {dryRun})
  return result
}
