import {closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, utimesSync, writeSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {sha256} from './files.js'

export type PlaceOutcome = 'restored' | 'identical' | 'conflict'

/**
 * Puts bytes at `target` without ever replacing a different file: written to a temporary name
 * beside it, flushed, then hard-linked into place (link fails if anything appeared meanwhile).
 * An existing file with the same sha256 counts as already restored.
 */
export function placeFile(target: string, bytes: Buffer, expectedSha: string, mtimeMs: number | null, dryRun: boolean): PlaceOutcome {
  const existing = readOrNull(target)
  if (existing) return sha256(existing) === expectedSha ? 'identical' : 'conflict'
  if (dryRun) return 'restored'
  mkdirSync(dirname(target), {recursive: true})
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.restore.tmp`)
  const fd = openSync(tmp, 'wx')
  try {
    writeSync(fd, bytes)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    if (mtimeMs !== null) utimesSync(tmp, new Date(), new Date(mtimeMs))
    linkSync(tmp, target)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    const now = readOrNull(target)
    return now && sha256(now) === expectedSha ? 'identical' : 'conflict'
  } finally {
    rmSync(tmp, {force: true})
  }
  return 'restored'
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}
