import {existsSync} from 'node:fs'
import {resolve} from 'node:path'
import {DEFAULT_INPUT_DIRS} from './discover.js'

/**
 * `db:convert` scans DEFAULT_INPUT_DIRS (declared once, in discover.ts) when no --input-dir is
 * given, and `db:maintain --clean-json` cleans the same ones, so the two commands always agree on
 * what "the result files" are.
 */
export {DEFAULT_INPUT_DIRS}

/** The user's dirs, or the default dirs under `cwd` that exist; always absolute. */
export function resolveInputDirs(dirs: readonly string[] | undefined, cwd = process.cwd()): string[] {
  if (dirs && dirs.length > 0) return dirs.map((d) => resolve(cwd, d))
  return DEFAULT_INPUT_DIRS.map((d) => resolve(cwd, d)).filter((d) => existsSync(d))
}
