import {existsSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {fileURLToPath} from 'node:url'
import type {Worker} from 'node:worker_threads'
import type {FoundFile} from './discover.js'
import {loadClassifier, prepareDocument, type Prepared} from './prepare.js'
import {readSourceFile} from './read-file.js'
import type {Category} from './types.js'

export interface PrepareWorkerData {
  categories: Category[] | null
  maxFileSize: number
}
export interface PrepareRequest {
  id: number
  files: Array<{path: string; size: number; mtimeMs: number; root?: string}>
}
export type PrepareResult = {ok: true; offset: number; length: number; prepared: Prepared} | {ok: false; reason: string; expected: string}
export interface PrepareReply {
  id: number
  /**
   * The group's results, as one JSON string when JSON keeps them exactly (see
   * PackedDoc.notJsonSafe): posting one string is a copy, while the structured clone of
   * thousands of small arrays and strings cost the worker more than parsing did, and
   * JSON.parse on the main thread costs less than deserialising them.
   */
  results: PrepareResult[] | string
  buffer: ArrayBuffer
}

/** One file read and prepared (hash, parse, classify), or why it could not be read. */
export type PoolResult = {ok: true; bytes: Uint8Array; prepared: Prepared} | {ok: false; reason: string; expected: string}

/** A group also ends at this many input bytes, so large files travel (and are held: a group shares one buffer) one or two at a time, well inside the prepare-ahead window (WINDOW_BYTES). */
const GROUP_BYTES = 1024 * 1024

interface Job {
  file: FoundFile
  resolve: (r: PoolResult) => void
}

/**
 * Worker count: one per core the process may use besides the main thread (which is busy about
 * half the time appending to DuckDB), at least 1, at most 8. Each worker costs ~60 MB of memory.
 * `BENCHDB_CONVERT_WORKERS=N` sets it (0: everything on the main thread) and, being explicit,
 * also applies to small runs.
 */
export function workerSetting(): {count: number; explicit: boolean} {
  const raw = process.env.BENCHDB_CONVERT_WORKERS
  const env = Number(raw)
  if (raw !== undefined && raw !== '' && Number.isInteger(env) && env >= 0) return {count: env, explicit: true}
  return {count: Math.max(1, Math.min(availableParallelism() - 1, 8)), explicit: false}
}

/**
 * Reads, hashes, parses and classifies files on worker threads (node:worker_threads), in groups,
 * while the main thread decides against the ledger and appends rows to DuckDB. Results come back
 * through one promise per file, so the caller consumes them in file order and the ledger
 * decisions (unchanged, duplicate, new version) are exactly those of the single-threaded path.
 * A worker that dies hands its files back to the main thread: no file is lost.
 */
export class PreparePool {
  private group: Job[] = []
  private groupBytes = 0
  private waiting = new Map<number, {worker: number; jobs: Job[]}>()
  private load: number[]
  private nextId = 0

  private constructor(
    private readonly workers: Worker[],
    private readonly options: PrepareWorkerData,
    private readonly groupSize: number,
  ) {
    this.load = workers.map(() => 0)
  }

  /** null when the compiled worker is not there (tests running the TypeScript sources). */
  static async create(count: number, options: PrepareWorkerData, groupSize = 32): Promise<PreparePool | null> {
    const file = fileURLToPath(new URL('./prepare-worker.js', import.meta.url))
    if (count < 1 || !existsSync(file)) return null
    const {Worker} = await import('node:worker_threads')
    const workers = Array.from({length: count}, () => new Worker(file, {workerData: options}))
    const pool = new PreparePool(workers, options, groupSize)
    workers.forEach((w, i) => {
      w.on('message', (m: PrepareReply | {ready: true}) => {
        if ('id' in m) pool.receive(m)
      })
      w.on('error', () => void pool.rescue(i))
    })
    return pool
  }

  prepare(file: FoundFile): Promise<PoolResult> {
    return new Promise((resolve) => {
      this.group.push({file, resolve})
      this.groupBytes += file.size
      if (this.group.length >= this.groupSize || this.groupBytes >= GROUP_BYTES) this.flush()
    })
  }

  /** Files waiting in the group not sent yet. */
  get unsent(): number {
    return this.group.length
  }

  /** Sends the partial group (the caller is about to wait for one of its files). */
  flush(): void {
    if (this.group.length === 0) return
    const jobs = this.group
    this.group = []
    this.groupBytes = 0
    let worker = -1
    for (let i = 0; i < this.workers.length; i++) if (this.load[i] >= 0 && (worker < 0 || this.load[i] < this.load[worker])) worker = i
    if (worker < 0) {
      void this.inline(jobs)
      return
    }
    const id = this.nextId++
    this.waiting.set(id, {worker, jobs})
    this.load[worker]++
    const req: PrepareRequest = {id, files: jobs.map((j) => ({path: j.file.path, size: j.file.size, mtimeMs: j.file.mtimeMs, root: j.file.root}))}
    this.workers[worker].postMessage(req)
  }

  private receive(m: PrepareReply): void {
    const w = this.waiting.get(m.id)
    if (!w) return
    this.waiting.delete(m.id)
    this.load[w.worker]--
    const all = new Uint8Array(m.buffer)
    const results = typeof m.results === 'string' ? (JSON.parse(m.results) as PrepareResult[]) : m.results
    results.forEach((r, i) => {
      w.jobs[i].resolve(r.ok ? {ok: true, bytes: all.subarray(r.offset, r.offset + r.length), prepared: r.prepared} : r)
    })
  }

  /** A worker failed: its outstanding groups are prepared here, and it gets no more work. */
  private async rescue(worker: number): Promise<void> {
    this.load[worker] = -1
    for (const [id, w] of [...this.waiting]) {
      if (w.worker !== worker) continue
      this.waiting.delete(id)
      await this.inline(w.jobs)
    }
  }

  private async inline(jobs: Job[]): Promise<void> {
    await loadClassifier()
    const categories = this.options.categories ? new Set(this.options.categories) : undefined
    for (const j of jobs) {
      const read = readSourceFile(j.file.path, j.file.size, this.options.maxFileSize)
      if (!read.ok) j.resolve({ok: false, reason: read.reason, expected: read.expected})
      else j.resolve({ok: true, bytes: read.bytes, prepared: prepareDocument(read.bytes, {path: j.file.path, mtime: new Date(j.file.mtimeMs), root: j.file.root}, categories)})
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}
