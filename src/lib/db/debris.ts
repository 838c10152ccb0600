import {readdirSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, dirname, join} from 'node:path'
import {isProcessAlive} from '../util/process-alive.js'

/**
 * Files a crashed or killed run leaves behind, removed by the next run that can prove nobody uses
 * them: a file named for a process that no longer exists, or DuckDB's spill directory of a database
 * whose write lock this process now holds (no other process can have it open).
 *
 * Beside the database: `<db>.rebuild-<pid>.tmp` (+ `.wal`) of a killed --vacuum (up to the size of
 * the database), `<db>.restore-<pid>.tmp` of a killed --restore-backup, and `<db>.tmp/`, DuckDB's
 * temp directory, which only a clean close empties.
 */
export function removeDatabaseDebris(dbPath: string): string[] {
  const dir = dirname(dbPath)
  const base = basename(dbPath)
  const removed: string[] = []
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return removed
  }
  const pidFile = new RegExp(`^${escape(base)}\\.(?:rebuild|restore)-(\\d+)\\.tmp(?:\\.wal)?$`)
  for (const name of names) {
    const m = pidFile.exec(name)
    if (m && Number(m[1]) !== process.pid && !isProcessAlive(Number(m[1]))) removed.push(remove(join(dir, name)))
  }
  if (names.includes(`${base}.tmp`)) {
    const spill = join(dir, `${base}.tmp`)
    if (isDirectory(spill)) removed.push(remove(spill))
  }
  return removed
}

/** Prefix of the SQL snapshot directories (see api/sql-snapshot.ts): `benchdb-sql-<pid>-XXXXXX`. */
export const SNAPSHOT_DIR_PREFIX = 'benchdb-sql-'

/**
 * Snapshot directories of API servers that are gone (a crash or kill -9 skips their cleanup). The
 * directories of older servers, named without a pid, are removed once a day old.
 */
export function removeSnapshotDebris(root = tmpdir()): string[] {
  const removed: string[] = []
  let names: string[]
  try {
    names = readdirSync(root)
  } catch {
    return removed
  }
  for (const name of names) {
    if (!name.startsWith(SNAPSHOT_DIR_PREFIX)) continue
    const path = join(root, name)
    const m = /^benchdb-sql-(\d+)-[A-Za-z0-9]{6}$/.exec(name)
    if (m) {
      if (Number(m[1]) !== process.pid && !isProcessAlive(Number(m[1]))) removed.push(remove(path))
    } else if (/^benchdb-sql-[A-Za-z0-9]{6}$/.test(name) && ageMs(path) > 86_400_000) {
      removed.push(remove(path))
    }
  }
  return removed
}

function remove(path: string): string {
  try {
    rmSync(path, {recursive: true, force: true})
  } catch {
    // Debris that cannot be removed (permissions) is left for the user; it never stops the run.
  }
  return path
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs
  } catch {
    return 0
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
