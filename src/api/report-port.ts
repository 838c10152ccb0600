import type {BenchDb} from '../lib/db/bench-db.js'
import type {ReportFilters} from '../lib/report/filters.js'

/**
 * The API's view of the query library (src/lib/report, owned by `db:query`): loaded lazily on the
 * first report request, and typed by the few functions the routes call.
 */
/** The library's own filter type (type-only import: the library still loads lazily). */
export type ReportFiltersIn = ReportFilters

export interface ReportLibrary {
  compatibilityMatrix(bench: BenchDb, options: {by?: 'model' | 'family'; filters?: ReportFiltersIn}): Promise<unknown>
  compareHardware(bench: BenchDb, options: {metric?: string; baseline?: string; filters?: ReportFiltersIn}): Promise<unknown>
  trend(bench: BenchDb, options: {metric?: string; filters?: ReportFiltersIn}): Promise<unknown>
  /** One question on the open database: a report, the matrix, a comparison or a trend. */
  answer(bench: BenchDb, request: QuestionRequest): Promise<unknown>
  /** Any answer in any format (json, csv, html, markdown, text, png). */
  renderResult(result: unknown, format: string): Promise<{body: string | Buffer; mediaType: string; extension: string}>
  [name: string]: unknown
}

export type QuestionRequest =
  | {mode: 'report'; report: string; filters?: ReportFiltersIn}
  | {mode: 'matrix'; by?: 'model' | 'family'; filters?: ReportFiltersIn}
  | {mode: 'compare'; metric?: string; baseline?: string; filters?: ReportFiltersIn}
  | {mode: 'trend'; metric?: string; filters?: ReportFiltersIn}

let loaded: Promise<ReportLibrary> | undefined

export function reportLibrary(): Promise<ReportLibrary> {
  // The facade's request type takes any report name; the library validates it (400 for unknown).
  loaded ??= import('../lib/report/index.js').then((lib) => lib as unknown as ReportLibrary)
  return loaded
}
