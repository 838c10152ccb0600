import type {Database} from '../db/connection.js'

export interface TableFingerprint {
  table: string
  rows: number
  /** Order-independent hash of every row's values: equal tables give equal digests. */
  digest: string
}

/** Count and content digest of every base table, to prove a copy holds the same data. */
export async function tableFingerprints(db: Database): Promise<TableFingerprint[]> {
  const tables = await db.all<{name: string}>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name`,
  )
  const out: TableFingerprint[] = []
  for (const {name} of tables) {
    const r = await db.one<{rows: number; digest: string}>(
      `SELECT count(*)::BIGINT AS rows, coalesce(bit_xor(hash(t)), 0)::VARCHAR AS digest FROM "${name.replace(/"/g, '""')}" t`,
    )
    out.push({table: name, rows: r?.rows ?? 0, digest: r?.digest ?? '0'})
  }
  return out
}

/** Tables whose count or digest differ ('' when the two fingerprints agree). */
export function fingerprintDiff(a: TableFingerprint[], b: TableFingerprint[]): string {
  const bm = new Map(b.map((f) => [f.table, f]))
  const diffs: string[] = []
  for (const f of a) {
    const g = bm.get(f.table)
    if (!g) diffs.push(`${f.table} missing`)
    else if (g.rows !== f.rows || g.digest !== f.digest) diffs.push(`${f.table}: ${f.rows} rows vs ${g.rows}${g.rows === f.rows ? ' (values differ)' : ''}`)
    bm.delete(f.table)
  }
  for (const t of bm.keys()) diffs.push(`${t} unexpected`)
  return diffs.join('; ')
}
