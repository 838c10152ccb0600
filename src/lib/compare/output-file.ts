import {existsSync, statSync, writeFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {BenchError} from '../errors.js'

/** Writes a rendered report where the user asked; refuses directories and missing parent folders. */
export function writeOutputFile(path: string, content: string): void {
  const abs = resolve(path)
  if (existsSync(abs) && statSync(abs).isDirectory()) {
    throw new BenchError('usage', `--output ${path} is a directory`, {file: path, expected: 'a file path'})
  }
  if (!existsSync(dirname(abs))) {
    throw new BenchError('io', `directory ${dirname(abs)} does not exist`, {file: path, hint: 'Create the directory first.'})
  }
  writeFileSync(abs, content)
}
