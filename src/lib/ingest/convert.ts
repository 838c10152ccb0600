import {existsSync} from 'node:fs'
import {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {openScan, type DiscoverOptions} from './discover.js'
import {LedgerIndex} from './ledger-index.js'
import type {ParquetExportResult} from './parquet-export.js'
import {DEFAULT_MAX_FILE_SIZE} from './read-file.js'
import type {RawCompressor} from './raw-compressor.js'
import {rawStorageOf} from './raw-storage.js'
import {ScanAhead} from './scan-ahead.js'
import {InputRoots} from './input-roots.js'
import {IngestSession} from './session.js'
import {submitFiles} from './submit-files.js'
import type {FileOutcome, RunSummary} from './summary.js'
import type {Category} from './types.js'
import {ciContext} from './context/ci-env.js'
import {applySettings, bulkSettings, restoreSettings} from './convert-memory.js'
import {checkContext, type ExplicitContextInput} from './context/explicit.js'

export interface ConvertOptions extends DiscoverOptions {
  categories?: Category[]
  dryRun?: boolean
  maxFileSize?: number
  parquetDir?: string
  /** Keep every file's outcome in the result (dry runs always do). */
  listFiles?: boolean
  batchFiles?: number
  /** Input bytes between checkpoints (default CHECKPOINT_BYTES, convert-memory.ts): DuckDB holds what was written since the last one. */
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
  /**
   * Run context for every file this run ingests, over what the files say (checked first: a bad
   * value is a usage error and nothing is written). Files already stored keep their context.
   */
  context?: ExplicitContextInput
  /** DuckDB's buffer pool during the run (default: BENCHDB_CONVERT_MEMORY_LIMIT, else 64MB; see convert-memory.ts). */
  memoryLimit?: string
  /** Environment to read the CI job's context from (default process.env; false: none). */
  env?: Record<string, string | undefined> | false
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
 * `db:convert`: scan, compare with the ledger, ingest what is new or changed, in batches of many
 * files per transaction. A dry run opens an existing database read-only (or plans against an
 * empty ledger when there is none) and writes nothing anywhere.
 */
export async function convertFiles(dbPath: string, options: ConvertOptions = {}): Promise<ConvertResult> {
  const dryRun = Boolean(options.dryRun)
  const context = checkContext(options.context)
  // Read (and checked) before anything is opened: a bad override is a usage error that writes nothing.
  const settings = options.dryRun ? [] : bulkSettings(options.memoryLimit)
  const ci = options.env === false ? undefined : ciContext(options.env ?? process.env)
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
  // From here the scan runs ahead in the background: it overlaps loading DuckDB, opening the file
  // and reading the ledger (waits on DuckDB's threads) instead of following them.
  const started = process.hrtime.bigint()
  const scan = new ScanAhead(discovery.batches())
  let bench: BenchDb | null = null
  let index: LedgerIndex | null = null
  try {
    bench = dryRun ? (existed ? await BenchDb.open(dbPath, {readOnly: true}) : null) : await BenchDb.open(dbPath)
    index = bench ? await LedgerIndex.load(bench.db, {dryRun}) : LedgerIndex.empty()
    // Not awaited: DuckDB reads the ledger while the scan goes on; lookups wait for it (see LedgerIndex.preload).
    void index.preload(discovery.scanned)
    const rawStorage = bench && !dryRun ? await rawStorageOf(bench.db) : 'deflate'
    // Instance-wide DuckDB settings for the bulk write (buffer pool cap, allocator purging, the
    // session's own checkpoints: see convert-memory.ts), put back in `finally` for other users of
    // the same instance, and before a Parquet export, whose partitioned COPY keeps a row group open
    // per partition and would spill to disk under the 64 MB cap.
    if (bench && !dryRun) restore = await applySettings(bench.db, settings)
    // Asked now, while the scan runs: still true at the end if the run writes nothing.
    const rollupCurrent = bench && !dryRun ? await rollupCoversTables(bench) : false
    compressor = dryRun || rawStorage === 'column' ? null : await (await import('./raw-compressor.js')).RawCompressor.create()
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
      context,
      ciContext: ci,
      roots: new InputRoots(discovery.scanned, options.cwd ?? process.cwd()),
    })
    if (options.onStart) {
      let total = 0
      for await (const _ of discovery.items()) total++
      options.onStart(total)
    }
    await submitFiles(session, scan, {
      maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      categories: options.categories,
      workers: options.workers,
      onProgress: options.onProgress,
    })
    await session.finish()
    // Timed from the start of the scan, which now overlaps opening the database (the session's
    // own clock starts after the open, when much of the scan is done).
    const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9
    const summary = {...session.summary.finish(), elapsedSeconds}
    summary.filesPerSecond = elapsedSeconds > 0 ? summary.scanned / elapsedSeconds : 0
    // Unchanged and skipped files write nothing; every other outcome may have.
    const wrote = summary.scanned - summary.unchanged - summary.skipped > 0
    // Checkpointed before the rollup refresh: until then DuckDB holds the rows written since the
    // last checkpoint in its capped pool, and the refresh's aggregate over every row then ran out
    // of it (1 GB of 1-10 KB files: "failed to allocate data of size 1.9 MiB (59.4 MiB/61.0 MiB used)").
    if (bench && !dryRun && wrote) await bench.checkpoint()
    // Reports read the rollup (report/rollup.ts): refreshed after a run that wrote, or when it lags.
    if (bench && !dryRun && (wrote || !rollupCurrent)) {
      await (await import('../report/rollup.js')).refreshRollup(bench)
      await bench.checkpoint()
    }
    let parquet: ParquetExportResult | null = null
    if (options.parquetDir && !dryRun && bench) {
      await restoreSettings(bench.db, restore)
      restore = []
      parquet = await (await import('./parquet-export.js')).exportParquet(bench.db, options.parquetDir)
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
    await scan.close()
    await index?.dispose()
    await compressor?.close()
    if (bench) await restoreSettings(bench.db, restore).catch(() => undefined)
    bench?.close()
  }
}

/**
 * Whether the performance rollup covers the tables as they are, so that a refresh would have
 * nothing to do: the rollup's own check (rollupCoverage, what its readers use) passes with no
 * rows above its watermark. A run that writes nothing then skips the refresh (~15-30 ms of a
 * no-op rerun, in a transaction); when it fails, an earlier run was stopped between its last
 * commit and its refresh (or rows changed under the rollup), and even a run that writes nothing
 * refreshes it.
 */
async function rollupCoversTables(bench: BenchDb): Promise<boolean> {
  const coverage = await (await import('../report/rollup.js')).rollupCoverage(bench)
  return coverage !== null && coverage.rowsAbove === 0
}
