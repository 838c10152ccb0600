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
export {NATIVE_SCHEMA_FILE, nativeSchemaPath} from './schema/formats/benchdb_result.js'
export {ingestDocuments, type DocumentInput, type IngestDocumentsOptions, type IngestDocumentsResult} from './lib/ingest/ingest-documents.js'
export {convertFiles, type ConvertOptions, type ConvertResult} from './lib/ingest/convert.js'
export {exportParquet, exportDatabase, type ParquetExportResult} from './lib/ingest/parquet-export.js'
export type {FileOutcome, RunSummary} from './lib/ingest/summary.js'
export {runMaintenance, type MaintainOptions, type MaintainResult} from './lib/maintain/run.js'
export {cleanJson, type CleanOptions, type CleanResult} from './lib/maintain/clean.js'
export {restoreFiles, type RestoreOptions, type RestoreResult} from './lib/maintain/restore.js'
export {checkIntegrity, type IntegrityResult, type IntegrityProblem} from './lib/maintain/integrity.js'
export {backupDatabase, purgeBackups, type BackupResult, type PurgeResult} from './lib/maintain/backup.js'
export {optimizeDatabase, type OptimizeResult} from './lib/maintain/optimize.js'
export {vacuumDatabase, type VacuumResult} from './lib/maintain/vacuum.js'
export {compareRuns, shouldFail, type CompareOptions, type ComparisonResult, type FailOn, type SeriesComparison} from './lib/compare/compare.js'
export {compareOutputSchema} from './schema/output/compare.js'
// Reports, compatibility matrix, hardware comparison, trends and sandboxed SQL (what db:query and the API answer).
export {
  answer, runQuery, performanceReport, summaryReport, hardwareReport, compatibilityReport, integrationReport, webPlatformReport,
  compatibilityMatrix, matrixCell, compareHardware, trend, runSandboxedSql, toDocument, primaryTable, primaryChart, renderResult,
  parseFormat, normaliseFilters, METRICS, METRIC_NAMES, REPORT_NAMES, OUTPUT_FORMATS,
  type QueryRequest, type QueryResult, type ReportFilters, type ResultMeta, type AnswerOptions, type OutputFormat,
  type CompatibilityMatrix, type MatrixCell, type HardwareComparison, type Trend, type SqlResult,
} from './lib/report/index.js'
export {QUERY_RESULT_SCHEMA} from './schema/output/query-result.js'
