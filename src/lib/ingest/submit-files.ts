import type {FoundFile} from './discover.js'
import {PreparePool, workerSetting, type PoolResult} from './prepare-pool.js'
import {readSourceFile} from './read-file.js'
import type {IngestSession} from './session.js'
import type {Category} from './types.js'

export interface SubmitFilesOptions {
  maxFileSize: number
  categories?: Category[]
  /** Worker threads that read, hash, parse and classify; default one per core, 0 = all inline. */
  workers?: number
  /** Fewer files than this to read are done inline (starting workers costs more). */
  minFilesForWorkers?: number
  onProgress?: (done: number) => void
  /** Files already counted (problems submitted before). */
  done?: number
}

/** Files (and input bytes) prepared ahead of the one being decided: bounds memory while keeping workers busy. */
const WINDOW_FILES = 1024
const WINDOW_BYTES = 64 * 1024 * 1024

/**
 * Feeds scanned files to the session in scan order. Unchanged files (same path, size and mtime
 * as the ledger) take the fast path and are never read. The rest are read, hashed, parsed and
 * classified on worker threads when there are enough of them, inline otherwise; either way the
 * session takes them one by one in the same order, so its ledger decisions and batches are the
 * same as a single-threaded run's.
 */
export async function submitFiles(session: IngestSession, files: FoundFile[], options: SubmitFilesOptions): Promise<void> {
  let done = options.done ?? 0
  const progress = () => {
    if ((++done & 255) === 0) options.onProgress?.(done)
  }
  const toRead = files.filter((f) => !session.isUnchanged(f.path, f.size, f.mtimeMs)).length
  const setting = options.workers === undefined ? workerSetting() : {count: options.workers, explicit: true}
  const minFiles = setting.explicit ? 1 : (options.minFilesForWorkers ?? 256)
  const workers = Math.min(setting.count, Math.ceil(toRead / 64))
  const pool = toRead >= minFiles ? await PreparePool.create(workers, {categories: options.categories ?? null, maxFileSize: options.maxFileSize}) : null
  let unchanged = 0
  try {
    const ahead: Array<{file: FoundFile; result: Promise<PoolResult> | null}> = []
    let aheadBytes = 0
    let aheadPrepared = 0
    const take = async () => {
      const {file, result} = ahead.shift()!
      if (result) {
        aheadBytes -= file.size
        aheadPrepared--
      }
      if (!result) session.recordUnchanged(file.path)
      else await submitResult(session, file, await result)
      progress()
    }
    for (const f of files) {
      if (session.isUnchanged(f.path, f.size, f.mtimeMs)) {
        // Listing mode reports each file, in order; otherwise a bare count keeps a 100k-file no-op run cheap.
        if (session.keepsFiles) ahead.push({file: f, result: null})
        else {
          unchanged++
          progress()
        }
      } else if (pool) {
        ahead.push({file: f, result: pool.prepare(f)})
        aheadBytes += f.size
        aheadPrepared++
        while (ahead.length > WINDOW_FILES || aheadBytes > WINDOW_BYTES) {
          // The oldest file may still sit in the pool's unsent group (only with very large files).
          if (aheadPrepared <= pool.unsent) pool.flush()
          await take()
        }
      } else {
        await submitResult(session, f, readSourceFile(f.path, f.size, options.maxFileSize))
        progress()
      }
      if (!pool) while (ahead.length) await take()
    }
    pool?.flush()
    while (ahead.length) await take()
  } finally {
    await pool?.close()
  }
  session.countUnchanged(unchanged)
  options.onProgress?.(done)
}

async function submitResult(session: IngestSession, f: FoundFile, r: PoolResult | ReturnType<typeof readSourceFile>): Promise<void> {
  if (!r.ok) await session.submitProblem(f.path, f.size, f.mtimeMs, r.reason, r.expected)
  else await session.submit({path: f.path, size: f.size, mtimeMs: f.mtimeMs, bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength)}, 'prepared' in r ? r.prepared : undefined)
}
