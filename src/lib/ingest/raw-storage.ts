import type {Database} from '../db/connection.js'

/**
 * How the ledger keeps raw documents in this database file:
 * - `column`: as they are (`raw_encoding = 'identity'`), in the zstd-compressed column of schema
 *   v2; DuckDB compresses whole column segments, across documents, at checkpoint time.
 * - `deflate`: deflated one by one with the preset dictionary (`deflate-raw-d1`), for files whose
 *   storage version predates DuckDB's zstd column compression (v1.2.0): there the column is stored
 *   uncompressed, so the engine must compress.
 */
export type RawStorage = 'column' | 'deflate'

const ZSTD_SINCE = [1, 2, 0]

/** Per open database: its storage version cannot change while it is open (saves a query per REST write). */
const known = new WeakMap<Database, Promise<RawStorage>>()

export function rawStorageOf(db: Database): Promise<RawStorage> {
  let storage = known.get(db)
  if (!storage) {
    storage = readRawStorage(db)
    known.set(db, storage)
    storage.catch(() => known.delete(db))
  }
  return storage
}

async function readRawStorage(db: Database): Promise<RawStorage> {
  const tags = await db.scalar<string | null>(`SELECT CAST(tags AS VARCHAR) FROM duckdb_databases() WHERE database_name = current_database()`)
  return storageVersionAtLeast(tags ?? '', ZSTD_SINCE) ? 'column' : 'deflate'
}

/** `{storage_version=v1.5.0+}` (the database's tags) compared with a version. */
export function storageVersionAtLeast(tags: string, min: number[]): boolean {
  const m = /storage_version[=:]\s*v?(\d+)\.(\d+)\.(\d+)/.exec(tags)
  if (!m) return false
  const v = [Number(m[1]), Number(m[2]), Number(m[3])]
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i]
  return true
}
