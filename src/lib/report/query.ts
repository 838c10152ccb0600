import {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {cached} from './cache.js'
import {compareHardware} from './compare.js'
import {compatibilityReport} from './compatibility.js'
import type {QueryResult} from './documents.js'
import type {ReportFilters} from './filters.js'
import {hardwareReport} from './hardware.js'
import {integrationReport} from './integration.js'
import {compatibilityMatrix} from './matrix.js'
import type {MetaOptions} from './meta.js'
import {performanceReport} from './performance.js'
import {runSandboxedSql} from './sandbox-sql.js'
import {summaryReport} from './summary.js'
import {trend} from './trend.js'
import {webPlatformReport} from './web-platform.js'

export const REPORT_NAMES = ['performance', 'summary', 'hardware', 'compatibility', 'integration', 'web-platform'] as const
export type ReportName = (typeof REPORT_NAMES)[number]

/** One `db:query` question. The CLI builds it from flags; the API from its route and parameters. */
export type QueryRequest =
  | {mode: 'sql'; sql: string; limit?: number; timeoutMs?: number}
  | {mode: 'report'; report: ReportName; filters?: ReportFilters}
  | {mode: 'matrix'; by?: 'model' | 'family'; filters?: ReportFilters}
  | {mode: 'compare'; metric?: string; baseline?: string; filters?: ReportFilters}
  | {mode: 'trend'; metric?: string; filters?: ReportFilters}

export interface AnswerOptions extends MetaOptions {
  /** Reuse the result of an identical request while the database is unchanged (default true). */
  cache?: boolean
}

/**
 * Answers a question on an already open database (the API keeps one open). SQL needs a path: use
 * runQuery. Identical requests are served from a per-database cache until the data changes; a
 * cached result gets a fresh generation time. Treat returned objects as read-only.
 */
export async function answer(bench: BenchDb, request: Exclude<QueryRequest, {mode: 'sql'}>, options: AnswerOptions = {}): Promise<QueryResult> {
  if (options.cache === false) return compute(bench, request, options)
  const {value, hit} = await cached(bench, JSON.stringify(request), () => compute(bench, request, options))
  if (!hit) return value
  return {...value, meta: {...value.meta, generatedAt: (options.now ?? new Date()).toISOString()}} as QueryResult
}

async function compute(bench: BenchDb, request: Exclude<QueryRequest, {mode: 'sql'}>, options: MetaOptions): Promise<QueryResult> {
  switch (request.mode) {
    case 'report': {
      const fn = {
        performance: performanceReport, summary: summaryReport, hardware: hardwareReport,
        compatibility: compatibilityReport, integration: integrationReport, 'web-platform': webPlatformReport,
      }[request.report]
      if (!fn) throw new BenchError('usage', `unknown report "${request.report}"`, {expected: `one of ${REPORT_NAMES.join(', ')}`})
      return fn(bench, request.filters ?? {}, options)
    }
    case 'matrix':
      return compatibilityMatrix(bench, {...options, by: request.by, filters: request.filters})
    case 'compare':
      return compareHardware(bench, {...options, metric: request.metric, baseline: request.baseline, filters: request.filters})
    case 'trend':
      return trend(bench, {...options, metric: request.metric, filters: request.filters})
  }
}

/** Opens the database read-only (SQL: sandboxed), answers, closes. */
export async function runQuery(path: string, request: QueryRequest, options: MetaOptions = {}): Promise<QueryResult> {
  if (request.mode === 'sql') return runSandboxedSql(path, request.sql, {limit: request.limit, timeoutMs: request.timeoutMs, now: options.now})
  const bench = await BenchDb.open(path, {readOnly: true})
  try {
    return await answer(bench, request, {...options, cache: false})
  } finally {
    bench.close()
  }
}
