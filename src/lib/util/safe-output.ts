import {closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {canonicalPath, isDuckDbFile} from '../db/connection.js'
import {BenchError} from '../errors.js'
import {ioError} from './io-error.js'

export interface OutputOptions {
  /** The command's --db: never written over, whatever path (or symlink) leads to it. */
  db?: string
  /** How the flag is spelled in messages (default --output). */
  flag?: string
}

/**
 * Writes a command's output file (`--output`) without ever destroying what was there by mistake or
 * by accident: a DuckDB database (by its magic bytes, whatever its name), the command's own --db
 * file (also through a symlink or its WAL) and a directory are refused; the content goes to a temp
 * file beside the target that is renamed into place once complete, so a failed write (a full disk)
 * leaves the previous file as it was. A symlink is written through: its target is replaced.
 */
export function writeOutputFile(path: string, content: string | Uint8Array, options: OutputOptions = {}): void {
  const target = checkOutputPath(path, options)
  const temp = tempPathFor(target)
  let fd: number | undefined
  try {
    fd = openSync(temp, 'wx', existsSync(target) ? statSync(target).mode & 0o777 : 0o666)
    const bytes = typeof content === 'string' ? Buffer.from(content) : content
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off)
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(temp, target)
  } catch (err) {
    if (fd !== undefined) closeSync(fd)
    rmSync(temp, {force: true})
    throw ioError(err, path, `write ${path}`)
  }
}

/**
 * Refuses an output path that leads to a directory, a DuckDB database or the --db file (call it
 * before the work, so a refused path costs nothing); returns the file that would be written.
 */
/** The temp file beside a (checked) target that a write goes to before it is renamed into place. */
export const tempPathFor = (target: string): string => join(dirname(target), `.${basename(target)}.${process.pid}.tmp`)

export function checkOutputPath(path: string, options: OutputOptions = {}): string {
  const flag = options.flag ?? '--output'
  const target = canonicalPath(path)
  if (existsSync(target)) {
    const st = statSync(target)
    if (st.isDirectory()) throw new BenchError('usage', `${flag} ${path} is a directory`, {file: path, expected: 'a file path'})
    if (options.db && sameFile(target, options.db)) {
      throw new BenchError('usage', `refusing to write ${flag} ${path} over the database (--db ${options.db})`, {file: path, hint: `Choose another ${flag} path.`})
    }
    if (isDuckDbFile(target)) {
      throw new BenchError('usage', `refusing to write ${flag} ${path}: it is a DuckDB database`, {file: path, hint: `Choose another ${flag} path; delete the database first if you really mean to replace it.`})
    }
  }
  if (options.db && resolve(target) === canonicalPath(options.db) + '.wal') {
    throw new BenchError('usage', `refusing to write ${flag} ${path} over the database's WAL`, {file: path, hint: `Choose another ${flag} path.`})
  }
  if (!existsSync(dirname(target))) {
    throw new BenchError('io', `directory ${dirname(target)} does not exist`, {file: path, hint: 'Create the directory first.'})
  }
  return target
}

function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a)
    const sb = statSync(b)
    return sa.dev === sb.dev && sa.ino === sb.ino
  } catch {
    return canonicalPath(a) === canonicalPath(b)
  }
}
