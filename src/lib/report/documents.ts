import type {ChartSpec, ReportDocument, Table} from '../render/types.js'
import type {CompatibilityReport} from './compatibility.js'
import type {HardwareComparison} from './compare.js'
import * as A from './documents-analysis.js'
import * as R from './documents-reports.js'
import type {HardwareReport} from './hardware.js'
import type {IntegrationReport} from './integration.js'
import type {CompatibilityMatrix} from './matrix.js'
import type {PerformanceReport} from './performance.js'
import type {SqlResult} from './sandbox-sql.js'
import type {SummaryReport} from './summary.js'
import type {Trend} from './trend.js'
import type {WebPlatformReport} from './web-platform.js'

/** Everything `db:query` (and the API) can return: `kind` (and `report`) say which. */
export type QueryResult =
  | PerformanceReport
  | SummaryReport
  | HardwareReport
  | CompatibilityReport
  | IntegrationReport
  | WebPlatformReport
  | CompatibilityMatrix
  | HardwareComparison
  | Trend
  | SqlResult

export interface DocumentOptions {
  /** Include charts (HTML); text and Markdown show the same facts as tables instead. */
  charts?: boolean
}

/** The result as a document for the text, Markdown and HTML renderers. */
export function toDocument(result: QueryResult, options: DocumentOptions = {}): ReportDocument {
  const charts = Boolean(options.charts)
  switch (result.kind) {
    case 'matrix':
      return A.matrixDocument(result, charts)
    case 'comparison':
      return A.comparisonDocument(result, charts)
    case 'trend':
      return A.trendDocument(result, charts)
    case 'sql':
      return A.sqlDocument(result)
    case 'report':
      switch (result.report) {
        case 'performance':
          return R.performanceDocument(result)
        case 'summary':
          return R.summaryDocument(result, charts)
        case 'hardware':
          return R.hardwareDocument(result, charts)
        case 'compatibility':
          return R.compatibilityDocument(result, charts)
        case 'integration':
          return R.integrationDocument(result)
        case 'web-platform':
          return R.webPlatformDocument(result)
      }
  }
}

/** The one table a CSV holds: the most detailed rows of the result. */
export function primaryTable(result: QueryResult): Table {
  switch (result.kind) {
    case 'matrix':
      return A.matrixCellsTable(result)
    case 'comparison':
      return A.comparisonTable(result)
    case 'trend':
      return A.trendTable(result)
    case 'sql':
      return A.sqlTable(result)
    case 'report':
      switch (result.report) {
        case 'performance':
          return R.performanceTable(result)
        case 'summary':
          return R.summaryModelsTable(result)
        case 'hardware':
          return R.hardwareTable(result)
        case 'compatibility':
          return A.matrixCellsTable(result.matrix)
        case 'integration':
          return R.integrationTable(result)
        case 'web-platform':
          return R.webPlatformTable(result)
      }
  }
}

/**
 * The tables of a CSV: the primary table, and for the summary its overview first (Item,Value),
 * then a blank line and the models (a summary without its overview lost half its content).
 */
export function csvTables(result: QueryResult): Table[] {
  if (result.kind === 'report' && result.report === 'summary') return [R.summaryOverviewTable(result), R.summaryModelsTable(result)]
  return [primaryTable(result)]
}

/** The chart a PNG holds, or null when the result has none (the caller reports a usage error). */
export function primaryChart(result: QueryResult): ChartSpec | null {
  switch (result.kind) {
    case 'matrix':
      return A.matrixChart(result)
    case 'comparison':
      return A.comparisonChart(result)
    case 'trend':
      return A.trendChart(result)
    case 'sql':
      return null
    case 'report':
      switch (result.report) {
        case 'summary':
          return R.summaryChart(result)
        case 'hardware':
          return R.hardwareChart(result)
        case 'compatibility':
          return A.matrixChart(result.matrix)
        default:
          return null
      }
  }
}
