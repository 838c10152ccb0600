/**
 * benchdb's questions as plain async functions over an open BenchDb: the CLI (`db:query`) and the
 * REST API call these and render the returned data (see ./documents.ts and ./output.ts).
 */
export {normaliseFilters, type ReportFilters} from './filters.js'
export type {ResultMeta, MetaOptions} from './meta.js'
export {METRICS, METRIC_NAMES, type MetricName} from './metrics.js'
export {performanceReport, type PerformanceReport, type PerformanceRow} from './performance.js'
export {summaryReport, type SummaryReport, type SummaryOverview, type SummaryModelRow} from './summary.js'
export {hardwareReport, type HardwareReport, type HardwareReportRow} from './hardware.js'
export {compatibilityReport, type CompatibilityReport, type HardwareCompatibilityTotals} from './compatibility.js'
export {integrationReport, type IntegrationReport, type IntegrationTestRow} from './integration.js'
export {webPlatformReport, type WebPlatformReport, type WebPlatformRow, type WebGpuFeatureRow} from './web-platform.js'
export {compatibilityMatrix, matrixCell, type CompatibilityMatrix, type MatrixCell, type MatrixOptions} from './matrix.js'
export {compareHardware, type HardwareComparison, type ComparisonRow, type HardwareSpeedup, type CompareOptions} from './compare.js'
export {trend, type Trend, type TrendSeries, type TrendPoint, type TrendOptions} from './trend.js'
export {runSandboxedSql, DEFAULT_SQL_LIMIT, DEFAULT_SQL_TIMEOUT_MS, type SqlOptions, type SqlResult} from './sandbox-sql.js'
export {toDocument, primaryTable, primaryChart, type QueryResult, type DocumentOptions} from './documents.js'
export {renderResult, parseFormat, drawsCharts, OUTPUT_FORMATS, type OutputFormat, type RenderOptions, type RenderedOutput} from './output.js'
export {runQuery, answer, REPORT_NAMES, type QueryRequest, type ReportName, type AnswerOptions} from './query.js'
export {refreshRollup, rollupCoverage, type RollupRefresh, type RollupCoverage} from './rollup.js'
