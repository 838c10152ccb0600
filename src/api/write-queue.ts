import type {BenchDb} from '../lib/db/bench-db.js'
import {ingestDocuments, type DocumentInput} from '../lib/ingest/ingest-documents.js'
import {LedgerIndex} from '../lib/ingest/ledger-index.js'
import {SummaryBuilder, type FileOutcome, type RunSummary} from '../lib/ingest/summary.js'
import {refreshRollup} from '../lib/report/rollup.js'
import type {ResponseCache} from './response-cache.js'

export interface RequestResult {
  summary: RunSummary
  documents: FileOutcome[]
}

export interface WriteQueueOptions {
  /** Largest number of documents one group may hold (a single larger request still goes alone). */
  maxDocuments?: number
  /** Shortest time between the starts of two transactions (see spacing; default 100 ms). */
  minIntervalMs?: number
  /** One line per transaction (--verbose): group size and where its time went. */
  log?: (line: string) => void
  /** Quiet time after the last write before the performance rollup is refreshed (default 2 s). */
  rollupQuietMs?: number
}

/** While writes never pause, the rollup is still refreshed between groups at least this often. */
export const ROLLUP_MAX_AGE_MS = 30_000

/** At most 10 write transactions a second: a POST waits at most this long for company. */
export const DEFAULT_MIN_INTERVAL_MS = 100

interface Waiting {
  docs: DocumentInput[]
  resolve: (r: RequestResult) => void
  reject: (e: unknown) => void
}

/**
 * The server's one ingest lane, with group commit. Ingests run one at a time (the ledger check
 * "already stored?" and the write must not interleave with another request's, or a document
 * retried concurrently could be stored twice), and the requests that arrived while one was being
 * written go together into the next `ingestDocuments` call: one ledger load, one transaction.
 * Under read load every database round trip of a write waits its turn on the event loop, so one
 * transaction per request capped the server at a few writes per second; batched, the cost is
 * shared. A request's documents are still written all together, in order, and its answer lists
 * its own documents only. The cache is invalidated after each commit, before anyone is answered.
 * While POSTs stream in, transactions are also spaced (see spacing): under a steady 20 POST/s a
 * transaction per POST was over half a core of DuckDB work; grouped, a fraction of it.
 */
export class WriteQueue {
  private waiting: Waiting[] = []
  private running = false
  /**
   * The ledger, loaded once and kept current by each ingest (the server is the database's only
   * writer); loading it for every request cost a query over every stored file. Dropped after an
   * error, reloaded by the next group.
   */
  private index?: LedgerIndex
  /** Transactions (ingestDocuments calls) so far, for tests and diagnostics. */
  groups = 0

  private readonly maxDocuments: number
  private readonly minIntervalMs: number
  private readonly log?: (line: string) => void
  /** performance.now() when the last transaction started. */
  private lastStart = -Infinity
  /**
   * Rows were written since the rollup (report/rollup.ts) was last refreshed. Reports stay exact
   * without a refresh (they scan the rows above its watermark, or everything after a superseded
   * version), only slower as the unrolled tail grows, so the refresh waits for a quiet moment
   * instead of taxing every POST, and runs in this lane so it never interleaves with a write.
   */
  private rollupDirty = false
  private lastRollup = performance.now()
  private rollupTimer?: NodeJS.Timeout
  private readonly rollupQuietMs: number
  /** Rollup refreshes so far, for tests and diagnostics. */
  rollupRefreshes = 0

  constructor(
    private readonly bench: BenchDb,
    private readonly cache: ResponseCache,
    options: WriteQueueOptions = {},
  ) {
    this.maxDocuments = options.maxDocuments ?? 1000
    this.minIntervalMs = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS
    this.log = options.log
    this.rollupQuietMs = options.rollupQuietMs ?? 2000
  }

  submit(docs: DocumentInput[]): Promise<RequestResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({docs, resolve, reject})
      if (!this.running) void this.drain()
    })
  }

  /** Refreshes the rollup now if anything was written since the last refresh (also at shutdown). */
  async flushRollup(): Promise<void> {
    if (!this.rollupDirty) return
    this.rollupDirty = false
    this.lastRollup = performance.now()
    try {
      const r = await refreshRollup(this.bench)
      this.rollupRefreshes++
      this.log?.(`rollup: ${r.action}, ${r.coveredRows} rows covered, ${r.ms.toFixed(1)}ms`)
    } catch (err) {
      // Reports fall back to exact scans; the next write marks it dirty again.
      this.log?.(`rollup: refresh failed: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  private scheduleRollup(): void {
    clearTimeout(this.rollupTimer)
    if (!this.rollupDirty) return
    this.rollupTimer = setTimeout(() => {
      if (this.running || this.waiting.length > 0) return // the drain refreshes or reschedules
      void this.holdingLane(() => this.flushRollup())
    }, this.rollupQuietMs)
    this.rollupTimer.unref()
  }

  /**
   * Runs `work` once no write is running, holding the lane (no transaction starts meanwhile): for
   * work that needs the file still, such as the SQL snapshot's checkpoint and copy.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.running) await new Promise((r) => setTimeout(r, 5))
    let out: T | undefined
    await this.holdingLane(async () => {
      out = await work()
    })
    return out as T
  }

  /** Runs `work` holding the write lane (no transaction starts meanwhile), then serves what queued up. */
  private async holdingLane(work: () => Promise<void>): Promise<void> {
    this.running = true
    try {
      await work()
    } finally {
      this.running = false
      if (this.waiting.length > 0) void this.drain()
    }
  }

  /**
   * Transactions start at most every `minIntervalMs`: a request arriving sooner after the last
   * start waits for the rest of the interval, together with whatever else arrives meanwhile. A
   * transaction's cost hardly depends on how many small documents it holds (~8 DuckDB statements
   * of 2-7 ms of CPU each, the COMMIT's WAL write included), so a stream of POSTs costs CPU per
   * transaction, not per POST. A request arriving after a quiet moment starts at once.
   */
  private spacing(): number {
    return this.lastStart + this.minIntervalMs - performance.now()
  }

  /**
   * Loads the ledger index and its hash filter (one query per 65,536 stored files) before the
   * first POST, which otherwise paid for it (~0.1 s on the bench database) while readers waited.
   */
  async warm(): Promise<void> {
    this.index ??= await LedgerIndex.load(this.bench.db)
    await this.index.lookupContents([])
  }

  /** Resolves when nothing is queued or being written (shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.waiting.length > 0) await new Promise((r) => setTimeout(r, 10))
    clearTimeout(this.rollupTimer)
    await this.holdingLane(() => this.flushRollup())
    if (this.running || this.waiting.length > 0) await this.idle()
  }


  private async drain(): Promise<void> {
    this.running = true
    try {
      while (this.waiting.length > 0) {
        // Only a real wait yields: requests submitted in the same tick as an idle queue's first
        // one join the group after it, as before.
        const wait = this.spacing()
        if (wait > 0) await new Promise((r) => setTimeout(r, wait))
        this.lastStart = performance.now()
        const group = this.take()
        this.groups++
        try {
          const start = performance.now()
          this.index ??= await LedgerIndex.load(this.bench.db)
          const docs = group.flatMap((w) => w.docs)
          const result = await ingestDocuments(this.bench, docs, {index: this.index, env: false})
          const written = performance.now()
          if (result.summary.ingested > 0 || result.summary.newVersions > 0) {
            this.rollupDirty = true
            await this.cache.invalidateRefreshing(result.touched)
          }
          this.log?.(`write: ${group.length} request(s), ${docs.length} document(s) in one transaction ${(written - start).toFixed(1)}ms, answers refreshed ${(performance.now() - written).toFixed(1)}ms, ${this.waiting.length} request(s) queued`)
          if (result.documents.length !== group.reduce((n, w) => n + w.docs.length, 0)) {
            throw new Error(`ingest answered ${result.documents.length} outcomes for ${group.reduce((n, w) => n + w.docs.length, 0)} documents`)
          }
          let at = 0
          for (const w of group) {
            const documents = result.documents.slice(at, at + w.docs.length)
            at += w.docs.length
            w.resolve({summary: summarize(documents, w.docs), documents})
          }
        } catch (err) {
          this.index = undefined
          for (const w of group) w.reject(err)
        }
        if (this.rollupDirty && performance.now() - this.lastRollup >= ROLLUP_MAX_AGE_MS) await this.flushRollup()
      }
    } finally {
      this.running = false
      this.scheduleRollup()
    }
  }

  private take(): Waiting[] {
    const group = [this.waiting.shift()!]
    let n = group[0].docs.length
    while (this.waiting.length > 0 && n + this.waiting[0].docs.length <= this.maxDocuments) {
      n += this.waiting[0].docs.length
      group.push(this.waiting.shift()!)
    }
    return group
  }
}

/** One request's summary, rebuilt from its own outcomes (times are the group's). */
function summarize(documents: FileOutcome[], docs: DocumentInput[]): RunSummary {
  const s = new SummaryBuilder(false, false)
  documents.forEach((o, i) => {
    const b = docs[i].bytes
    s.add(o, o.status === 'unchanged' ? 0 : typeof b === 'string' ? Buffer.byteLength(b) : b.byteLength)
  })
  return s.finish()
}
