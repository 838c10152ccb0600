import {createReadStream, createWriteStream, closeSync, fsyncSync, linkSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {finished} from 'node:stream/promises'
import {createGunzip, createGzip} from 'node:zlib'
import {BenchError} from '../errors.js'
import {sha256} from './files.js'
import type {ProvenFile} from './select-files.js'
import {readTar, TarFormatError, TarWriter} from './tar.js'
import {isProcessAlive} from '../util/process-alive.js'
import {ioError} from '../util/io-error.js'

/**
 * Archive format (version 1): one gzip-compressed POSIX tar per run, named
 * `json-archive-<UTC timestamp>.tar.gz`, holding each file under `files/<original absolute path
 * without its leading />` and, as the last entry, `manifest.json` (below). A copy of the manifest
 * sits beside it as `<archive>.manifest.json` for people and tools; the one inside is the
 * authority. Both are written under a temporary name, flushed to disk, and linked into place
 * (link fails if the name exists, so an archive is never overwritten).
 */
export const ARCHIVE_FORMAT = 'benchdb-json-archive'
export const MANIFEST_ENTRY = 'manifest.json'

export interface ManifestFile {
  /** Original absolute path. */
  path: string
  /** Name of the entry inside the tar. */
  entry: string
  sha256: string
  sizeBytes: number
  mtime: string
  mtimeMs: number
  /** Ledger row of this path and these bytes. */
  ledgerId: number
  /** Input directory (relative to the working directory when inside it) and the path under it: restore finds the place again after the project moved. */
  inputRoot?: string | null
  relativePath?: string | null
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT
  version: 1
  createdAt: string
  database: string
  files: ManifestFile[]
}

export interface WrittenArchive {
  archivePath: string
  manifestPath: string
  manifest: ArchiveManifest
  /** Files left out because their bytes changed after selection. */
  changed: Array<{path: string; detail: string}>
}

/**
 * The tar entry of a file. A backslash separates directories only on Windows; elsewhere it is an
 * ordinary character of a name (`a\\b.json` and `a/b.json` are two files), kept as it is.
 */
export const entryName = (path: string, platform: NodeJS.Platform = process.platform) => {
  const rel = resolve(path).replace(platform === 'win32' ? /^([a-zA-Z]:)?[\\/]+/ : /^\/+/, '')
  return 'files/' + (platform === 'win32' ? rel.split('\\').join('/') : rel)
}

/**
 * Entry names for a set of files, unique before anything is written: two paths that still map to
 * one name (a case-folding or Windows path pair) get the second one under `files~<n>/`, and the
 * manifest records which entry holds which path, so restore puts each where it came from.
 */
export function uniqueEntryNames(paths: string[]): string[] {
  const used = new Set<string>()
  return paths.map((p) => {
    const base = entryName(p)
    let name = base
    for (let n = 2; used.has(name.toLowerCase()); n++) name = base.replace(/^files\//, `files~${n}/`)
    used.add(name.toLowerCase())
    return name
  })
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Gives `tmp` the first free name of `json-archive-<stamp>[-n].tar.gz` without ever replacing one. */
function linkIntoPlace(tmp: string, dir: string, base: string, ext: string): string {
  for (let n = 1; ; n++) {
    const target = join(dir, `${base}${n === 1 ? '' : `-${n}`}${ext}`)
    try {
      linkSync(tmp, target)
      rmSync(tmp)
      return target
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
  }
}

/**
 * Writes the files into a new archive. Each file is re-read and re-hashed as it goes in: a file
 * whose bytes differ from the selection is left out (and stays where it is).
 */
export async function writeArchive(files: ProvenFile[], archiveDir: string, database: string, now = new Date(), onProgress?: (done: number, total: number) => void): Promise<WrittenArchive> {
  try {
    mkdirSync(archiveDir, {recursive: true})
  } catch (err) {
    throw ioError(err, archiveDir, `use ${archiveDir} as the archive directory`)
  }
  removeStaleTemporaries(archiveDir)
  const base = `json-archive-${stamp(now)}`
  const tmp = join(archiveDir, `.${base}.${process.pid}.tar.gz.tmp`)
  const manifest: ArchiveManifest = {format: ARCHIVE_FORMAT, version: 1, createdAt: now.toISOString(), database: resolve(database), files: []}
  const changed: WrittenArchive['changed'] = []
  try {
    const gzip = createGzip({level: 9})
    const out = createWriteStream(tmp, {flags: 'wx'})
    gzip.pipe(out)
    const tar = new TarWriter(gzip)
    const entries = uniqueEntryNames(files.map((f) => f.path))
    for (const [i, f] of files.entries()) {
      onProgress?.(i, files.length)
      let bytes: Buffer
      try {
        bytes = readFileSync(f.path)
      } catch (err) {
        changed.push({path: f.path, detail: (err as Error).message})
        continue
      }
      const hash = sha256(bytes)
      if (hash !== f.sha256) {
        changed.push({path: f.path, detail: `sha256 changed to ${hash.slice(0, 12)}… after selection`})
        continue
      }
      const entry = entries[i]
      await tar.add({name: entry, bytes, mtimeMs: f.mtimeMs})
      manifest.files.push({path: f.path, entry, sha256: hash, sizeBytes: bytes.length, mtime: new Date(f.mtimeMs).toISOString(), mtimeMs: f.mtimeMs, ledgerId: f.ledgerId, inputRoot: f.inputRoot, relativePath: f.relativePath})
    }
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n')
    await tar.add({name: MANIFEST_ENTRY, bytes: manifestBytes, mtimeMs: now.getTime()})
    await tar.finish()
    gzip.end()
    await finished(out)
    fsyncPath(tmp)
    const archivePath = linkIntoPlace(tmp, archiveDir, base, '.tar.gz')
    const manifestTmp = join(archiveDir, `.${basename(archivePath)}.${process.pid}.manifest.tmp`)
    writeFileSync(manifestTmp, manifestBytes, {flag: 'wx'})
    fsyncPath(manifestTmp)
    const manifestPath = linkIntoPlace(manifestTmp, archiveDir, basename(archivePath), '.manifest.json')
    fsyncPath(dirname(archivePath))
    onProgress?.(files.length, files.length)
    return {archivePath, manifestPath, manifest, changed}
  } catch (err) {
    throw ioError(err, archiveDir, `write an archive in ${archiveDir}`)
  } finally {
    rmSync(tmp, {force: true})
  }
}

/** Temporary files of archive runs whose process is gone (killed mid-write) are debris: remove them. */
function removeStaleTemporaries(archiveDir: string): void {
  for (const name of readdirSync(archiveDir)) {
    const m = /^\.json-archive-.*\.(\d+)\.(tar\.gz|manifest)\.tmp$/.exec(name)
    if (!m || Number(m[1]) === process.pid || isProcessAlive(Number(m[1]))) continue
    rmSync(join(archiveDir, name), {force: true})
  }
}


/**
 * Re-reads an archive from disk, re-hashes every entry, and checks it against its own manifest:
 * every listed file present with the same sha256 and size, nothing else. Returns the manifest;
 * throws a data error for anything short of that.
 */
export async function verifyArchive(archivePath: string): Promise<ArchiveManifest> {
  const hashes = new Map<string, {sha256: string; size: number}>()
  let manifest: ArchiveManifest | undefined
  try {
    for await (const e of readTar(createReadStream(archivePath).pipe(createGunzip()))) {
      if (e.name === MANIFEST_ENTRY) manifest = JSON.parse(e.bytes.toString('utf8')) as ArchiveManifest
      else hashes.set(e.name, {sha256: sha256(e.bytes), size: e.bytes.length})
    }
  } catch (err) {
    const why = err instanceof TarFormatError || err instanceof SyntaxError ? err.message : `cannot be read: ${(err as Error).message}`
    throw new BenchError('data', `archive ${archivePath} is damaged: ${why}`, {file: archivePath})
  }
  if (!manifest || manifest.format !== ARCHIVE_FORMAT) {
    throw new BenchError('data', `archive ${archivePath} has no benchdb manifest`, {file: archivePath})
  }
  for (const f of manifest.files) {
    const got = hashes.get(f.entry)
    if (!got || got.sha256 !== f.sha256 || got.size !== f.sizeBytes) {
      throw new BenchError('data', `archive ${archivePath} does not match its manifest at ${f.entry}`, {file: archivePath})
    }
    hashes.delete(f.entry)
  }
  if (hashes.size > 0) throw new BenchError('data', `archive ${archivePath} holds entries its manifest does not list`, {file: archivePath})
  return manifest
}

/** Finished archives in a directory, newest name first (temporary files are never listed). */
export function listArchives(archiveDir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(archiveDir)
  } catch (err) {
    throw new BenchError('io', `cannot read archive directory ${archiveDir}: ${(err as Error).message}`, {file: archiveDir})
  }
  return names
    .filter((n) => /^json-archive-.*\.tar\.gz$/.test(n))
    .filter((n) => statSync(join(archiveDir, n)).isFile())
    .sort()
    .reverse()
    .map((n) => join(archiveDir, n))
}

/** Entries of a verified archive, by entry name (streamed; one file's bytes in memory at a time). */
export async function* archiveEntries(archivePath: string): AsyncGenerator<{name: string; bytes: Buffer}> {
  for await (const e of readTar(createReadStream(archivePath).pipe(createGunzip()))) {
    if (e.name !== MANIFEST_ENTRY) yield {name: e.name, bytes: e.bytes}
  }
}

/**
 * An archive that failed its verification is deleted with its manifest copy (its originals were not
 * removed, so nothing is lost): left in place it would be listed by every later restore.
 */
export function discardArchive(written: Pick<WrittenArchive, 'archivePath' | 'manifestPath'>): void {
  rmSync(written.archivePath, {force: true})
  rmSync(written.manifestPath, {force: true})
}
