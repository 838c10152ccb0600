import type {BenchDb} from '../lib/db/bench-db.js'
import {ApiError} from './errors.js'

/**
 * The API's view of the query library (src/lib/report, owned by `db:query`). Loaded lazily (hono
 * routes must not pull DuckDB-heavy report code into `bench --help`) through one specifier, and
 * typed by the few fields the routes use, so the API keeps building while that library evolves.
 */
export interface ReportFiltersIn {
  family?: string
  model?: string
  hardware?: string
  batchSize?: number
  precision?: string
  since?: string
  includeSimulated?: boolean
}

export interface ReportLibrary {
  compatibilityMatrix(bench: BenchDb, options: {by?: 'model' | 'family'; filters?: ReportFiltersIn}): Promise<unknown>
  compareHardware(bench: BenchDb, options: {metric?: string; baseline?: string; filters?: ReportFiltersIn}): Promise<unknown>
  trend(bench: BenchDb, options: {metric?: string; filters?: ReportFiltersIn}): Promise<unknown>
  runSandboxedSql(path: string, sql: string, options: {limit?: number; timeoutMs?: number}): Promise<unknown>
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

// Specifiers in variables: resolved at run time, so this file compiles before/without that library.
const REPORT_MODULES = ['../lib/report/index.js', '../lib/report/query.js', '../lib/report/output.js']

let loaded: Promise<ReportLibrary | null> | undefined

export function reportLibrary(): Promise<ReportLibrary> {
  loaded ??= Promise.all(REPORT_MODULES.map((m) => import(m) as Promise<Record<string, unknown>>))
    .then((mods) => Object.assign({}, ...mods) as ReportLibrary)
    .catch(() => null)
  return loaded.then((lib) => {
    if (!lib) throw new ApiError(501, 'not_available', 'the query library is not part of this build')
    return lib
  })
}

/** A named report function (`performanceReport`, `summaryReport`, ...) or a 404 for an unknown type. */
export async function reportFunction(type: string): Promise<(bench: BenchDb, filters: ReportFiltersIn) => Promise<unknown>> {
  const lib = await reportLibrary()
  const name = type.replace(/-([a-z])/g, (_m, ch: string) => ch.toUpperCase()) + 'Report'
  const fn = lib[name]
  if (typeof fn !== 'function') throw new ApiError(404, 'not_found', `unknown report type "${type}"`)
  return fn as (bench: BenchDb, filters: ReportFiltersIn) => Promise<unknown>
}
