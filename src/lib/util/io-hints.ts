/**
 * File-system failures a user can fix, by errno code, with what to do about each. Kept apart from
 * io-error.ts so errors.ts can use them without an import cycle.
 */
/** What to do about each file-system failure a user can fix. */
export const IO_HINTS: Record<string, string> = {
  ENOSPC: 'The disk is full: free space (or point the command at another disk) and run it again.',
  EDQUOT: 'The disk quota is exhausted: free space and run the command again.',
  EROFS: 'The file system is mounted read-only: choose a writable location.',
  EACCES: 'Permission denied: check the owner and mode of the file and its directory.',
  EPERM: 'The operation is not permitted: check the owner and mode of the file and its directory.',
  EEXIST: 'Something is already there (a file where a directory is needed, or the reverse): choose another path or move it away.',
  ENOTDIR: 'A part of the path is a file, not a directory: choose another path.',
  EISDIR: 'The path is a directory: name a file inside it.',
  ENOENT: 'The path does not exist: check it, or create the directory first.',
  EMFILE: 'Too many open files: raise the limit (ulimit -n) or run with fewer workers.',
  EIO: 'The device reported an I/O error: check the disk.',
}

/** The errno code of a Node error, or of DuckDB's IO errors (which only carry the message). */
export function errnoOf(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  if (typeof code === 'string' && code in IO_HINTS) return code
  const message = err instanceof Error ? err.message : String(err)
  if (/No space left on device/i.test(message)) return 'ENOSPC'
  if (/Read-only file system/i.test(message)) return 'EROFS'
  if (/Permission denied/i.test(message)) return 'EACCES'
  if (/Disk quota exceeded/i.test(message)) return 'EDQUOT'
  return undefined
}

