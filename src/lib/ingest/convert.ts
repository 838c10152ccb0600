import {existsSync} from 'node:fs'
import {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {openScan, type DiscoverOptions} from './discover.js'
import {LedgerIndex} from './ledger-index.js'
import {exportParquet, type ParquetExportResult} from './parquet-export.js'
import {DEFAULT_MAX_FILE_SIZE} from './read-file.js'
import {RawCompressor} from './raw-compressor.js'
import {rawStorageOf} from './raw-storage.js'
import {IngestSession} from './session.js'
import {submitFiles} from './submit-files.js'
import type {FileOutcome, RunSummary} from './summary.js'
import type {Category} from './types.js'

export interface ConvertOptions extends DiscoverOptions {
  categories?: Category[]
  dryRun?: boolean
  maxFileSize?: number
  parquetDir?: string
  /** Keep every file's outcome in the result (dry runs always do). */
  listFiles?: boolean
  batchFiles?: number
  /** Input bytes between checkpoints (default 64 MB): DuckDB holds what was written since the last one. */
  checkpointBytes?: number
  /** Worker threads reading, hashing, parsing and classifying files (default: one per core; 0: none). */
  workers?: number
  onFile?: (o: FileOutcome) => void
  /**
   * Called with the number of paths to decide before any is decided. Asking for it costs one
   * extra walk of the tree (a count, nothing kept): only progress bars should.
   */
  onStart?: (total: number) => void
  onProgress?: (done: number) => void
}

export interface ConvertResult {
  db: string
  /** The database did not exist before (or, in a dry run, would be created). */
  createdDatabase: boolean
  scannedDirs: string[]
  missingDirs: string[]
  summary: RunSummary
  /** Rejected and unrecognized files with reasons (always listed). */
  problems: FileOutcome[]
  /** Every file's outcome (dry runs and --json); null otherwise. */
  files: FileOutcome[] | null
  parquet: ParquetExportResult | null
}

/**
 * Instance-wide DuckDB settings for the run, put back afterwards for other users of the same
 * instance. `checkpoint_threshold`: the session checkpoints every ~64 MB of input itself.
 * `memory_limit`: see convertFiles.
 */
export const BULK_SETTINGS: Array<[string, string]> = [
  ['checkpoint_threshold', '1GB'],
  ['memory_limit', '64MB'],
]

/** Sets each setting; returns the previous values. */
async function applySettings(db: BenchDb['db'], settings: Array<[string, string]>): Promise<Array<[string, string]>> {
  const before: Array<[string, string]> = []
  for (const [name, value] of settings) {
    before.push([name, await db.scalar<string>(`SELECT current_setting('${name}')`)])
    await db.run(`SET ${name} = '${value.replace(/'/g, '')}'`)
  }
  return before
}

/**
 * `db:convert`: scan, compare with the ledger, ingest what is new or changed, in batches of many
 * files per transaction. A dry run opens an existing database read-only (or plans against an
 * empty ledger when there is none) and writes nothing anywhere.
 */
export async function convertFiles(dbPath: string, options: ConvertOptions = {}): Promise<ConvertResult> {
  const dryRun = Boolean(options.dryRun)
  const discovery = openScan(options)
  if (options.inputDirs?.length && discovery.missing.length > 0) {
    throw new BenchError('io', `input directory ${discovery.missing[0]} does not exist (or is not a directory)`, {file: discovery.missing[0]})
  }
  if (discovery.scanned.length === 0) {
    throw new BenchError('usage', `no input directory found: ${discovery.missing.join(', ')}`, {
      hint: 'Pass --input-dir DIR, or run in a directory holding performance_results/, benchmark_results/, ...',
    })
  }
  const existed = existsSync(dbPath)
  let compressor: RawCompressor | null = null
  let restore: Array<[string, string]> = []
  const bench = dryRun ? (existed ? await BenchDb.open(dbPath, {readOnly: true}) : null) : await BenchDb.open(dbPath)
  let index: LedgerIndex | null = null
  try {
    index = bench ? await LedgerIndex.load(bench.db, {dryRun}) : LedgerIndex.empty()
    const rawStorage = bench && !dryRun ? await rawStorageOf(bench.db) : 'deflate'
    // The session checkpoints every ~64 MB of input; DuckDB's own WAL-size trigger (16 MB) would
    // checkpoint mid-batch far more often now that raw documents enter the WAL uncompressed, and
    // every extra checkpoint rewrites the open row groups and leaves free blocks in the file.
    // (An instance-wide setting: put back in `finally` for other users of the same instance.)
    // DuckDB's buffer pool may grow to 80 % of RAM by default, and during a bulk append it keeps
    // what it wrote cached: on 100k files that was most of a ~700 MB peak. The append needs far
    // less (the open batch and the checkpoint), so the run is capped (see BULK_SETTINGS): on the
    // 1 GB corpus 128 MB peaked 45 MB lower than 256 MB, and 64 MB another ~80 MB lower (524 ->
    // 444-450 MiB), with no measurable change in speed at 10,000 files (ART indexes load lazily
    // and are evictable, and DuckDB spills what it must, so the cap does not bound the database).
    // The Parquet export runs after the cap is lifted: partitioned COPY keeps a row group open per
    // partition, which a 64 MB pool would spill to disk.
    if (bench && !dryRun) restore = await applySettings(bench.db, BULK_SETTINGS)
    compressor = dryRun || rawStorage === 'column' ? null : await RawCompressor.create()
    const session = new IngestSession(bench, index, {
      compressor: compressor ?? undefined,
      rawStorage,
      categories: options.categories ? new Set(options.categories) : undefined,
      dryRun,
      keepFiles: dryRun || Boolean(options.listFiles),
      batchFiles: options.batchFiles,
      checkpointBytes: options.checkpointBytes,
      onFile: options.onFile,
      collectAfterFlush: !dryRun,
    })
    if (options.onStart) {
      let total = 0
      for await (const _ of discovery.items()) total++
      options.onStart(total)
    }
    await submitFiles(session, discovery.items(), {
      maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      categories: options.categories,
      workers: options.workers,
      onProgress: options.onProgress,
    })
    await session.finish()
    const summary = session.summary.finish()
    if (bench && !dryRun) await (await import('../report/rollup.js')).refreshRollup(bench) // reports read it (report/rollup.ts)
    if (bench && !dryRun && summary.scanned - summary.unchanged - summary.skipped > 0) await bench.checkpoint()
    let parquet: ParquetExportResult | null = null
    if (options.parquetDir && !dryRun && bench) {
      await applySettings(bench.db, restore)
      restore = []
      parquet = await exportParquet(bench.db, options.parquetDir)
    }
    return {
      db: dbPath,
      createdDatabase: !existed,
      scannedDirs: discovery.scanned,
      missingDirs: options.inputDirs?.length ? [] : discovery.missing,
      summary,
      problems: session.summary.problems,
      files: session.summary.files,
      parquet,
    }
  } finally {
    await index?.dispose()
    await compressor?.close()
    if (bench) await applySettings(bench.db, restore).catch(() => undefined)
    bench?.close()
  }
}
