/**
 * benchdb as a library: test runners write results straight into the database through the same
 * repository layer the CLI uses.
 *
 *   import {openBenchDb} from 'benchdb'
 *   const bench = await openBenchDb('./benchmark_db.duckdb')
 *   const rows = await bench.db.all('SELECT * FROM latest_performance_metrics')
 *   bench.close()
 */
export {BenchDb, openBenchDb, type ObjectCount} from './lib/db/bench-db.js'
export {Database, type OpenOptions} from './lib/db/connection.js'
export {createDatabase, type CreateOptions, type CreateResult} from './lib/db/create-database.js'
export {BenchError, EXIT_CODES, type ErrorKind} from './lib/errors.js'
export {LATEST_SCHEMA_VERSION} from './schema/migrations.js'
export {BENCHDB_VERSION} from './lib/version.js'
export type * from './lib/ingest/types.js'
// Reports, compatibility matrix, hardware comparison, trends and sandboxed SQL (what db:query and the API answer).
export {
  answer, runQuery, performanceReport, summaryReport, hardwareReport, compatibilityReport, integrationReport, webPlatformReport,
  compatibilityMatrix, matrixCell, compareHardware, trend, runSandboxedSql, toDocument, primaryTable, primaryChart, renderResult,
  parseFormat, normaliseFilters, METRICS, METRIC_NAMES, REPORT_NAMES, OUTPUT_FORMATS,
  type QueryRequest, type QueryResult, type ReportFilters, type ResultMeta, type AnswerOptions, type OutputFormat,
  type CompatibilityMatrix, type MatrixCell, type HardwareComparison, type Trend, type SqlResult,
} from './lib/report/index.js'
export {QUERY_RESULT_SCHEMA} from './schema/output/query-result.js'
