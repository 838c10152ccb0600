import {existsSync} from 'node:fs'
import {resolve} from 'node:path'

/**
 * The directories the predecessor's scripts wrote results into. `db:convert` scans them when no
 * --input-dir is given, and `db:maintain --clean-json` cleans the same ones, so the two commands
 * always agree on what "the result files" are. Relative to the current working directory.
 */
export const DEFAULT_INPUT_DIRS = [
  'performance_results',
  'archived_test_results',
  'hardware_compatibility_reports',
  'collected_results',
  'integration_results',
  'critical_model_results',
  'new_model_results',
  'benchmark_results',
  'web_platform_results',
] as const

/** The user's dirs, or the default dirs under `cwd` that exist; always absolute. */
export function resolveInputDirs(dirs: readonly string[] | undefined, cwd = process.cwd()): string[] {
  if (dirs && dirs.length > 0) return dirs.map((d) => resolve(cwd, d))
  return DEFAULT_INPUT_DIRS.map((d) => resolve(cwd, d)).filter((d) => existsSync(d))
}
