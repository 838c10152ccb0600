import {existsSync, rmSync, statSync} from 'node:fs'
import {BenchError} from '../errors.js'
import {packRaw} from '../ingest/raw-document.js'
import {writeBatch} from '../ingest/writer.js'
import {BenchDb, type ObjectCount} from './bench-db.js'
import {isDuckDbFile} from './connection.js'
import {sampleDocuments} from './sample-data.js'

export interface CreateOptions {
  force?: boolean
  /** With force, asked before a damaged database (one DuckDB cannot read) is replaced; throws to refuse. */
  confirmDamaged?: (reason: string) => Promise<void>
  sampleData?: boolean
}

export interface CreateResult {
  path: string
  /** created: new file; recreated: --force replaced it; existing: left as it was (maybe migrated). */
  action: 'created' | 'recreated' | 'existing'
  schemaVersion: number
  migratedFrom: number | null
  sampleData: {inserted: number; alreadyPresent: number} | null
  objects: ObjectCount[]
  /** The same counts keyed by table or view name. */
  counts: Record<string, number>
}

/**
 * `db:create`: make (or re-make with force) a database with the current schema, optionally with
 * sample data. Idempotent: on an existing database it only migrates and reports, and sample data
 * is recognised in the ledger by its hash, so a second `--sample-data` adds nothing.
 */
export async function createDatabase(path: string, options: CreateOptions = {}): Promise<CreateResult> {
  const existed = existsSync(path)
  if (existed && options.force) {
    // A 0-byte file holds nothing to lose (a create killed before DuckDB wrote its header).
    if (statSync(path).size > 0 && !isDuckDbFile(path)) {
      throw new BenchError('incompatible', `refusing to replace ${path}: it is not a DuckDB database`, {
        file: path,
        hint: 'Choose another --db path; --force only replaces DuckDB files.',
      })
    }
    // Opening first proves no other process holds the file before anything is deleted. DuckDB
    // takes the lock before it reads the file, so a file it cannot read (a damaged header, a
    // checksum failure) but could lock is nobody's: it is replaced once the caller confirms.
    if (statSync(path).size > 0) {
      try {
        ;(await BenchDb.open(path)).close()
      } catch (err) {
        if (!isDamaged(err)) throw err
        if (!options.confirmDamaged) throw err
        await options.confirmDamaged((err as Error).message)
      }
    }
    rmSync(path)
    rmSync(`${path}.wal`, {force: true})
  }
  const bench = await BenchDb.open(path)
  try {
    const from = bench.migration?.from ?? bench.schemaVersion
    let sampleData: CreateResult['sampleData'] = null
    if (options.sampleData) sampleData = await insertSampleData(bench)
    await bench.checkpoint()
    const objects = await bench.counts()
    return {
      path,
      action: !existed ? 'created' : options.force ? 'recreated' : 'existing',
      schemaVersion: bench.schemaVersion,
      migratedFrom: existed && !options.force && from !== bench.schemaVersion ? from : null,
      sampleData,
      objects,
      counts: Object.fromEntries(objects.map((o) => [o.name, o.rows])),
    }
  } finally {
    bench.close()
  }
}

async function insertSampleData(bench: BenchDb): Promise<{inserted: number; alreadyPresent: number}> {
  const docs = sampleDocuments()
  const present = new Set(
    (await bench.db.all<{sha256: string}>(`SELECT sha256 FROM source_files WHERE status = 'ingested' AND shape = 'benchdb-sample'`)).map(
      (r) => r.sha256,
    ),
  )
  const missing = docs.filter((d) => !present.has(d.sha256))
  if (missing.length > 0) {
    await bench.write((tx, dims) =>
      writeBatch(tx, dims, missing.map((d) => ({
        path: d.path, sha256: d.sha256, sizeBytes: d.bytes.length, mtimeMs: null, category: 'performance',
        shape: 'benchdb-sample', status: 'ingested' as const, raw: packRaw(d.bytes), doc: d.doc,
      }))),
    )
  }
  return {inserted: missing.length, alreadyPresent: docs.length - missing.length}
}

/** DuckDB could lock the file but not read it: a damaged database, not a busy or foreign one. */
function isDamaged(err: unknown): boolean {
  return err instanceof BenchError && err.details.data?.damaged === true
}
