import {BenchDb} from '../db/bench-db.js'
import {Database} from '../db/connection.js'
import {readSchemaVersion} from '../db/migrate.js'
import {
  bucketOf, GROUP_KEYS, mergeColumn, PERCENTILE_METRICS, partialAggregates, ROLLUP_METRICS, ROLLUP_STATE_TABLE, ROLLUP_TABLE,
  ROLLUP_TOTAL_TABLE, ROLLUP_VALUE_COLUMNS, SAMPLE_JOIN, sampleQuantilesCte,
} from './rollup-sql.js'
import {evTime, RUN_TIMES} from './scope.js'

/**
 * The persistent performance rollup (schema v3): partial aggregates of performance_results per
 * month of evidence time x model x hardware x batch size x precision x simulated x machine (v8), so a report over
 * a million rows merges tens of thousands of partials instead of scanning every row.
 *
 * It needs no hook in the writers to stay correct. It records what it covers (every row with
 * `result_id <= watermark`, how many there were, how many raw samples they had, and a fingerprint
 * of the run times of runs up to `run_watermark`); a reader (rollupCoverage) checks those against
 * the tables with cheap counts and then reads rollup + an exact scan of the rows above the
 * watermark. Rows are never updated in place in benchdb (a changed file's rows are deleted and
 * rewritten with new ids, see ingest/writer.ts retireVersions), and result ids come from a
 * sequence, so a delete under the watermark changes the count: the reader then falls back to a
 * direct scan of the table until the next refresh rebuilds the rollup.
 *
 * Refreshing (refreshRollup) appends the partials of new rows (cheap, proportional to what was
 * added), compacts the appended partials now and then, and rebuilds from scratch when the check
 * fails. Writers call it after they commit: the end of db:convert, and the API's write lane
 * after a quiet moment (api/write-queue.ts). db:maintain does not: a restored backup must stay
 * byte-identical to the backup.
 */
export const STATE_ROW_ID = 1
/** Appended partial sets merged by a compaction once there are more than this many. */
const MAX_SEGMENTS = 8

export interface RollupCoverage {
  /** Highest performance_results.result_id whose row is in the rollup (0: none). */
  watermark: number
  /** Rows above the watermark (to scan exactly). */
  rowsAbove: number
  /** One row per key (compacted since the last append): readable without merging. */
  compact: boolean
}

export interface RollupRefresh {
  /** built: from scratch; appended: partials of new rows added; unchanged: nothing new; skipped: cannot (see reason). */
  action: 'built' | 'appended' | 'unchanged' | 'skipped'
  reason?: string
  /** performance_results rows the rollup covers after the refresh. */
  coveredRows: number
  /** Rows of the rollup table after the refresh. */
  rollupRows: number
  ms: number
}

// test_runs' evidence times and machines, fingerprinted: reports place a row in time by its run's
// start/end, and in a series by its run's machine.
const runsFingerprint = (where: string) =>
  `(SELECT coalesce(sum(hash(run_id, started_at, completed_at, machine)), 0)::VARCHAR FROM test_runs WHERE ${where})`

/**
 * Whether recorded coverage still holds, as one query on constants (correlated subqueries made
 * DuckDB join the whole table). Counts of the rows above the watermark read only the last row
 * groups (ids grow with insertion, so zone maps skip the rest); whole-table counts are metadata.
 */
const STATE_SQL = `SELECT watermark::DOUBLE AS watermark, covered_rows::DOUBLE AS "coveredRows", covered_samples::DOUBLE AS "coveredSamples",
  run_watermark::DOUBLE AS "runWatermark", runs_fingerprint AS "runsFingerprint", segments FROM ${ROLLUP_STATE_TABLE} WHERE id = ${STATE_ROW_ID}`

type RollupState = {
  watermark: number
  coveredRows: number
  coveredSamples: number
  runWatermark: number
  runsFingerprint: string
  segments: number
}

async function readState(db: Database): Promise<(RollupState & {valid: boolean; rowsAbove: number}) | null> {
  const s = await db.one<RollupState>(STATE_SQL)
  if (!s) return null
  const w = Math.floor(Number(s.watermark))
  const check = await db.one<{rowsAbove: number; valid: boolean}>(
    `SELECT a.n::DOUBLE AS "rowsAbove",
            (SELECT count(*) FROM performance_results) - a.n = ?
        AND (SELECT count(*) FROM performance_batch_results) - (SELECT count(*) FROM performance_batch_results WHERE result_id > ${w}) = ?
        AND ${runsFingerprint(`run_id <= ${Math.floor(Number(s.runWatermark))}`)} = ? AS valid
     FROM (SELECT count(*) AS n FROM performance_results WHERE result_id > ${w}) a`,
    [Number(s.coveredRows), Number(s.coveredSamples), s.runsFingerprint],
  )
  return {...s, watermark: w, rowsAbove: Number(check?.rowsAbove ?? 0), valid: Boolean(check?.valid)}
}

/** Whether the file has the rollup tables at all (schema v3; read-only opens of v2 files do not). */
export const hasRollup = (bench: BenchDb) => bench.schemaVersion >= 3

/** Whether its rollup is keyed by machine too (schema v8; read-only opens of older files are not). */
export const hasMachineRollup = (bench: BenchDb) => bench.schemaVersion >= 8

/**
 * What the rollup covers, if it can be used as it is: null when there is none (older schema,
 * never refreshed) or when rows it covers were deleted or changed since (readers then scan).
 */
export async function rollupCoverage(bench: BenchDb): Promise<RollupCoverage | null> {
  if (!hasRollup(bench)) return null
  // A read-only open cannot see the data change (no process can write the file meanwhile), so its
  // check holds for as long as it is open, like its schema version; writable opens check every time.
  if (bench.db.readOnly) {
    let known = readOnlyCoverage.get(bench)
    if (!known) readOnlyCoverage.set(bench, (known = checkCoverage(bench)))
    return known
  }
  return checkCoverage(bench)
}

const readOnlyCoverage = new WeakMap<BenchDb, Promise<RollupCoverage | null>>()

async function checkCoverage(bench: BenchDb): Promise<RollupCoverage | null> {
  const state = await readState(bench.db)
  return state?.valid ? {watermark: state.watermark, rowsAbove: state.rowsAbove, compact: state.segments === 1} : null
}

/**
 * Brings the rollup up to date with performance_results, in one transaction: appends the partials
 * of rows added since the last refresh, or rebuilds it when covered rows were deleted or changed
 * (or it was never built). Takes a BenchDb open for writing, or a database path (opened, refreshed
 * and closed). Read-only opens and files that cannot be migrated are skipped, not errors: reports
 * stay correct without the rollup, only slower. By path, a file older than schema version 3 is
 * skipped rather than migrated.
 */
export async function refreshRollup(target: BenchDb | string, options: {rebuild?: boolean} = {}): Promise<RollupRefresh> {
  if (typeof target === 'string') {
    // By path (a caller without an open BenchDb): never migrate a file as a side effect; an older file has no rollup.
    const db = await Database.open(target, {mustExist: true})
    let version: number
    try {
      version = await readSchemaVersion(db)
    } finally {
      db.close()
    }
    if (version < 3) return {action: 'skipped', reason: `schema version ${version} has no rollup`, coveredRows: 0, rollupRows: 0, ms: 0}
    const bench = await BenchDb.open(target, {mustExist: true})
    try {
      return await refreshRollup(bench, options)
    } finally {
      bench.close()
    }
  }
  const started = performance.now()
  const skipped = (reason: string): RollupRefresh => ({action: 'skipped', reason, coveredRows: 0, rollupRows: 0, ms: performance.now() - started})
  if (target.db.readOnly) return skipped('the database is open read-only')
  if (!hasRollup(target)) return skipped(`schema version ${target.schemaVersion} has no rollup`)
  return target.db.transaction(async (db) => {
    const now = await db.one<{maxId: number; rows: number; samples: number; maxRun: number}>(
      `SELECT (SELECT coalesce(max(result_id), 0) FROM performance_results)::DOUBLE AS "maxId",
              (SELECT count(*) FROM performance_results)::DOUBLE AS rows,
              (SELECT count(*) FROM performance_batch_results)::DOUBLE AS samples,
              (SELECT coalesce(max(run_id), 0) FROM test_runs)::DOUBLE AS "maxRun"`,
    )
    const maxId = Number(now!.maxId)
    const state = await readState(db)
    let action: 'built' | 'appended'
    let segments: number
    if (!state || !state.valid || options.rebuild) {
      await db.run(`DELETE FROM ${ROLLUP_TABLE}`)
      await db.run(`DELETE FROM ${ROLLUP_TOTAL_TABLE}`)
      await appendPartials(db, 0, maxId)
      action = 'built'
      segments = 1
    } else if (maxId > Number(state.watermark)) {
      await appendPartials(db, Number(state.watermark), maxId)
      action = 'appended'
      segments = state.segments + 1
      if (segments > MAX_SEGMENTS) {
        await compact(db)
        segments = 1
      }
    } else {
      // Nothing new: the recorded coverage still holds, so nothing is written.
      const rollupRows = Number(await db.scalar(`SELECT count(*)::DOUBLE FROM ${ROLLUP_TABLE}`))
      return {action: 'unchanged', coveredRows: Number(now!.rows), rollupRows, ms: performance.now() - started}
    }
    // Everything at or under maxId is covered now (ids above it do not exist in this snapshot).
    const samplesAbove = Number(await db.scalar(`SELECT count(*)::DOUBLE FROM performance_batch_results WHERE result_id > ?`, [maxId]))
    await db.run(`DELETE FROM ${ROLLUP_STATE_TABLE}`)
    await db.run(
      `INSERT INTO ${ROLLUP_STATE_TABLE} (id, watermark, covered_rows, covered_samples, run_watermark, runs_fingerprint, segments, refreshed_at)
       SELECT ${STATE_ROW_ID}, ?, ?, ?, ?, ${runsFingerprint('run_id <= ?')}, ?, now()::TIMESTAMP`,
      [maxId, Number(now!.rows), Number(now!.samples) - samplesAbove, Number(now!.maxRun), Number(now!.maxRun), segments],
    )
    const rollupRows = Number(await db.scalar(`SELECT count(*)::DOUBLE FROM ${ROLLUP_TABLE}`))
    return {action, coveredRows: Number(now!.rows), rollupRows, ms: performance.now() - started}
  })
}

/**
 * Adds the partials of rows with from < result_id <= to (raw-sample quantiles of those rows
 * included): per month to perf_rollup, and the same merged over months to perf_rollup_total.
 */
async function appendPartials(db: Database, from: number, to: number): Promise<void> {
  if (to <= from) return
  const range = (t: string) => `${t}result_id > ${Math.floor(from)} AND ${t}result_id <= ${Math.floor(to)}`
  await db.run(
    `CREATE TEMP TABLE perf_rollup_new AS
     WITH rt AS (${RUN_TIMES}), ${sampleQuantilesCte(PERCENTILE_METRICS, range(''))}
     SELECT ${bucketOf(evTime('pr'))} AS bucket, pr.model_id::INTEGER AS model_id, pr.hardware_id::INTEGER AS hardware_id,
            pr.batch_size AS batch_size, pr.precision AS precision, pr.is_simulated AS is_simulated, trm.machine AS machine,
            ${partialAggregates(ROLLUP_METRICS, {first: true, quantiles: PERCENTILE_METRICS}).join(', ')}
     FROM performance_results pr ${SAMPLE_JOIN} LEFT JOIN test_runs trm ON trm.run_id = pr.run_id, rt WHERE ${range('pr.')} GROUP BY ALL`,
  )
  try {
    await db.run(`INSERT INTO ${ROLLUP_TABLE} BY NAME SELECT * FROM perf_rollup_new`)
    await db.run(`INSERT INTO ${ROLLUP_TOTAL_TABLE} BY NAME ${mergedBy(GROUP_KEYS, 'perf_rollup_new')}`)
  } finally {
    await db.run('DROP TABLE perf_rollup_new')
  }
}

/** Rows of `table` merged to one per `keys`. */
const mergedBy = (keys: string[], table: string) =>
  `SELECT ${keys.join(', ')}, ${ROLLUP_VALUE_COLUMNS.map((c) => `${mergeColumn(c)} AS ${c}`).join(', ')} FROM ${table} GROUP BY ALL`

/** Merges the rows that share a key (appended partial sets) into one row per key, in both tables. */
async function compact(db: Database): Promise<void> {
  for (const [table, keys] of [[ROLLUP_TABLE, ['bucket', ...GROUP_KEYS]], [ROLLUP_TOTAL_TABLE, GROUP_KEYS]] as const) {
    await db.run(`CREATE TEMP TABLE perf_rollup_compacted AS ${mergedBy([...keys], table)}`)
    try {
      await db.run(`DELETE FROM ${table}`)
      await db.run(`INSERT INTO ${table} BY NAME SELECT * FROM perf_rollup_compacted`)
    } finally {
      await db.run('DROP TABLE perf_rollup_compacted')
    }
  }
}
