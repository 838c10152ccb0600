import {closeSync, fstatSync, openSync, readSync, realpathSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {inside} from './discover.js'
import {parseWithNonFinite} from './non-finite.js'
import {parseJsonBytes} from './parse-json.js'

/** Companion files are small (asv's benchmarks.json of a large suite is a few MB). */
export const MAX_SIBLING_BYTES = 32 * 1024 * 1024

/**
 * `AdapterContext.readSibling` for a file found under `root`: reads a JSON file named relative to
 * the file's directory, only when its real path (links resolved) is inside the real input root,
 * so a document cannot make the scan read anything the user did not point it at. Anything that
 * is not a readable regular JSON file there gives null. Each sibling is read once per reader.
 */
export function siblingReader(path: string, root: string): (relativePath: string) => unknown | null {
  const cache = new Map<string, unknown | null>()
  let realRoot: string | null | undefined
  return (relativePath) => {
    if (cache.has(relativePath)) return cache.get(relativePath)!
    let value: unknown | null = null
    try {
      realRoot ??= realpathSync(root)
      const real = realpathSync(resolve(dirname(path), relativePath))
      if (realRoot !== null && inside(real, realRoot)) value = readJson(real)
    } catch {
      value = null
    }
    cache.set(relativePath, value)
    return value
  }
}

function readJson(path: string): unknown | null {
  const fd = openSync(path, 'r')
  try {
    const st = fstatSync(fd)
    if (!st.isFile() || st.size > MAX_SIBLING_BYTES) return null
    const bytes = Buffer.alloc(st.size)
    let at = 0
    while (at < st.size) {
      const n = readSync(fd, bytes, at, st.size - at, at)
      if (n === 0) break
      at += n
    }
    const parsed = parseJsonBytes(bytes.subarray(0, at))
    if (parsed.ok) return parsed.value
    return parseWithNonFinite(bytes.subarray(0, at).toString('utf8'))?.value ?? null
  } finally {
    closeSync(fd)
  }
}
