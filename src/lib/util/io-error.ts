import {BenchError} from '../errors.js'
import {errnoOf, IO_HINTS} from './io-hints.js'

/** True for a failure of the disk or its permissions rather than of the data being written. */
export function isIoFailure(err: unknown): boolean {
  return errnoOf(err) !== undefined || (err instanceof BenchError && err.kind === 'io')
}

/**
 * An I/O failure as the error a user reads: exit 5, the path, and what to do. `action` says what was
 * being done ("write report.html"). Anything that is not an I/O failure is returned unchanged.
 */
export function ioError(err: unknown, path: string, action: string): unknown {
  if (err instanceof BenchError) return err
  const code = errnoOf(err)
  if (!code) return err
  const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0]
  return new BenchError('io', `cannot ${action}: ${reason.includes(path) ? reason : `${reason} (${path})`}`, {file: path, hint: IO_HINTS[code], data: {code}})
}
