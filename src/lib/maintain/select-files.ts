import {readFileSync, statSync} from 'node:fs'
import type {Database} from '../db/connection.js'
import {listJsonFiles, sha256} from './files.js'
import {LedgerLocator} from './locate.js'
import {InputRoots} from '../ingest/input-roots.js'
import {actualRowCounts, countMismatch, loadLedger, rawDigests, rowsWritten, type LedgerRow} from './ledger.js'

/** Why a file stays where it is. Every file the scan sees is either proven or kept with one of these. */
export type KeepReason =
  | 'too-new' // modified within the last --older-than days
  | 'never-ingested' // no ledger row for this path
  | 'changed-since-ingestion' // ledger rows for this path, none with the current bytes
  | 'rejected' // the converter refused these bytes
  | 'unrecognized' // the converter did not know the layout
  | 'superseded' // these bytes were replaced by a newer version; their rows are gone
  | 'duplicate-of-unproven' // a duplicate of a file whose own rows are not proven
  | 'rows-missing' // ingested, but its rows are no longer (all) in the database
  | 'raw-missing' // ingested, but the database keeps no copy of the bytes to restore from
  | 'raw-mismatch' // the kept copy does not hash to the file's bytes
  | 'unreadable' // the file could not be read
  | 'changed-during-run' // modified between selection and removal
  | 'symbolic-link' // links are never removed (their target may be anybody's file)

/** A file whose exact bytes are proven to be in the database. */
export interface ProvenFile {
  path: string
  sha256: string
  sizeBytes: number
  mtimeMs: number
  /** The ledger row of this path and these bytes. */
  ledgerId: number
  /** The ledger row holding the bytes and rows (the original, for a duplicate). */
  sourceLedgerId: number
  /** The input directory it was found under (relative to the working directory when inside it) and its path there. */
  inputRoot: string | null
  relativePath: string | null
}

export interface KeptFile {
  path: string
  reason: KeepReason
  detail: string
  sizeBytes: number
}

export interface SelectOptions {
  inputDirs: string[]
  olderThanDays: number
  now?: Date
  cwd?: string
  onProgress?: (done: number, total: number) => void
}

export interface FileSelection {
  inputDirs: string[]
  olderThanDays: number
  /** Files modified at or after this instant are too new. */
  cutoff: string
  proven: ProvenFile[]
  kept: KeptFile[]
}

const DAY_MS = 86_400_000

/**
 * Decides, file by file, which JSON files under the input dirs are proven to be in the database:
 * older than the cut-off, current sha256 equal to a ledger row of the same path that is ingested
 * (or a duplicate of an ingested row), that row's rows still all present (rows_written equals the
 * actual counts by source_file_id), and the kept raw document hashing to the same sha256. Reads
 * only; nothing is changed.
 */
export async function selectProvenFiles(db: Database, options: SelectOptions): Promise<FileSelection> {
  const now = options.now ?? new Date()
  const cutoffMs = now.getTime() - options.olderThanDays * DAY_MS
  const ledger = await loadLedger(db)
  const byId = new Map(ledger.map((r) => [r.source_file_id, r]))
  // By absolute path, else by the path under the input directory (a moved or copied folder).
  const locator = new LedgerLocator(ledger, options.cwd)
  const bySha = new Map<string, LedgerRow>()
  for (const r of ledger) if (r.sha256 && r.status === 'ingested') bySha.set(r.sha256, r)
  const counts = await actualRowCounts(db)

  const links: string[] = []
  // Each file with the input directory it was found under (the first, when directories nest).
  const dirOf = new Map<string, string>()
  for (const d of options.inputDirs) for (const f of listJsonFiles(d, links)) if (!dirOf.has(f)) dirOf.set(f, d)
  const files = [...dirOf.keys()].sort()
  const roots = new InputRoots(options.inputDirs, options.cwd ?? process.cwd())
  const candidates: ProvenFile[] = []
  const kept: KeptFile[] = [...new Set(links)].map((path) => ({path, reason: 'symbolic-link' as const, detail: 'symbolic links are never removed', sizeBytes: 0}))
  let done = 0
  for (const path of files) {
    options.onProgress?.(done++, files.length)
    let size = 0
    try {
      const st = statSync(path)
      size = st.size
      if (st.mtimeMs >= cutoffMs) {
        const age = ((now.getTime() - st.mtimeMs) / DAY_MS).toFixed(1)
        kept.push({path, reason: 'too-new', detail: `modified ${age} day(s) ago, within --older-than ${options.olderThanDays}`, sizeBytes: size})
        continue
      }
      const bytes = readFileSync(path)
      const hash = sha256(bytes)
      const verdict = judge(hash, locator.rowsFor(path, dirOf.get(path)!), byId, bySha, counts)
      if ('reason' in verdict) kept.push({path, ...verdict, sizeBytes: bytes.length})
      else {
        const at = roots.locate(path)
        candidates.push({path, sha256: hash, sizeBytes: bytes.length, mtimeMs: st.mtimeMs, ...verdict, inputRoot: at?.inputRoot ?? null, relativePath: at?.relativePath ?? null})
      }
    } catch (err) {
      kept.push({path, reason: 'unreadable', detail: (err as Error).message, sizeBytes: size})
    }
  }
  options.onProgress?.(files.length, files.length)
  // Last proof, in batches: the copy kept in the ledger must hash to the file's bytes.
  const proven: ProvenFile[] = []
  const digests = await rawDigests(db, [...new Set(candidates.map((c) => c.sourceLedgerId))])
  for (const c of candidates) {
    const d = digests.get(c.sourceLedgerId)
    if (d === c.sha256) proven.push(c)
    else {
      const why = d === undefined ? 'keeps no raw document' : d === 'unreadable' ? 'keeps a raw document that cannot be decoded' : 'keeps a raw document that does not hash to the file'
      kept.push({path: c.path, reason: d === undefined ? 'raw-missing' : 'raw-mismatch', detail: `ledger id ${c.sourceLedgerId} ${why}`, sizeBytes: c.sizeBytes})
    }
  }
  kept.sort((a, b) => a.path.localeCompare(b.path))
  return {inputDirs: options.inputDirs, olderThanDays: options.olderThanDays, cutoff: new Date(cutoffMs).toISOString(), proven, kept}
}

type Verdict = {reason: KeepReason; detail: string} | {ledgerId: number; sourceLedgerId: number}

const STATUS_RANK: Record<string, number> = {ingested: 0, duplicate: 1, rejected: 2, unrecognized: 3, superseded: 4}

function judge(
  hash: string,
  rows: LedgerRow[],
  byId: Map<number, LedgerRow>,
  bySha: Map<string, LedgerRow>,
  counts: Map<number, Record<string, number>>,
): Verdict {
  if (rows.length === 0) {
    const elsewhere = bySha.get(hash)
    return {
      reason: 'never-ingested',
      detail: elsewhere
        ? `no ledger row for this path (the same bytes were ingested from ${elsewhere.path}, ledger id ${elsewhere.source_file_id})`
        : 'no ledger row for this path',
    }
  }
  const same = rows.filter((r) => r.sha256 === hash)
  if (same.length === 0) {
    const last = rows[rows.length - 1]
    return {
      reason: 'changed-since-ingestion',
      detail: `sha256 ${hash.slice(0, 12)}… differs from the ingested version ${String(last.sha256).slice(0, 12)}… (ledger id ${last.source_file_id}, ${last.ingested_at})`,
    }
  }
  same.sort((a, b) => (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9) || b.source_file_id - a.source_file_id)
  const entry = same[0]
  const where = `ledger id ${entry.source_file_id}`
  switch (entry.status) {
    case 'rejected':
      return {reason: 'rejected', detail: `${where}: ${entry.reason ?? 'rejected'}${entry.json_pointer ? ` at ${entry.json_pointer}` : ''}`}
    case 'unrecognized':
      return {reason: 'unrecognized', detail: `${where}: ${entry.reason ?? 'layout not recognised'}`}
    case 'superseded':
      return {reason: 'superseded', detail: `${where} was replaced by a newer version; its rows are no longer in the database`}
  }
  let source = entry
  if (entry.status === 'duplicate') {
    const original = entry.duplicate_of === null ? undefined : byId.get(entry.duplicate_of)
    if (!original || original.status !== 'ingested') {
      return {reason: 'duplicate-of-unproven', detail: `${where} duplicates ledger id ${entry.duplicate_of}, which is ${original?.status ?? 'missing'}`}
    }
    source = original
  } else if (entry.status !== 'ingested') {
    return {reason: 'never-ingested', detail: `${where} has status ${entry.status}`}
  }
  const mismatch = countMismatch(rowsWritten(source), counts.get(source.source_file_id))
  if (mismatch) return {reason: 'rows-missing', detail: `ledger id ${source.source_file_id}: ${mismatch}`}
  if (!source.has_raw) return {reason: 'raw-missing', detail: `ledger id ${source.source_file_id} keeps no raw document`}
  return {ledgerId: entry.source_file_id, sourceLedgerId: source.source_file_id}
}
