import type {Database} from '../db/connection.js'
import {BenchError} from '../errors.js'

/**
 * The memory budget of a bulk convert: what the run may hold in flight, bounded by bytes so that
 * the size of the files does not decide the peak (issue #16: < 512 MB RSS for 1 GB of JSON whatever
 * the file sizes). Measured on 128 MB corpora of 1-10 KB, 100 KB-1 MB and mixed files, and on 1 GB
 * of 1-10 KB files (docs/db-convert.md#memory-whatever-the-file-sizes has the figures).
 *
 * Where the peak went before these bounds (1-10 KB files, 128 MB, sampled from /proc/PID/smaps and
 * process.memoryUsage): ~100 MB fixed (node, oclif, libduckdb mapped, schema); ~150 MB of V8 heap
 * pages (main thread ~120 MB: the 32 MB batch and the 32 MB prepare-ahead window, parsed, plus
 * their garbage; each worker ~30 MB); ~55 MB of Buffers (raw bytes of the batch and the window);
 * ~200 MB of native memory in DuckDB's allocator (jemalloc), of which only ~50 MB is its buffer
 * pool (duckdb_memory()): the rest is freed memory jemalloc kept (dirty pages purged lazily) and
 * allocations outside the pool (appender chunks, the transaction's local storage, the WAL).
 */

/**
 * A file is reckoned at its size plus this: its ledger entry, outcome, promise and path strings
 * cost ~2-4 KB whatever its size, so 8 MB of 1 KB files is not 8 MB of memory.
 */
export const PER_FILE_BYTES = 4096

/** What one file counts against the window and the batch budgets. */
export function reckonedBytes(size: number): number {
  return size + PER_FILE_BYTES
}

/**
 * Files prepared ahead of the one being decided (read, hashed, parsed, mapped on the workers),
 * reckoned as above. Parsed and mapped, a file holds several times its bytes in the main thread's
 * heap, so this bounds most of that heap. 8 MB still keeps the workers busy while the main thread
 * writes a batch, since a batch (below) is no larger: 32 MB for both peaked ~70 MB higher at the
 * same CPU time (128 MB of 1-10 KB files: 458 -> 386 MB).
 */
export const WINDOW_BYTES = 8 * 1024 * 1024

/** A cap on the window's file count too, for the one ledger query that looks up every prepared file's hash. */
export const WINDOW_FILES = 8192

/**
 * Reckoned input bytes that end a batch (one transaction), besides its file count. A batch holds
 * its documents' rows twice while it is written (as prepared, then copied into one array per
 * table) and DuckDB holds them again in the appender and the transaction, so its memory is ~3-4x
 * this. Smaller batches cost commits: at 8 MB a batch of 1-10 KB files is ~1,600 files.
 */
export const BATCH_BYTES = 8 * 1024 * 1024

/** Files that end a batch whatever their bytes. */
export const BATCH_FILES = 5000

/**
 * A full V8 collection follows every this many reckoned bytes written (see gc.ts): counted in
 * bytes rather than files, so that batches of a few large files (whose parsed documents are the
 * garbage) are collected too. After every 8 MB batch it cost ~25 % more CPU on 1-10 KB files for
 * ~60 MB less peak; never, ~60 MB more; every other batch is the compromise.
 */
export const COLLECT_AFTER_BYTES = 2 * BATCH_BYTES

/**
 * Input bytes between the checkpoints the session makes itself (DuckDB's WAL-size trigger is held
 * off, see bulkSettings). A checkpoint bounds the WAL (the replay after a crash) and writes out
 * what DuckDB holds of the data written since the last one; but each one also rewrites the
 * tables' open row groups, and the blocks they held stay free in the file: on 128 MB of 1-10 KB
 * files, checkpoints every 16 / 64 MB left 228 / 162 free blocks of 64 KB (the file 63 % / 45 %
 * larger than its 363 used blocks), none at all without intermediate checkpoints, at the same
 * peak RSS. 128 MB halves the rewrites of 64 MB.
 */
export const CHECKPOINT_BYTES = 128 * 1024 * 1024

/** DuckDB's buffer pool during a convert; `BENCHDB_CONVERT_MEMORY_LIMIT` overrides it. */
export const CONVERT_MEMORY_LIMIT = '64MB'

const SIZE = /^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i

/**
 * Instance-wide DuckDB settings for the run (put back afterwards, and before a Parquet export):
 * - `checkpoint_threshold` 1GB: the session checkpoints every CHECKPOINT_BYTES of input itself; DuckDB's own
 *   WAL-size trigger (16 MB) would checkpoint mid-batch far more often now that raw documents
 *   enter the WAL uncompressed, and each checkpoint rewrites the open row groups.
 * - `memory_limit` 64MB: the buffer pool may grow to 80 % of RAM by default and keeps what a bulk
 *   append wrote cached (most of a ~700 MB peak on 100k files); the append needs far less, ART
 *   indexes load lazily and are evictable, and DuckDB spills what it must to `<db>.tmp`, so the cap
 *   does not bound the database. `BENCHDB_CONVERT_MEMORY_LIMIT=256MB` (any DuckDB size) raises it.
 * - `allocator_background_threads` true and `allocator_flush_threshold` 4MB: memory DuckDB frees
 *   goes back to jemalloc, which returns it to the system only lazily (dirty pages), so a
 *   batch-sized working set stayed resident after each batch; with a background thread purging
 *   and a flush after any task that allocated 4 MB, 128 MB of 1-10 KB files peaked 40-90 MB lower
 *   (565 -> 473-484 MB) at the same CPU time.
 */
export function bulkSettings(memoryLimit = process.env.BENCHDB_CONVERT_MEMORY_LIMIT): Array<[string, string]> {
  const limit = memoryLimit?.trim() || CONVERT_MEMORY_LIMIT
  if (!SIZE.test(limit)) {
    throw new BenchError('usage', `DuckDB memory limit ${JSON.stringify(limit)} (BENCHDB_CONVERT_MEMORY_LIMIT) is not a size`, {
      hint: 'Give a size DuckDB accepts for memory_limit, e.g. 64MB, 256MB or 1GB.',
    })
  }
  return [
    ['checkpoint_threshold', '1GB'],
    ['memory_limit', limit.replace(/\s+/g, '')],
    ['allocator_background_threads', 'true'],
    ['allocator_flush_threshold', '4MB'],
  ]
}

/** Sets each setting; returns the previous values (as DuckDB shows them). Two statements whatever the number of settings. */
export async function applySettings(db: Database, settings: Array<[string, string]>): Promise<Array<[string, string]>> {
  if (settings.length === 0) return []
  const current = await showSettings(db, settings)
  await db.run(settings.map(([name, value]) => `SET ${name} = '${value.replace(/'/g, '')}';`).join(' '))
  return settings.map(([name], i) => [name, current[i]])
}

/**
 * Puts back what applySettings returned. DuckDB shows sizes rounded (a default memory_limit of
 * 80 % of RAM reads '18.8 GiB'), so setting the shown value back would change it: each setting is
 * RESET to its default first, and set to the shown value only where that default differs from it.
 */
export async function restoreSettings(db: Database, previous: Array<[string, string]>): Promise<void> {
  if (previous.length === 0) return
  await db.run(previous.map(([name]) => `RESET ${name};`).join(' '))
  const now = await showSettings(db, previous)
  const differ = previous.filter(([, value], i) => now[i] !== value)
  if (differ.length) await db.run(differ.map(([name, value]) => `SET ${name} = '${value.replace(/'/g, '')}';`).join(' '))
}

async function showSettings(db: Database, settings: Array<[string, string]>): Promise<string[]> {
  const row = await db.one<Record<string, string>>(`SELECT ${settings.map(([name], i) => `current_setting('${name}') AS s${i}`).join(', ')}`)
  return settings.map((_, i) => String(row?.[`s${i}`]))
}
