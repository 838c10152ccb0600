import type {BenchDb} from '../db/bench-db.js'
import {BenchError, classifyError} from '../errors.js'
import {isIoFailure} from '../util/io-error.js'
import {LedgerIndex, mtimeToMicros, type LedgerRow} from './ledger-index.js'
import type {Prepared} from './prepare.js'
import type {RawCompressor} from './raw-compressor.js'
import type {RawStorage} from './raw-storage.js'
import {sha256Hex} from './sha256.js'
import {outcome, SummaryBuilder, type FileOutcome} from './summary.js'
import {applyContext, mergeContext} from './context/merge.js'
import type {InputRoots} from './input-roots.js'
import type {Category, RunContext} from './types.js'
import type {LedgerEntry, WriteScope} from './writer.js'
import {BATCH_BYTES, BATCH_FILES, CHECKPOINT_BYTES, COLLECT_AFTER_BYTES, reckonedBytes} from './convert-memory.js'

// The parser, the writer and what they import load on first use: a no-op rerun writes nothing and
// parses nothing, and would pay ~25-35 ms of module loading for them.
const prepareModule = () => import('./prepare.js')
const writerModule = () => import('./writer.js')

/**
 * Raw documents up to this size (a block of a new database) go into the zstd-compressed column as
 * they are; larger ones are deflated here first. DuckDB's buffer pool cannot hold many blobs
 * larger than a block while it appends and checkpoints: 64 MB of 100 KB-1 MB documents in the column peaked at ~700 MB RSS
 * with a 128 MB pool and died out of memory with the 64 MB one convert sets, while deflated
 * (about 6x smaller) they peak at ~420 MB and the database is no larger.
 */
export const RAW_COLUMN_MAX_BYTES = 64 * 1024

export interface SessionOptions {
  categories?: ReadonlySet<Category>
  dryRun?: boolean
  /** Keep every file's outcome (dry runs, --json); otherwise only problems are kept. */
  keepFiles?: boolean
  /** Files per transaction, and the reckoned input bytes that also end a batch (see convert-memory.ts). */
  batchFiles?: number
  batchBytes?: number
  onFile?: (o: FileOutcome) => void
  /** Input bytes between checkpoints; default CHECKPOINT_BYTES (convert-memory.ts). */
  checkpointBytes?: number
  /** Compresses raw documents off the main thread; inline when absent. */
  compressor?: RawCompressor
  /** `column`: store raw documents as they are; the database compresses the column (schema v2). */
  rawStorage?: RawStorage
  /** Bulk runs (db:convert): a full GC after every COLLECT_AFTER_BYTES written (convert-memory.ts), see collectGarbage. */
  collectAfterFlush?: boolean
  /**
   * Run context given explicitly (flags, library option), over the file's own, and of the CI job
   * (under it): see context/merge.ts. Applied to new content only: bytes already stored keep the
   * context of their first ingest.
   */
  context?: RunContext
  ciContext?: RunContext
  /** The scanned input directories: each ledger row records its file's path under its root. */
  roots?: InputRoots
}

/** One source: a file as scanned, or a document handed over by the API. */
export interface SourceInput {
  path: string
  size: number | null
  mtimeMs: number | null
  bytes: Buffer
  /** Time adapters may record for documents that carry none (defaults to mtime, else now). */
  observedAt?: Date
  /** The bytes' sha256 when the caller already computed it. */
  sha256?: string
  /** Explicit context of this document alone (an API request's), over the session's. */
  context?: RunContext
  /** The input directory a scanned file was found under (bounds the sibling files adapters read). */
  root?: string
}

interface Pending {
  entry: LedgerEntry
  outcome: FileOutcome
  raw?: Promise<{encoding: string; bytes: Uint8Array}>
  /** The version this entry supersedes (its content stops being current). */
  replaced: LedgerRow | null
}

/**
 * The engine every source goes through (files from db:convert, documents from the library and
 * REST API): hash, compare with the ledger, parse, classify, and write in batches. A batch is one
 * transaction holding several files, each file's ledger row together with all its rows, so a
 * crash loses at most whole files of the open batch, never part of one; a rerun redoes them.
 */
export class IngestSession {
  readonly summary: SummaryBuilder
  private pending: Pending[] = []
  private pendingBytes = 0
  /** Content hash -> index in `pending` of the entry storing it (duplicates within one batch). */
  private pendingSha = new Map<string, number>()
  /** Same content, new mtime/size: refresh the ledger so the next run takes the fast path. */
  private touches: Array<{id: number; size: number | null; mtimeUs: number | null}> = []
  private pendingPaths = new Set<string>()
  private dryIds = -1
  /** Input bytes written since the last checkpoint (see flush). */
  private sinceCheckpoint = 0
  /** Reckoned bytes written since the last full collection (see flush). */
  private sinceCollect = 0
  /** Models whose rows this session's writes touched (the REST API's response cache uses it). */
  readonly touched: WriteScope = {models: new Set(), wide: false}

  constructor(
    private readonly bench: BenchDb | null,
    readonly index: LedgerIndex,
    private readonly options: SessionOptions = {},
  ) {
    this.summary = new SummaryBuilder(Boolean(options.dryRun), Boolean(options.keepFiles))
  }

  /**
   * Fast path: same path, size and mtime as a stored version; no read, no hash. Answers from
   * the paths looked up beforehand (`index.lookupPaths`); a path not looked up is "maybe
   * changed", and is read and hashed (same verdict, slower).
   */
  isUnchanged(path: string, size: number, mtimeMs: number): boolean {
    const cur = this.index.peek(path)
    return Boolean(cur && (cur.status === 'ingested' || cur.status === 'duplicate') && cur.size === size && cur.mtimeUs === mtimeToMicros(mtimeMs))
  }

  get keepsFiles(): boolean {
    return Boolean(this.options.keepFiles)
  }

  recordUnchanged(path: string, cur = this.index.peek(path)): FileOutcome {
    return this.record(outcome(path, 'unchanged', {sha256: cur?.sha256 ?? null, category: cur?.category ?? null, shape: cur?.shape ?? null, reason: cur?.status === 'duplicate' ? 'duplicate, stored earlier' : null}))
  }

  countUnchanged(n: number): void {
    this.summary.addUnchanged(n)
  }

  /** A path that could not be read at all (directory, loop, permissions, too large). */
  async submitProblem(path: string, size: number | null, mtimeMs: number | null, reason: string, expected: string): Promise<FileOutcome> {
    if (this.pendingPaths.has(path)) await this.flush()
    const cur = await this.index.row(path)
    const o = outcome(path, 'rejected', {reason, expected})
    if (cur && cur.sha256 !== null) {
      // A stored version exists: an unreadable moment must not delete its rows. Report only.
      o.notes.push('the version already in the database is kept')
      return this.record(o)
    }
    if (cur && cur.status === 'rejected' && cur.reason === reason) return this.record(o)
    const entry: LedgerEntry = {path, sha256: null, sizeBytes: size, mtimeMs, category: null, shape: null, status: 'rejected', reason, supersedes: cur ? [cur.id] : []}
    return this.queue(entry, o, 0, cur)
  }

  /**
   * `prepared`: the hash and verdict already computed (by a PreparePool worker) for these bytes;
   * the decisions below are the same either way.
   */
  async submit(input: SourceInput, prepared?: Prepared): Promise<FileOutcome> {
    const {path, bytes} = input
    // The same path twice before a flush (API callers): the first must be in the index first.
    if (this.pendingPaths.has(path)) await this.flush()
    const sha = prepared?.sha256 ?? input.sha256 ?? sha256Hex(bytes)
    const cur = await this.index.row(path)
    const base = {sha256: sha}

    // A duplicate is unchanged only while some row still holds its content (databases written
    // before duplicates inherited a replaced original's rows may hold orphans: they ingest here).
    if (cur && cur.sha256 === sha && (cur.status === 'ingested' || (cur.status === 'duplicate' && (await this.contentHeld(sha))))) {
      if (cur.size !== input.size || cur.mtimeUs !== mtimeToMicros(input.mtimeMs)) this.touches.push({id: cur.id, size: input.size, mtimeUs: mtimeToMicros(input.mtimeMs)})
      return this.record(outcome(path, 'unchanged', {...base, category: cur.category, shape: cur.shape}), bytes.length)
    }
    const supersedes = cur ? [cur.id] : []
    const common = {path, sha256: sha, sizeBytes: input.size, mtimeMs: input.mtimeMs, supersedes}

    const dupIndex = this.pendingSha.get(sha)
    const known = dupIndex === undefined ? await this.index.content(sha) : null
    const dupId = known?.id
    if (dupIndex !== undefined || (dupId !== undefined && dupId !== cur?.id)) {
      const original = dupIndex !== undefined ? this.pending[dupIndex].entry : null
      const o = outcome(path, 'duplicate', {
        ...base,
        duplicateOf: original ? original.path : (known?.path ?? null),
        replacesVersion: supersedes.length > 0,
      })
      const entry: LedgerEntry = {...common, category: original?.category ?? known?.category ?? null, shape: original?.shape ?? known?.shape ?? null, status: 'duplicate',
        ...(dupIndex !== undefined ? {duplicateOfIndex: dupIndex} : {duplicateOf: dupId!})}
      return this.queue(entry, o, bytes.length, cur)
    }

    let p = prepared
    if (!p) {
      const {loadClassifier, prepareDocument} = await prepareModule()
      await loadClassifier()
      p = prepareDocument(bytes, {path, mtime: input.observedAt ?? new Date(input.mtimeMs ?? Date.now()), root: input.root}, this.options.categories, sha)
    }
    const v = p.verdict
    const notes = [...(p.bom ? ['UTF-8 byte order mark skipped (raw bytes kept as they are)'] : []), ...(p.notes ?? [])]
    let entry: LedgerEntry
    let o: FileOutcome
    if (v.kind === 'unclaimed') return this.recordNotResult(path, v.reason, cur, bytes.length)
    if (v.kind === 'filtered') {
      return this.record(outcome(path, 'skipped', {...base, category: v.category, shape: v.shape, reason: `category ${v.category} not selected`}), bytes.length)
    }
    if (v.kind === 'mapped') {
      const explicit = input.context ? mergeContext(input.context, this.options.context) : this.options.context
      applyContext(v.packed, explicit, this.options.ciContext)
      // The hot path (every new file): plain literals, no spreads (V8's generic object spread
      // cost ~7 us per object here, more than the rest of the decision).
      entry = {path, sha256: sha, sizeBytes: input.size, mtimeMs: input.mtimeMs, supersedes, category: v.category, shape: v.shape, status: 'ingested', packed: v.packed}
      o = {path, status: 'ingested', category: v.category, shape: v.shape, rows: v.packed.counts, reason: null, pointer: null, expected: null, duplicateOf: null, replacesVersion: supersedes.length > 0, notes, sha256: sha}
    } else if (v.kind === 'rejected') {
      entry = {...common, category: v.category, shape: v.shape, status: 'rejected', reason: v.reason, pointer: v.pointer}
      o = outcome(path, 'rejected', {...base, category: v.category, shape: v.shape, reason: v.reason, pointer: v.pointer, expected: v.expected, notes})
    } else {
      entry = {...common, category: null, shape: null, status: 'unrecognized', reason: v.reason}
      o = outcome(path, 'unrecognized', {...base, reason: v.reason, expected: 'a layout one of the shape adapters knows (see --explain)', notes})
    }
    // Same bytes judged the same way as last time (a rejected or unrecognized file left as it was).
    if (cur && cur.sha256 === sha && cur.status === entry.status && (cur.reason ?? null) === (entry.reason ?? null)) {
      return this.record({...o}, bytes.length)
    }
    if (this.options.dryRun) return this.queue(entry, o, bytes.length, cur)
    if (this.options.rawStorage === 'column' && bytes.length <= RAW_COLUMN_MAX_BYTES) {
      entry.raw = {encoding: 'identity', bytes}
      return this.queue(entry, o, bytes.length, cur)
    }
    if (this.options.compressor) return this.queue(entry, o, bytes.length, cur, this.options.compressor.pack(bytes))
    entry.raw = (await import('./raw-document.js')).packRaw(bytes)
    return this.queue(entry, o, bytes.length, cur)
  }

  /**
   * A text file (.txt, .log, .jsonl) that no adapter claims, or cannot be read: not a result file,
   * so no ledger row (a directory of build logs must not fill the ledger with rejections); it is
   * read again by the next run. A version stored earlier at this path is kept.
   */
  recordNotResult(path: string, reason: string, cur: LedgerRow | null = this.index.peek(path) ?? null, bytesRead = 0): FileOutcome {
    const notes = cur && cur.sha256 !== null ? ['the version already in the database is kept'] : []
    return this.record(outcome(path, 'skipped', {reason: `not a result file: ${reason}`, notes}), bytesRead)
  }

  private async contentHeld(sha: string): Promise<boolean> {
    return this.pendingSha.has(sha) || (await this.index.content(sha)) !== null
  }

  private record(o: FileOutcome, bytesRead = 0): FileOutcome {
    this.summary.add(o, bytesRead)
    this.options.onFile?.(o)
    return o
  }

  private async queue(entry: LedgerEntry, o: FileOutcome, bytesRead: number, replaced: LedgerRow | null, raw?: Pending['raw']): Promise<FileOutcome> {
    const at = this.options.roots?.locate(entry.path)
    if (at) {
      entry.inputRoot = at.inputRoot
      entry.relativePath = at.relativePath
    }
    if (entry.sha256 && (entry.status === 'ingested' || entry.status === 'unrecognized')) this.pendingSha.set(entry.sha256, this.pending.length)
    this.pending.push({entry, outcome: o, raw, replaced})
    this.pendingPaths.add(entry.path)
    // Input bytes bound the batch's memory (documents, mapped rows and raw copies scale with them),
    // each file reckoned with its fixed cost (see convert-memory.ts).
    this.pendingBytes += reckonedBytes(bytesRead)
    this.record(o, bytesRead)
    if (this.pending.length >= (this.options.batchFiles ?? BATCH_FILES) || this.pendingBytes >= (this.options.batchBytes ?? BATCH_BYTES)) {
      await this.flush()
    }
    return o
  }

  /** Writes the open batch in one transaction (nothing in a dry run) and updates the index. */
  async flush(): Promise<void> {
    const batch = this.pending
    const touches = this.touches
    const batchBytes = this.pendingBytes
    this.pending = []
    this.pendingBytes = 0
    this.pendingSha = new Map()
    this.pendingPaths = new Set()
    this.touches = []
    if (batch.length === 0 && touches.length === 0) return
    let ids: number[]
    const heirs: LedgerRow[] = []
    if (batch.some((p) => p.raw)) {
      this.options.compressor?.drain()
      const packed = await Promise.all(batch.map((p) => p.raw ?? null))
      batch.forEach((p, i) => {
        if (packed[i]) p.entry.raw = packed[i]
      })
    }
    if (this.options.dryRun || !this.bench) {
      ids = batch.map(() => this.dryIds--)
    } else {
      const {writeScopeOf} = await writerModule()
      writeScopeOf(batch.map((p) => p.entry), this.touched)
      ids = await this.writeOrSplit(batch.map((p) => p.entry), touches, heirs)
      // Checkpoint every CHECKPOINT_BYTES of input: bounds the WAL (and so the replay after a crash)
      // and lets DuckDB write out table data instead of holding it until the end of the run.
      this.sinceCheckpoint += batch.reduce((s, p) => s + (p.entry.sizeBytes ?? 0), 0)
      if (this.sinceCheckpoint >= (this.options.checkpointBytes ?? CHECKPOINT_BYTES)) {
        this.sinceCheckpoint = 0
        await this.bench!.checkpoint()
      }
    }
    batch.forEach((p, i) => this.remember(p.entry, ids[i], p.replaced))
    // After the versions they replace: those dropped their content from the index, the heirs hold it now.
    for (const h of heirs) this.index.add(h)
    this.sinceCollect += batchBytes
    if (this.options.collectAfterFlush && this.sinceCollect >= COLLECT_AFTER_BYTES) {
      this.sinceCollect = 0
      ;(await import('./gc.js')).collectGarbage()
    }
  }

  private remember(e: LedgerEntry, id: number, replaced: LedgerRow | null): void {
    const row: LedgerRow = {id, path: e.path, sha256: e.sha256, size: e.sizeBytes, mtimeUs: mtimeToMicros(e.mtimeMs), status: e.status, category: e.category, shape: e.shape, reason: e.reason ?? null}
    this.index.add(row, replaced)
  }

  /**
   * One transaction for the batch. If the database refuses it (a value no check caught), the
   * batch is retried file by file so that one bad file is rejected and the others still land.
   */
  private async writeOrSplit(entries: LedgerEntry[], touches: typeof this.touches, heirs: LedgerRow[]): Promise<number[]> {
    try {
      return await this.writeOnce(entries, touches, heirs)
    } catch (err) {
      // A full disk, a read-only file system or a database DuckDB invalidated after such a failure
      // is no fault of the files: nothing is recorded as rejected, the run stops (exit 5).
      if (err instanceof BenchError && (err.kind === 'locked' || err.kind === 'io')) throw err
      if (isIoFailure(err)) throw classifyError(err, this.bench!.path)
      if (/database has been invalidated|^FATAL Error/m.test((err as Error).message)) {
        throw new BenchError('io', `the database cannot be written any more: ${(err as Error).message.split('\n')[0]}`, {
          file: this.bench!.path,
          hint: 'An earlier write failed (often a full disk). Free space and run the command again; committed batches are kept.',
        })
      }
      if (entries.length === 1 && touches.length === 0) {
        const e = entries[0]
        if (e.status !== 'ingested') throw err
        const refused: LedgerEntry = {...e, status: 'rejected', doc: null, packed: null, reason: `the database refused the rows: ${(err as Error).message.split('\n')[0]}`}
        return this.writeOnce([refused], [], heirs)
      }
      if (touches.length) await this.writeOrSplit([], touches, heirs)
      const ids: number[] = []
      // Entries referring to an earlier entry of the batch by index must be rewritten to ids.
      for (const e of entries) {
        const single = e.duplicateOfIndex === undefined ? e : {...e, duplicateOf: ids[e.duplicateOfIndex], duplicateOfIndex: undefined}
        ids.push(...(await this.writeOrSplit([single], [], heirs)))
      }
      return ids
    }
  }

  /** One transaction; `heirs` gets the duplicates promoted by it only once it committed. */
  private async writeOnce(entries: LedgerEntry[], touches: typeof this.touches, heirs: LedgerRow[]): Promise<number[]> {
    const committed: LedgerRow[] = []
    const {writeBatch} = await writerModule()
    const ids = await this.bench!.write(async (tx, dims) => {
      committed.length = 0
      const ids = await writeBatch(tx, dims, entries, committed)
      if (touches.length) await refreshMtimes(tx, touches)
      return ids
    })
    heirs.push(...committed)
    return ids
  }

  async finish(): Promise<void> {
    await this.flush()
  }
}

async function refreshMtimes(tx: import('../db/connection.js').Database, touches: Array<{id: number; size: number | null; mtimeUs: number | null}>): Promise<void> {
  const values = touches.map((t) => `(${Math.floor(t.id)}, ${t.size === null ? 'NULL' : Math.floor(t.size)}, ${t.mtimeUs === null ? 'NULL' : Math.floor(t.mtimeUs)})`).join(',')
  await tx.run(`UPDATE source_files SET size_bytes = v.size, mtime = make_timestamp(v.us)
    FROM (VALUES ${values}) AS v(id, size, us) WHERE source_files.source_file_id = v.id`)
}
