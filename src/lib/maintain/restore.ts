import {resolve} from 'node:path'
import {BenchDb} from '../db/bench-db.js'
import {DEFAULT_INPUT_DIRS} from '../ingest/default-dirs.js'
import {BenchError} from '../errors.js'
import {archiveEntries, listArchives, verifyArchive, type ManifestFile} from './archive.js'
import {globMatcher, isInside, ledgerPathKey, sha256, targetUnder} from './files.js'
import {loadLedger, rawBytes, type LedgerRow} from './ledger.js'
import {locatedPath} from './locate.js'
import {placeFile} from './place-file.js'

export interface RestoreOptions {
  /** Restore from the archives in this directory... */
  archiveDir?: string
  /** ...or from the raw documents kept in the database. */
  fromDb?: boolean
  /** Only files under these directories (default for --from-db without --path: the converter's default dirs). */
  inputDirs?: string[]
  /** Only files matching these globs. */
  pathGlobs?: string[]
  /** Restore under this directory instead of at the original paths. */
  to?: string
  dryRun?: boolean
  cwd?: string
  onProgress?: (phase: string, done: number, total: number) => void
}

export interface RestoredFile {
  path: string
  target: string
  sha256: string
  sizeBytes: number
  /** Archive file or `ledger:<id>` the bytes came from. */
  from: string
}

export interface RestoreResult {
  source: 'archive' | 'database'
  dryRun: boolean
  /** Written (with --dry-run: would be written). */
  restored: RestoredFile[]
  /** Already there with the same bytes: nothing to do. */
  alreadyPresent: RestoredFile[]
  /** A different file is in the way; it was left alone. */
  conflicts: RestoredFile[]
  /** Selected but not restorable (no kept bytes, damaged copy, outside --to). */
  skipped: Array<{path: string; reason: string}>
  /** Archives that failed verification and were not read (the others were). */
  damagedArchives: Array<{archive: string; reason: string}>
  bytesWritten: number
}

interface Selector {
  (path: string): boolean
}

function selector(options: RestoreOptions, cwd: string, defaultDirs: boolean): Selector {
  const globs = options.pathGlobs?.length ? globMatcher(options.pathGlobs, cwd) : null
  let dirs = (options.inputDirs ?? []).map((d) => resolve(cwd, d))
  if (dirs.length === 0 && !globs && defaultDirs) dirs = DEFAULT_INPUT_DIRS.map((d) => resolve(cwd, d))
  return (path) => {
    const abs = ledgerPathKey(path, cwd)
    if (dirs.length > 0 && !dirs.some((d) => isInside(abs, d))) return false
    return !globs || globs(abs)
  }
}

/**
 * `--restore`: recreates files byte for byte, from archives (`--archive-dir`) or from the ledger's
 * raw documents (`--from-db`), at their original paths or under `--to`. Every byte written is
 * first checked against the sha256 recorded for it; an existing different file is never replaced.
 */
export async function restoreFiles(dbPath: string, options: RestoreOptions): Promise<RestoreResult> {
  const cwd = options.cwd ?? process.cwd()
  if (Boolean(options.archiveDir) === Boolean(options.fromDb)) {
    throw new BenchError('usage', '--restore needs exactly one source: --archive-dir DIR or --from-db')
  }
  const result: RestoreResult = {
    source: options.fromDb ? 'database' : 'archive', dryRun: Boolean(options.dryRun),
    restored: [], alreadyPresent: [], conflicts: [], skipped: [], damagedArchives: [], bytesWritten: 0,
  }
  const place = (path: string, bytes: Buffer, expected: string, mtimeMs: number | null, from: string) => {
    if (sha256(bytes) !== expected) {
      result.skipped.push({path, reason: `the copy in ${from} does not hash to ${expected}`})
      return
    }
    let target: string
    try {
      target = options.to ? targetUnder(options.to, path, cwd) : ledgerPathKey(path, cwd)
    } catch (err) {
      result.skipped.push({path, reason: (err as Error).message})
      return
    }
    const file: RestoredFile = {path, target, sha256: expected, sizeBytes: bytes.length, from}
    const outcome = placeFile(target, bytes, expected, mtimeMs, Boolean(options.dryRun))
    if (outcome === 'restored') {
      result.restored.push(file)
      result.bytesWritten += bytes.length
    } else if (outcome === 'identical') result.alreadyPresent.push(file)
    else result.conflicts.push(file)
  }

  if (options.archiveDir) {
    await fromArchives(resolve(cwd, options.archiveDir), selector(options, cwd, false), place, (archive, reason) => result.damagedArchives.push({archive, reason}), options, cwd)
  } else await fromDatabase(dbPath, selector(options, cwd, true), place, (path, reason) => result.skipped.push({path, reason}), options, cwd)
  return result
}

type Place = (path: string, bytes: Buffer, expected: string, mtimeMs: number | null, from: string) => void

/** Newest archive first; a path restored from a newer archive is not restored again from an older one. */
async function fromArchives(dir: string, select: Selector, place: Place, damaged: (archive: string, reason: string) => void, options: RestoreOptions, cwd: string): Promise<void> {
  const archives = listArchives(dir)
  if (archives.length === 0) throw new BenchError('data', `no benchdb archives (json-archive-*.tar.gz) in ${dir}`, {file: dir})
  const seen = new Set<string>()
  for (const [i, archive] of archives.entries()) {
    options.onProgress?.('restoring', i, archives.length)
    // A damaged archive (a run killed mid-write by another tool, a disk error) costs only its own
    // files: the others are still read, and the damage is reported with every file it held.
    let manifest: Awaited<ReturnType<typeof verifyArchive>>
    try {
      manifest = await verifyArchive(archive)
    } catch (err) {
      damaged(archive, (err as Error).message)
      continue
    }
    const wanted = new Map<string, ManifestFile>()
    for (const file of manifest.files) {
      // Where the file belongs now (the project may have moved since it was archived).
      const f = {...file, path: locatedPath({path: file.path, input_root: file.inputRoot ?? null, relative_path: file.relativePath ?? null}, cwd)}
      if (select(f.path) && !seen.has(f.path)) wanted.set(f.entry, f)
    }
    if (wanted.size === 0) continue
    for await (const e of archiveEntries(archive)) {
      const f = wanted.get(e.name)
      if (!f) continue
      seen.add(f.path)
      place(f.path, e.bytes, f.sha256, f.mtimeMs, archive)
    }
  }
  options.onProgress?.('restoring', archives.length, archives.length)
}

/**
 * The version of each path to bring back: the newest ledger row that is not superseded (the file
 * as last converted), else the newest superseded one. A duplicate's bytes are its original's.
 */
function currentVersions(ledger: LedgerRow[], select: Selector, cwd: string): LedgerRow[] {
  const best = new Map<string, LedgerRow>()
  for (const row of ledger) {
    // Addressed where the file belongs now (the project may have moved since it was ingested).
    const r = {...row, path: locatedPath(row, cwd)}
    if (!r.sha256 || !select(r.path)) continue
    const prev = best.get(r.path)
    const rank = (x: LedgerRow) => (x.status === 'superseded' ? 0 : 1)
    if (!prev || rank(r) > rank(prev) || (rank(r) === rank(prev) && r.source_file_id > prev.source_file_id)) best.set(r.path, r)
  }
  return [...best.values()].sort((a, b) => a.path.localeCompare(b.path))
}

async function fromDatabase(dbPath: string, select: Selector, place: Place, skip: (path: string, reason: string) => void, options: RestoreOptions, cwd: string): Promise<void> {
  const bench = await BenchDb.open(dbPath, {readOnly: true})
  try {
    const ledger = await loadLedger(bench.db)
    const rows = currentVersions(ledger, select, cwd)
    for (const [i, r] of rows.entries()) {
      options.onProgress?.('restoring', i, rows.length)
      const holder = r.status === 'duplicate' && r.duplicate_of !== null ? r.duplicate_of : r.source_file_id
      const bytes = await rawBytes(bench.db, holder).catch(() => null)
      if (!bytes) {
        skip(r.path, `ledger id ${holder} keeps no raw document (status ${r.status})`)
        continue
      }
      const mtimeMs = r.mtime ? Date.parse(r.mtime.endsWith('Z') ? r.mtime : r.mtime + 'Z') : null
      place(r.path, bytes, r.sha256 as string, Number.isFinite(mtimeMs) ? mtimeMs : null, `ledger:${holder}`)
    }
    options.onProgress?.('restoring', rows.length, rows.length)
  } finally {
    bench.close()
  }
}
