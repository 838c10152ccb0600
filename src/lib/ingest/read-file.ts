import {readFileSync} from 'node:fs'

/**
 * Reads one result file's bytes, or says in plain words why it cannot be read. Sync on purpose:
 * for small files readFileSync is 3-4x faster than fs.promises (DEPENDENCIES.md §4), and the
 * engine reads one file at a time anyway.
 */
export const DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024

export type ReadResult = {ok: true; bytes: Buffer} | {ok: false; reason: string; expected: string}

export function readSourceFile(path: string, size: number, maxFileSize = DEFAULT_MAX_FILE_SIZE): ReadResult {
  if (size > maxFileSize) {
    return {ok: false, reason: `file is ${formatBytes(size)}, over the size limit of ${formatBytes(maxFileSize)}`, expected: `at most ${formatBytes(maxFileSize)} (raise --max-file-size)`}
  }
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (err) {
    return {ok: false, ...describeReadError(err as NodeJS.ErrnoException)}
  }
  // The file may have grown between stat and read.
  if (bytes.length > maxFileSize) {
    return {ok: false, reason: `file is ${formatBytes(bytes.length)}, over the size limit of ${formatBytes(maxFileSize)}`, expected: `at most ${formatBytes(maxFileSize)} (raise --max-file-size)`}
  }
  if (bytes.length === 0) return {ok: false, reason: 'empty file (0 bytes)', expected: 'a JSON document'}
  return {ok: true, bytes}
}

export function describeReadError(err: NodeJS.ErrnoException): {reason: string; expected: string} {
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return {reason: 'cannot read the file: permission denied', expected: 'a file readable by this user'}
    case 'EISDIR':
      return {reason: 'is a directory, not a file', expected: 'a regular JSON file'}
    case 'ELOOP':
      return {reason: 'symbolic link loop', expected: 'a link that resolves to a file'}
    case 'ENOENT':
      return {reason: 'the file disappeared (or is a broken link)', expected: 'an existing file'}
    default:
      return {reason: `cannot read the file: ${err.code ?? ''} ${err.message}`.trim(), expected: 'a readable regular file'}
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${u === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`
}

/** `256MB`, `1.5 GB`, `4096`, `64k` -> bytes (binary units). */
export function parseByteSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text)
  if (!m) return null
  const mult = {'': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4}[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't']
  const v = Math.floor(Number(m[1]) * mult)
  return Number.isFinite(v) && v > 0 ? v : null
}
