import type {BenchDb} from '../db/bench-db.js'
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

/** Proves the database answers (a real query on every table) and says what it holds. */
export async function healthReport(bench: BenchDb): Promise<HealthReport> {
  const counts = await bench.counts()
  const tables: Record<string, number> = {}
  for (const c of counts) if (c.kind === 'table') tables[c.name] = c.rows
  return {status: 'ok', benchdbVersion: BENCHDB_VERSION, schemaVersion: bench.schemaVersion, latestSchemaVersion: LATEST_SCHEMA_VERSION, tables}
}
