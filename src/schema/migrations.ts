import {V1_TABLES} from './sql/v1-tables.js'
import {V1_VIEWS} from './sql/v1-views.js'
import {V2_RAW_ZSTD} from './sql/v2-raw-zstd.js'
import {V3_PERF_ROLLUP} from './sql/v3-perf-rollup.js'
import {V4_RUN_CONTEXT} from './sql/v4-run-context.js'
import {V5_PORTABLE_LEDGER} from './sql/v5-portable-ledger.js'

/**
 * Versioned migrations. Each runs in its own transaction together with the row that records it
 * in `benchdb_schema_version`. Append new versions; never edit a released one (databases in the
 * field have already applied it). Views are recreated by every migration that changes them.
 */
export interface Migration {
  version: number
  description: string
  statements: string[]
  /**
   * Adds only derived data that readers can do without (a rollup): a read-only open of a file that
   * lacks nothing but optional migrations opens it at its own version instead of refusing it, and
   * the code that uses the addition checks `BenchDb.schemaVersion`. The next write open applies it.
   */
  optional?: boolean
}

export const SCHEMA_VERSION_TABLE = 'benchdb_schema_version'

export const SCHEMA_VERSION_DDL = `CREATE TABLE IF NOT EXISTS ${SCHEMA_VERSION_TABLE} (
  version INTEGER PRIMARY KEY,
  description VARCHAR NOT NULL,
  benchdb_version VARCHAR NOT NULL,
  applied_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP)
)`

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'contract tables and views, provenance ledger, simulated flags, stored percentiles',
    statements: [...V1_TABLES, ...V1_VIEWS],
  },
  {
    version: 2,
    description: 'ledger raw documents compressed by DuckDB (zstd column) instead of per-document deflate',
    statements: V2_RAW_ZSTD,
  },
  {
    version: 3,
    description: 'performance rollup: partial aggregates per month, model, hardware, batch size and precision for fast reports',
    statements: V3_PERF_ROLLUP,
    optional: true,
  },
  {
    version: 4,
    description: 'run context (repository, CI, machine, run name, tags, time source), inferred rows, result_metrics and the metric_values view',
    statements: V4_RUN_CONTEXT,
  },
  {
    version: 5,
    description: 'portable provenance: the ledger records each file\'s input directory and its path under it',
    statements: V5_PORTABLE_LEDGER,
  },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version
