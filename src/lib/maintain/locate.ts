import {basename, isAbsolute, relative, resolve, sep} from 'node:path'
import {ledgerPathKey} from './files.js'

/**
 * Finding a file's ledger rows when the file may have moved (schema v5, see
 * ingest/input-roots.ts): by its absolute path first; else by its path under the input directory
 * being scanned, compared with each row's path under the directory it was ingested from. Rows
 * from before v5 (no relative path) are compared by the tail of their absolute path. Either way
 * a row only ever proves a file through its sha256, so a loose match can keep a file that could
 * have gone, never remove one whose bytes are not stored.
 */
export interface LocatableRow {
  path: string
  input_root: string | null
  relative_path: string | null
}

const slash = (p: string) => p.split(sep).join('/')

/** `a` and `b` name the same file relative to different roots: one is the other's tail at a `/`. */
function sameTail(a: string, b: string): boolean {
  return a === b || a.endsWith('/' + b) || b.endsWith('/' + a)
}

export class LedgerLocator<R extends LocatableRow> {
  private readonly byPath = new Map<string, R[]>()
  private readonly byName = new Map<string, R[]>()

  constructor(rows: readonly R[], private readonly cwd = process.cwd()) {
    for (const r of rows) {
      const key = ledgerPathKey(r.path, cwd)
      this.byPath.set(key, [...(this.byPath.get(key) ?? []), r])
      const name = basename(r.relative_path ?? r.path)
      this.byName.set(name, [...(this.byName.get(name) ?? []), r])
    }
  }

  /** Rows of the file at `path` (absolute), found while scanning input directory `dir` (absolute). */
  rowsFor(path: string, dir: string): R[] {
    const exact = this.byPath.get(path)
    if (exact?.length) return exact
    const rel = slash(relative(dir, path))
    return (this.byName.get(basename(path)) ?? []).filter((r) => sameTail(r.relative_path ?? slash(r.path), rel))
  }
}

/**
 * Where a row's file belongs now: under its input directory when that was recorded relative to the
 * working directory (the project may have moved), else at its absolute path.
 */
export function locatedPath(row: LocatableRow, cwd = process.cwd()): string {
  if (row.input_root !== null && row.relative_path !== null && !isAbsolute(row.input_root)) return resolve(cwd, row.input_root, row.relative_path)
  return ledgerPathKey(row.path, cwd)
}
