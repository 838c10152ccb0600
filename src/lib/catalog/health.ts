import type {BenchDb} from '../db/bench-db.js'
import {CONTRACT_TABLES, LEDGER_TABLE} from '../../schema/sql/v1-tables.js'
import {LATEST_SCHEMA_VERSION} from '../../schema/migrations.js'
import {BENCHDB_VERSION} from '../version.js'

export interface HealthReport {
  status: 'ok'
  benchdbVersion: string
  schemaVersion: number
  latestSchemaVersion: number
  /** Row counts of every contract table and the ledger. */
  tables: Record<string, number>
}

/**
 * Proves the database answers (a real query on every table) and says what it holds. Tables only:
 * counting the views would evaluate their window functions over every row, far too slow for a
 * health probe on a large database.
 */
export async function healthReport(bench: BenchDb): Promise<HealthReport> {
  const tables = [...CONTRACT_TABLES, LEDGER_TABLE]
  const rows = await bench.db.all<{name: string; rows: number}>(
    tables.map((t, i) => `SELECT '${t}' AS name, count(*)::BIGINT AS rows, ${i} AS ord FROM ${t}`).join(' UNION ALL ') + ' ORDER BY ord',
  )
  const counts: Record<string, number> = {}
  for (const r of rows) counts[r.name] = r.rows
  return {status: 'ok', benchdbVersion: BENCHDB_VERSION, schemaVersion: bench.schemaVersion, latestSchemaVersion: LATEST_SCHEMA_VERSION, tables: counts}
}
