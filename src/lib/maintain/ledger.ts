import type {Database} from '../db/connection.js'
import {unpackRaw} from '../ingest/raw-document.js'
import {FACT_TABLES_CHILD_FIRST} from '../ingest/table-specs.js'
import {sha256} from './files.js'

/** One ledger row without its raw bytes (those are fetched only for the rows that need them). */
export interface LedgerRow {
  source_file_id: number
  path: string
  sha256: string | null
  size_bytes: number | null
  mtime: string | null
  status: string
  reason: string | null
  json_pointer: string | null
  duplicate_of: number | null
  rows_written: string | Record<string, number> | null
  has_raw: boolean
  ingested_at: string
  /** Schema v5: the input directory the file was found under and its path there (NULL before). */
  input_root: string | null
  relative_path: string | null
}

export async function loadLedger(db: Database): Promise<LedgerRow[]> {
  return db.all<LedgerRow & Record<string, never>>(
    `SELECT source_file_id, path, sha256, size_bytes, mtime, status, reason, json_pointer, duplicate_of,
            rows_written, (raw_document IS NOT NULL AND raw_encoding IS NOT NULL) AS has_raw, ingested_at,
            input_root, relative_path
     FROM source_files ORDER BY source_file_id`,
  ) as unknown as LedgerRow[]
}

export function rowsWritten(row: LedgerRow): Record<string, number> {
  if (row.rows_written === null) return {}
  return typeof row.rows_written === 'string' ? (JSON.parse(row.rows_written) as Record<string, number>) : row.rows_written
}

/** Actual fact-row counts per ledger id and table: `counts.get(id)?.[table]`. */
export async function actualRowCounts(db: Database): Promise<Map<number, Record<string, number>>> {
  const sql = FACT_TABLES_CHILD_FIRST.map(
    (t) => `SELECT '${t}' AS tbl, source_file_id AS id, count(*)::BIGINT AS n FROM ${t} WHERE source_file_id IS NOT NULL GROUP BY ALL`,
  ).join(' UNION ALL ')
  const out = new Map<number, Record<string, number>>()
  for (const r of await db.all<{tbl: string; id: number; n: number}>(sql)) {
    const counts = out.get(r.id) ?? {}
    counts[r.tbl] = r.n
    out.set(r.id, counts)
  }
  return out
}

/** Differences between what a ledger row says it wrote and what is in the tables ('' when equal). */
export function countMismatch(expected: Record<string, number>, actual: Record<string, number> | undefined): string {
  const tables = new Set([...Object.keys(expected), ...Object.keys(actual ?? {})])
  const diffs: string[] = []
  for (const t of [...tables].sort()) {
    const e = expected[t] ?? 0
    const a = actual?.[t] ?? 0
    if (e !== a) diffs.push(`${t}: expected ${e}, found ${a}`)
  }
  return diffs.join('; ')
}

/** The original bytes kept for a ledger row, or null when it has none. */
export async function rawBytes(db: Database, ledgerId: number): Promise<Buffer | null> {
  const reader = await db.connection.runAndReadAll(
    'SELECT raw_encoding, raw_document FROM source_files WHERE source_file_id = ?',
    [ledgerId],
  )
  const row = reader.getRows()[0]
  if (!row || row[0] === null || row[1] === null) return null
  const blob = row[1] as {bytes: Uint8Array}
  return unpackRaw(String(row[0]), blob.bytes)
}

/**
 * sha256 of the decoded raw document of each ledger id (absent: no document; 'unreadable': it
 * does not decode). Fetched in batches so thousands of files cost a handful of queries.
 */
export async function rawDigests(db: Database, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>()
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500).map((id) => Math.floor(id))
    const reader = await db.connection.runAndReadAll(
      `SELECT source_file_id, raw_encoding, raw_document FROM source_files
       WHERE source_file_id IN (${chunk.join(',')}) AND raw_document IS NOT NULL AND raw_encoding IS NOT NULL`,
    )
    for (const row of reader.getRows()) {
      let digest: string
      try {
        digest = sha256(unpackRaw(String(row[1]), (row[2] as {bytes: Uint8Array}).bytes))
      } catch {
        digest = 'unreadable'
      }
      out.set(Number(row[0]), digest)
    }
  }
  return out
}
