import type {FoundFile, ScanItem} from './discover.js'
import type {PoolResult, PreparePool} from './prepare-pool.js'
import {expectsJson} from './text-input.js'
import {readSourceFile} from './read-file.js'
import {sha256Hex} from './sha256.js'
import type {IngestSession} from './session.js'
import type {Category} from './types.js'
import {reckonedBytes, WINDOW_BYTES, WINDOW_FILES} from './convert-memory.js'

export interface SubmitFilesOptions {
  maxFileSize: number
  categories?: Category[]
  /** Worker threads that read, hash, parse and classify; default one per core, 0 = all inline. */
  workers?: number
  /** Fewer files than this to read in a chunk (and no pool yet) are done inline (starting workers costs more). */
  minFilesForWorkers?: number
  onProgress?: (done: number) => void
  /** Scanned paths per ledger lookup (default CHUNK_FILES; tests make it small). */
  chunkFiles?: number
}

/**
 * What is prepared ahead of the file being decided is bounded by bytes, not by a file count: a
 * prepared file holds its bytes plus its parsed, mapped rows, so 2,500 files of 10 KB held ~10x
 * what 2,500 files of 1 KB did, and 2,500 files of 1 MB would have been gigabytes. Each file is
 * reckoned at its size plus a fixed cost, and the window holds WINDOW_BYTES of that (see
 * convert-memory.ts): ~570 files of 10 KB, ~1,600 of 1 KB, ~8 of 1 MB. That keeps the workers
 * busy while the main thread writes a batch without letting file size decide the memory.
 */
export {WINDOW_BYTES, WINDOW_FILES}
/** Scanned paths looked up in the ledger with one query (a no-op rerun is these lookups and nothing else). */
export const CHUNK_FILES = 8192
const FIRST_CHUNK_FILES = 512

/** A file read on the main thread (no pool): bytes and hash; parsed later by the session. */
type InlineResult = ReturnType<typeof readSourceFile> & {sha256?: string}
type Result = PoolResult | InlineResult

interface Ahead {
  item: ScanItem
  /** null: unchanged (listing mode); undefined: a problem. */
  result?: Promise<Result> | null
  /** The result once settled (so settled ones can have their hashes looked up together). */
  value?: Result
}

/**
 * Feeds scanned files to the session in scan order, streaming: the scan is consumed a chunk of
 * CHUNK_FILES paths at a time, the chunk's ledger rows are fetched with one query, unchanged
 * files (same path, size and mtime as the ledger) take the fast path and are never read. The rest
 * are read, hashed, parsed and classified on worker threads (inline when a chunk has few of them
 * and no pool was started); before a file is decided, the hashes of all files prepared ahead of
 * it are looked up in the ledger with one query (duplicates). Either way the session takes them
 * one by one in scan order, so its ledger decisions and batches are those of a single-threaded
 * run, and what is held in memory is bounded by the chunk and the window, not the tree.
 */
export async function submitFiles(session: IngestSession, scan: AsyncIterable<ScanItem>, options: SubmitFilesOptions): Promise<void> {
  let done = 0
  const progress = () => {
    if ((++done & 255) === 0) options.onProgress?.(done)
  }
  // Decided (and the pool's module loaded) at the first chunk with files to read: a no-op run has none.
  let setting: {count: number; explicit: boolean} | undefined
  let pool: PreparePool | null = null
  let unchanged = 0
  const ahead: Ahead[] = []
  let aheadBytes = 0
  let aheadPrepared = 0
  const index = session.index

  const take = async () => {
    const head = ahead[0]
    if (head.result) {
      if (!head.value) {
        if (pool && aheadPrepared <= pool.unsent) pool.flush()
        await head.result
      }
      // One query for the hashes of every file already prepared ahead (the head among them).
      const headSha = shaOf(head.value!)
      if (headSha && index.peekContent(headSha) === undefined) {
        const shas: string[] = []
        for (const a of ahead) {
          const sha = a.value ? shaOf(a.value) : undefined
          if (sha && index.peekContent(sha) === undefined) shas.push(sha)
        }
        await index.lookupContents(shas)
      }
    }
    ahead.shift()
    const {item, result, value} = head
    if (item.kind === 'problem') await session.submitProblem(item.path, null, null, item.reason, item.expected)
    else if (result === null) session.recordUnchanged(item.path)
    else {
      aheadBytes -= reckonedBytes(item.size)
      aheadPrepared--
      await submitResult(session, item, value!)
    }
    progress()
  }

  try {
    for await (const chunk of chunks(scan, options.chunkFiles ?? CHUNK_FILES)) {
      await index.lookupPaths(chunk.map((i) => i.path))
      // Once per path (each path appears once in a scan, so the verdict cannot change meanwhile).
      const same = chunk.map((i) => i.kind === 'file' && session.isUnchanged(i.path, i.size, i.mtimeMs))
      let toRead = 0
      for (let k = 0; k < chunk.length; k++) if (chunk[k].kind === 'file' && !same[k]) toRead++
      if (!pool && toRead > 0) {
        const {PreparePool, workerSetting} = await import('./prepare-pool.js')
        setting ??= options.workers === undefined ? workerSetting() : {count: options.workers, explicit: true}
        const minFiles = setting.explicit ? 1 : (options.minFilesForWorkers ?? 256)
        if (toRead >= minFiles && setting.count > 0) {
          pool = await PreparePool.create(Math.min(setting.count, Math.ceil(toRead / 64)), {categories: options.categories ?? null, maxFileSize: options.maxFileSize})
        }
      }
      for (const [k, item] of chunk.entries()) {
        if (item.kind === 'problem') ahead.push({item})
        else if (same[k]) {
          // Listing mode reports each file, in order; otherwise a bare count keeps a 100k-file no-op run cheap.
          if (session.keepsFiles) ahead.push({item, result: null})
          else {
            unchanged++
            progress()
          }
        } else {
          const entry: Ahead = {item}
          if (pool) {
            entry.result = pool.prepare(item)
            void entry.result.then((v) => (entry.value = v))
          } else {
            entry.value = readInline(item, options.maxFileSize)
            entry.result = Promise.resolve(entry.value)
          }
          ahead.push(entry)
          aheadBytes += reckonedBytes(item.size)
          aheadPrepared++
        }
        while (ahead.length > WINDOW_FILES || aheadBytes > WINDOW_BYTES) await take()
      }
    }
    pool?.flush()
    while (ahead.length) await take()
  } finally {
    await pool?.close()
  }
  session.countUnchanged(unchanged)
  options.onProgress?.(done)
}

/** The scan in groups of `size` items (the last one shorter). */
async function* chunks(scan: AsyncIterable<ScanItem>, size: number): AsyncGenerator<ScanItem[]> {
  let chunk: ScanItem[] = []
  // The first chunk is short: whether worker threads are needed is decided on it, and a worker
  // takes a few hundred ms to start, which should overlap the scan of the rest, not follow it.
  let limit = Math.min(size, FIRST_CHUNK_FILES)
  for await (const item of scan) {
    chunk.push(item)
    if (chunk.length >= limit) {
      yield chunk
      chunk = []
      limit = size
    }
  }
  if (chunk.length) yield chunk
}

function readInline(f: FoundFile, maxFileSize: number): InlineResult {
  const r: InlineResult = readSourceFile(f.path, f.size, maxFileSize)
  if (r.ok) r.sha256 = sha256Hex(r.bytes)
  return r
}

function shaOf(r: Result): string | undefined {
  if (!r.ok) return undefined
  return 'prepared' in r ? r.prepared.sha256 : r.sha256
}

async function submitResult(session: IngestSession, f: FoundFile, r: Result): Promise<void> {
  if (!r.ok) {
    // An unreadable, empty or oversized .log is not known to be a result file: reported, not recorded.
    if (expectsJson(f.path)) await session.submitProblem(f.path, f.size, f.mtimeMs, r.reason, r.expected)
    else session.recordNotResult(f.path, r.reason)
  }
  else {
    const bytes = Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength)
    await session.submit({path: f.path, size: f.size, mtimeMs: f.mtimeMs, bytes, sha256: shaOf(r), root: f.root}, 'prepared' in r ? r.prepared : undefined)
  }
}
