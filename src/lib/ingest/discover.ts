import {existsSync, lstatSync, readdirSync, realpathSync, statSync, type Stats} from 'node:fs'
import {isAbsolute, join, relative, resolve, sep} from 'node:path'
import {describeReadError} from './read-file.js'

/** The predecessor's default input directories, scanned under the current directory when present. */
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
]

export interface FoundFile {
  /** Absolute path as scanned (not resolved through links): the ledger's identity of the file. */
  path: string
  size: number
  mtimeMs: number
  /** The input directory it was found under: adapters may read companion files only inside it. */
  root?: string
}

/** A path that matched `**\/*.json` but is not a readable file inside the tree. */
export interface FoundProblem {
  path: string
  reason: string
  expected: string
}

/** One scanned path, in scan order: a file to ingest or a problem to record. */
export type ScanItem = ({kind: 'file'} & FoundFile) | ({kind: 'problem'} & FoundProblem)

export interface Scan {
  /** Input directories that will be scanned, and defaults that did not exist. */
  scanned: string[]
  missing: string[]
  /** The paths, streamed directory by directory (see discover). */
  items(): AsyncGenerator<ScanItem>
  /**
   * The same paths in the same order, a few hundred at a time (one await per batch instead of
   * one per path: what ScanAhead runs ahead of the engine).
   */
  batches(): AsyncGenerator<ScanItem[]>
}

export interface DiscoverOptions {
  inputDirs?: string[]
  exclude?: string[]
  cwd?: string
}

/**
 * Lists `**\/*.json` under each input directory with globby, one directory at a time, so memory
 * holds one directory's entries and the path of directories still to visit, never the whole tree
 * (a 1 GB corpus is ~500k files; their sorted list alone was ~200 MB of heap). The order is the
 * one of a global sort of the paths: inside a directory, entries are sorted by name with `/`
 * appended to sub-directories, and a sub-directory is walked at its place in that order.
 *
 * Symbolic links are never walked into; a link named *.json is read only when it resolves to a
 * file inside one of the input trees, so a scan never escapes the directories the user named.
 * Loops, broken links, directories named x.json and links leaving the tree come back as problems
 * (the engine records them as rejected) instead of errors that stop the run. An input directory
 * inside another one is walked once, as part of the outer one.
 */
export function openScan(options: DiscoverOptions = {}): Scan {
  const cwd = options.cwd ?? process.cwd()
  const explicit = options.inputDirs && options.inputDirs.length > 0
  const candidates = (explicit ? options.inputDirs! : DEFAULT_INPUT_DIRS).map((d) => resolve(cwd, d))
  const scanned: string[] = []
  const missing: string[] = []
  for (const dir of candidates) {
    if (existsSync(dir) && statSync(dir).isDirectory()) scanned.push(dir)
    else missing.push(dir)
  }
  const realRoots = scanned.map((d) => safeRealpath(d) ?? d)
  // Walk order = sorted paths; a root inside another root (as a path string) is covered by it.
  const key = (d: string) => (d.endsWith(sep) ? d : d + sep)
  const walkRoots = [...new Set(scanned)]
    .sort((a, b) => cmp(key(a), key(b)))
    .filter((d, i, all) => !all.slice(0, i).some((outer) => d !== outer && inside(d, outer)))
  const exclude = options.exclude ?? []
  async function* batches(): AsyncGenerator<ScanItem[]> {
    for (const root of walkRoots) yield* walk(root, exclude, realRoots)
  }
  return {
    scanned,
    missing,
    batches,
    async *items() {
      for await (const batch of batches()) yield* batch
    },
  }
}

/** The whole scan in memory (tests, small trees): files and problems apart, in scan order. */
export async function discoverFiles(options: DiscoverOptions = {}): Promise<{files: FoundFile[]; problems: FoundProblem[]; scanned: string[]; missing: string[]}> {
  const scan = openScan(options)
  const files: FoundFile[] = []
  const problems: FoundProblem[] = []
  for await (const item of scan.items()) {
    const {kind, ...rest} = item
    if (kind === 'file') files.push(rest as FoundFile)
    else problems.push(rest as FoundProblem)
  }
  return {files, problems, scanned: scan.scanned, missing: scan.missing}
}

interface Entry {
  name: string
  dir: boolean
  json: boolean
}

/** A walk hands over what it found at this many paths, or after listing this many entries. */
const BATCH_ITEMS = 256
const BATCH_ENTRIES = 1024

/**
 * Depth-first walk of one root, in batches of paths (BATCH_ITEMS). With --exclude, each directory is listed by one globby call
 * (`rel/*`), so the patterns are applied by globby exactly as a recursive `**\/*.json` scan
 * would (an excluded directory is not entered, an excluded file not listed); dot entries are
 * skipped either way.
 */
async function* walk(root: string, exclude: string[], realRoots: string[]): AsyncGenerator<ScanItem[]> {
  // globby (and fast-glob under it) takes ~0.1-0.2 s to load: only --exclude needs it.
  const g = exclude.length ? await import('globby') : null
  const list = async (rel: string): Promise<Entry[]> => {
    const entries = exclude.length ? await globbyList(rel) : readdirList(rel)
    const sortKey = (e: Entry) => (e.dir ? e.name + '/' : e.name)
    return entries.sort((a, b) => cmp(sortKey(a), sortKey(b)))
  }
  // Without --exclude, a plain readdir lists the same entries as globby's `*` (no dot entries,
  // links not followed, unreadable directories skipped) 5x faster: most of a no-op rerun.
  const readdirList = (rel: string): Entry[] => {
    try {
      return readdirSync(join(root, rel), {withFileTypes: true})
        .filter((d) => !d.name.startsWith('.'))
        .map((d) => ({name: d.name, dir: d.isDirectory(), json: d.name.endsWith('.json')}))
    } catch {
      return []
    }
  }
  const globbyList = async (rel: string): Promise<Entry[]> => {
    const base = rel === '' ? '' : g!.convertPathToPattern(rel) + '/'
    const found = await g!.globby(`${base}*`, {
      expandDirectories: false,
      cwd: root,
      followSymbolicLinks: false,
      onlyFiles: false,
      objectMode: true,
      dot: false,
      suppressErrors: true,
      ignore: exclude,
    })
    // `*` with dot: false is `*.json` of the recursive scan once the name ends in .json.
    return found.map((e) => ({name: e.name, dir: e.dirent.isDirectory(), json: e.name.endsWith('.json')}))
  }
  const rootSep = root.endsWith(sep) ? root : root + sep
  // Stack of directories being walked: each with its sorted entries and the position reached.
  const stack: Array<{rel: string; entries: Entry[]; at: number}> = [{rel: '', entries: await list(''), at: 0}]
  let batch: ScanItem[] = []
  let listed = 0
  while (stack.length > 0) {
    const top = stack[stack.length - 1]
    if (top.at >= top.entries.length) {
      stack.pop()
      continue
    }
    const e = top.entries[top.at++]
    const rel = top.rel === '' ? e.name : `${top.rel}/${e.name}`
    if (e.json) {
      // Plain concatenation: root is resolved and rel is made of listed names, so path.join's
      // normalisation (a visible share of a no-op rerun at 10k files) has nothing to do.
      const item = inspect(rootSep + rel, realRoots)
      if (item?.kind === 'file') item.root = root
      if (item) batch.push(item)
    }
    if (e.dir) {
      const entries = await list(rel)
      listed += entries.length
      stack.push({rel, entries, at: 0})
    }
    // (An empty batch too: a long stretch of other files still hands control back now and then.)
    if (batch.length >= BATCH_ITEMS || listed >= BATCH_ENTRIES) {
      yield batch
      batch = []
      listed = 0
    }
  }
  if (batch.length) yield batch
}

/** What one listed path is: a file (stat'ed, links followed inside the tree) or a problem. */
function inspect(path: string, roots: string[]): ScanItem | null {
  let st: Stats
  try {
    st = lstatSync(path)
  } catch (err) {
    // Gone since the listing: not a file of this scan (as when globby stat'ed it).
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return {kind: 'problem', path, ...describeReadError(err as NodeJS.ErrnoException)}
    return null
  }
  if (st.isFile()) return {kind: 'file', path, size: st.size, mtimeMs: st.mtimeMs}
  if (st.isDirectory()) return {kind: 'problem', path, reason: 'is a directory named like a JSON file', expected: 'a regular JSON file'}
  if (st.isSymbolicLink()) {
    const p = followLink(path, roots)
    return 'problem' in p ? {kind: 'problem', path, ...p.problem} : {kind: 'file', ...p.file}
  }
  return {kind: 'problem', path, reason: 'is not a regular file (device, socket or FIFO)', expected: 'a regular JSON file'}
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function safeRealpath(p: string): string | null {
  try {
    return realpathSync(p)
  } catch {
    return null
  }
}

/** Whether `child` is `root` or below it (both resolved paths). */
export function inside(child: string, root: string): boolean {
  const rel = relative(root, child)
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel))
}

function followLink(path: string, roots: string[]): {file: FoundFile} | {problem: {reason: string; expected: string}} {
  let target: string
  try {
    target = realpathSync(path)
  } catch (err) {
    return {problem: describeReadError(err as NodeJS.ErrnoException)}
  }
  if (!roots.some((r) => inside(target, r))) {
    return {problem: {reason: `symbolic link to ${target}, outside the input directories (not followed)`, expected: 'a link to a file inside the scanned tree'}}
  }
  const st = statSync(target)
  if (st.isDirectory()) return {problem: {reason: 'symbolic link to a directory named like a JSON file', expected: 'a regular JSON file'}}
  if (!st.isFile()) return {problem: {reason: 'symbolic link to something that is not a regular file', expected: 'a regular JSON file'}}
  return {file: {path, size: st.size, mtimeMs: st.mtimeMs}}
}
