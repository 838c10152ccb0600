import {rmSync, statSync} from 'node:fs'
import {resolve} from 'node:path'
import {BenchDb} from '../db/bench-db.js'
import {resolveInputDirs} from '../ingest/default-dirs.js'
import {BenchError} from '../errors.js'
import {ioError} from '../util/io-error.js'
import {discardArchive, verifyArchive, writeArchive} from './archive.js'
import {selectProvenFiles, type KeepReason, type KeptFile, type ProvenFile} from './select-files.js'

export interface CleanOptions {
  /** Directories to scan; the converter's default dirs under cwd when empty. */
  inputDirs?: string[]
  olderThanDays: number
  /** Move files into an archive in this directory instead of deleting them. */
  archiveDir?: string
  dryRun?: boolean
  now?: Date
  cwd?: string
  onProgress?: (phase: string, done: number, total: number) => void
}

export interface RemovedFile {
  path: string
  sha256: string
  sizeBytes: number
  ledgerId: number
}

export interface CleanResult {
  mode: 'delete' | 'archive'
  dryRun: boolean
  inputDirs: string[]
  olderThanDays: number
  cutoff: string
  /** Deleted (or archived and then deleted); with --dry-run: what would be. */
  removed: RemovedFile[]
  kept: KeptFile[]
  keptByReason: Partial<Record<KeepReason, number>>
  bytesFreed: number
  archive: {path: string; manifest: string; files: number; verified: boolean} | null
}

/**
 * `--clean-json` and `--archive-data`: remove the JSON files whose exact bytes are proven to be in
 * the database, either outright or after writing them into a verified archive. The database is
 * only read. A file is removed only if its size and mtime are still those it had when selected
 * (and, when archiving, after the archive holding it was re-read and re-hashed from disk).
 */
export async function cleanJson(dbPath: string, options: CleanOptions): Promise<CleanResult> {
  const cwd = options.cwd ?? process.cwd()
  const inputDirs = resolveInputDirs(options.inputDirs, cwd)
  const bench = await BenchDb.open(dbPath, {readOnly: true})
  let selection
  try {
    selection = await selectProvenFiles(bench.db, {
      inputDirs, olderThanDays: options.olderThanDays, now: options.now, cwd,
      onProgress: (d, t) => options.onProgress?.('checking', d, t),
    })
  } finally {
    bench.close()
  }
  const kept = [...selection.kept]
  let toRemove: ProvenFile[] = selection.proven
  let archive: CleanResult['archive'] = null

  if (options.archiveDir && !options.dryRun && toRemove.length > 0) {
    const written = await writeArchive(toRemove, resolve(cwd, options.archiveDir), dbPath, options.now ?? new Date(), (d, t) => options.onProgress?.('archiving', d, t))
    const manifest = await verifyArchive(written.archivePath).catch((err: unknown) => {
      discardArchive(written)
      throw err instanceof BenchError ? new BenchError(err.kind, `${err.message}; the archive was deleted and no file was removed`, err.details) : err
    })
    const inArchive = new Map(manifest.files.map((f) => [f.path, f.sha256]))
    for (const c of written.changed) kept.push({path: c.path, reason: 'changed-during-run', detail: c.detail, sizeBytes: 0})
    toRemove = toRemove.filter((f) => inArchive.get(f.path) === f.sha256)
    archive = {path: written.archivePath, manifest: written.manifestPath, files: manifest.files.length, verified: true}
  } else if (options.archiveDir && options.dryRun) {
    archive = {path: resolve(cwd, options.archiveDir, 'json-archive-<timestamp>.tar.gz'), manifest: '', files: toRemove.length, verified: false}
  }

  const removed: RemovedFile[] = []
  for (const [i, f] of toRemove.entries()) {
    options.onProgress?.(options.dryRun ? 'planning' : 'removing', i, toRemove.length)
    if (!options.dryRun) {
      const st = statOrNull(f.path)
      if (!st || st.size !== f.sizeBytes || st.mtimeMs !== f.mtimeMs) {
        kept.push({path: f.path, reason: 'changed-during-run', detail: 'size or mtime changed after selection', sizeBytes: st?.size ?? 0})
        continue
      }
      try {
        rmSync(f.path)
      } catch (err) {
        throw ioError(err, f.path, `remove ${f.path}`)
      }
    }
    removed.push({path: f.path, sha256: f.sha256, sizeBytes: f.sizeBytes, ledgerId: f.ledgerId})
  }
  options.onProgress?.(options.dryRun ? 'planning' : 'removing', toRemove.length, toRemove.length)
  const keptByReason: CleanResult['keptByReason'] = {}
  for (const k of kept) keptByReason[k.reason] = (keptByReason[k.reason] ?? 0) + 1
  return {
    mode: options.archiveDir ? 'archive' : 'delete',
    dryRun: Boolean(options.dryRun),
    inputDirs,
    olderThanDays: options.olderThanDays,
    cutoff: selection.cutoff,
    removed,
    kept: kept.sort((a, b) => a.path.localeCompare(b.path)),
    keptByReason,
    bytesFreed: removed.reduce((s, f) => s + f.sizeBytes, 0),
    archive,
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path)
  } catch {
    return null
  }
}
