import {existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import type {Database} from '../db/connection.js'
import {BenchError} from '../errors.js'
import {CONTRACT_TABLES, LEDGER_TABLE} from '../../schema/sql/v1-tables.js'

/**
 * Parquet export: one dataset per table via DuckDB `COPY ... TO` with zstd. performance_results
 * is partitioned by hardware type (the column large stores filter on first), as hive directories
 * `hardware_type=cuda/`. Everything is written into a temporary sibling directory and renamed
 * into place, so a crash leaves either the previous export or the new one, never half of one.
 * The ledger is exported without its raw documents (they are the JSON files themselves).
 */
export const EXPORT_MARKER = '_benchdb_export.json'

export interface ParquetTable {
  table: string
  path: string
  rows: number
  readBack: number
  partitionedBy: string | null
}

export interface ParquetExportResult {
  dir: string
  tables: ParquetTable[]
  bytes: number
}

interface Dataset {
  table: string
  select: string
  partitionBy?: string
}

function datasets(): Dataset[] {
  return [
    ...CONTRACT_TABLES.map((t): Dataset =>
      t === 'performance_results'
        ? {table: t, select: `SELECT p.*, h.hardware_type FROM performance_results p JOIN hardware_platforms h USING (hardware_id)`, partitionBy: 'hardware_type'}
        : {table: t, select: `SELECT * FROM ${t}`},
    ),
    // Metrics that are not a contract column's exact meaning (tokens/s, TTFT, energy ...).
    {table: 'result_metrics', select: `SELECT * FROM result_metrics`},
    {table: LEDGER_TABLE, select: `SELECT * EXCLUDE (raw_document) FROM ${LEDGER_TABLE}`},
  ]
}

const quote = (p: string) => `'${p.replace(/'/g, "''")}'`

export async function exportParquet(db: Database, dir: string): Promise<ParquetExportResult> {
  const target = resolve(dir)
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new BenchError('usage', `${dir} exists and is not a directory`, {file: dir})
    const entries = readdirSync(target)
    if (entries.length > 0 && !entries.includes(EXPORT_MARKER)) {
      throw new BenchError('usage', `refusing to replace ${dir}: it is not empty and holds no earlier benchdb export`, {
        file: dir,
        hint: 'Choose an empty or new --parquet-dir; an earlier export there is replaced as a whole.',
      })
    }
  } else if (!existsSync(dirname(target))) {
    throw new BenchError('io', `directory ${dirname(target)} does not exist`, {file: dir})
  }
  const stamp = `${process.pid}-${Date.now()}`
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${stamp}`)
  mkdirSync(tmp)
  try {
    const tables: ParquetTable[] = []
    for (const d of datasets()) {
      const rows = Number(await db.scalar(`SELECT count(*) FROM ${d.table}`))
      let rel: string
      if (d.partitionBy && rows > 0) {
        rel = d.table
        await db.run(`COPY (${d.select}) TO ${quote(join(tmp, rel))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${d.partitionBy}))`)
      } else {
        // No partition directories for an empty table: one (empty) file keeps the schema readable.
        rel = d.partitionBy ? join(d.table, 'empty.parquet') : `${d.table}.parquet`
        if (d.partitionBy) mkdirSync(join(tmp, d.table))
        await db.run(`COPY (${d.select}) TO ${quote(join(tmp, rel))} (FORMAT parquet, COMPRESSION zstd)`)
      }
      tables.push({table: d.table, path: rel, rows, readBack: -1, partitionedBy: d.partitionBy && rows > 0 ? d.partitionBy : null})
    }
    for (const t of tables) t.readBack = await countParquet(db, join(tmp, t.path), t.partitionedBy !== null || t.path.includes('/'))
    const bad = tables.find((t) => t.readBack !== t.rows)
    if (bad) throw new BenchError('internal', `Parquet export of ${bad.table} reads back ${bad.readBack} rows, expected ${bad.rows}`)
    writeFileSync(join(tmp, EXPORT_MARKER), JSON.stringify({exportedAt: new Date().toISOString(), tables: tables.map(({table, path, rows, partitionedBy}) => ({table, path, rows, partitionedBy}))}, null, 2) + '\n')
    // Swap: old export aside, new one in, old one removed. Each step is one rename.
    const old = existsSync(target) ? join(dirname(target), `.${basename(target)}.old-${stamp}`) : null
    if (old) renameSync(target, old)
    renameSync(tmp, target)
    if (old) rmSync(old, {recursive: true, force: true})
    return {dir: target, tables: tables.map((t) => ({...t, path: join(target, t.path)})), bytes: dirBytes(target)}
  } catch (err) {
    rmSync(tmp, {recursive: true, force: true})
    throw err
  }
}

/** Rows in one exported dataset, read back through DuckDB's Parquet reader. */
export async function countParquet(db: Database, path: string, isDir: boolean): Promise<number> {
  const glob = isDir && !path.endsWith('.parquet') ? join(path, '**', '*.parquet') : path
  return Number(await db.scalar(`SELECT count(*) FROM read_parquet(${quote(glob)}, hive_partitioning = true)`))
}

export function dirBytes(dir: string): number {
  let total = 0
  for (const e of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (e.isFile()) total += statSync(join(e.parentPath ?? (e as unknown as {path: string}).path, e.name)).size
  }
  return total
}

/** `db:convert --export-only`: export an existing database without touching it (opened read-only). */
export async function exportDatabase(dbPath: string, dir: string): Promise<ParquetExportResult> {
  const {BenchDb} = await import('../db/bench-db.js')
  const bench = await BenchDb.open(dbPath, {readOnly: true, mustExist: true})
  try {
    return await exportParquet(bench.db, dir)
  } finally {
    bench.close()
  }
}
