import {createHash} from 'node:crypto'
import {readdirSync, lstatSync} from 'node:fs'
import {isAbsolute, join, relative, resolve, sep} from 'node:path'
import {BenchError} from '../errors.js'
import {isResultFileName} from '../ingest/text-input.js'

/** sha256 of bytes as lower-case hex: the ledger's identity of a file version. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Every regular file under `dir` that db:convert scans (`.json`, and the text names .jsonl, .ndjson,
 * .txt, .log), absolute, sorted; `links` gets the symbolic links so named. Links are never followed
 * or removed: a link's target is somebody else's file.
 */
export function listJsonFiles(dir: string, links: string[] = []): string[] {
  let names: string[]
  try {
    names = readdirSync(dir, {recursive: true, encoding: 'utf8'})
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return []
    throw new BenchError('io', `cannot read directory ${dir}: ${(err as Error).message}`, {file: dir})
  }
  const out: string[] = []
  for (const name of names) {
    if (!isResultFileName(name.toLowerCase())) continue
    const abs = join(dir, name)
    try {
      const st = lstatSync(abs)
      if (st.isFile()) out.push(resolve(abs))
      else if (st.isSymbolicLink()) links.push(resolve(abs))
    } catch {
      // Vanished between listing and stat: nothing to clean.
    }
  }
  return out.sort()
}

/** The ledger's path convention: absolute, resolved against the directory the command ran in. */
export function ledgerPathKey(path: string, cwd = process.cwd()): string {
  return resolve(cwd, path)
}

/** Whether `path` is `dir` itself or inside it (both absolute). */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * Where a file restored under `--to DIR` goes: its path relative to the working directory when it
 * was inside it, otherwise its absolute path with the root removed. The result must stay inside
 * DIR, whatever an archive or a ledger row claims; anything else is refused.
 */
export function targetUnder(to: string, originalPath: string, cwd = process.cwd()): string {
  const abs = resolve(cwd, originalPath)
  const rel = isInside(abs, cwd) ? relative(cwd, abs) : abs.replace(/^([a-zA-Z]:)?[\\/]+/, '')
  const base = resolve(cwd, to)
  const target = resolve(base, rel)
  if (!isInside(target, base) || target === base) {
    throw new BenchError('data', `refusing to restore ${originalPath}: it would land outside ${to}`, {file: originalPath})
  }
  return target
}

/**
 * A small glob matcher (`**`, `*`, `?`, `{a,b}`) for `--path`: a relative pattern is matched
 * against the path relative to the working directory, an absolute one against the absolute path.
 */
export function globMatcher(patterns: readonly string[], cwd = process.cwd()): (path: string) => boolean {
  const compiled = patterns.map((p) => ({absolute: isAbsolute(p), re: globToRegExp(p.split(sep).join('/'))}))
  return (path) => {
    const abs = resolve(cwd, path).split(sep).join('/')
    const rel = relative(cwd, resolve(cwd, path)).split(sep).join('/')
    return compiled.some((c) => c.re.test(c.absolute ? abs : rel))
  }
}

export function globToRegExp(glob: string): RegExp {
  let re = ''
  let inGroup = false
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` matches anything.
        const slash = glob[i + 2] === '/'
        re += slash ? '(?:.*/)?' : '.*'
        i += slash ? 2 : 1
      } else re += '[^/]*'
    } else if (ch === '?') re += '[^/]'
    else if (ch === '{') {
      inGroup = true
      re += '(?:'
    } else if (ch === '}' && inGroup) {
      inGroup = false
      re += ')'
    } else if (ch === ',' && inGroup) re += '|'
    else re += ch.replace(/[.+^$()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}
