import {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {cached} from './cache.js'
import type {QueryResult} from './documents.js'
import type {ReportFilters} from './filters.js'
import type {MetaOptions} from './meta.js'

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

// Each question's module is imported when asked (a one-shot `db:query` then loads one of them, not
// all eleven; an import already made costs a long-lived process nothing).
const REPORTS = {
  performance: async () => (await import('./performance.js')).performanceReport,
  summary: async () => (await import('./summary.js')).summaryReport,
  hardware: async () => (await import('./hardware.js')).hardwareReport,
  compatibility: async () => (await import('./compatibility.js')).compatibilityReport,
  integration: async () => (await import('./integration.js')).integrationReport,
  'web-platform': async () => (await import('./web-platform.js')).webPlatformReport,
}

async function compute(bench: BenchDb, request: Exclude<QueryRequest, {mode: 'sql'}>, options: MetaOptions): Promise<QueryResult> {
  const {requireKnown, resolveFilterNames} = await import('./known-values.js')
  // Names the database does not hold are usage errors with suggestions; comma lists are split.
  const filters = await resolveFilterNames(bench, request.filters)
  if (request.mode === 'compare') await requireKnown(bench, 'hardware', request.baseline, '--baseline')
  switch (request.mode) {
    case 'report': {
      const load = Object.hasOwn(REPORTS, request.report) ? REPORTS[request.report] : undefined
      if (!load) throw new BenchError('usage', `unknown report "${request.report}"`, {expected: `one of ${REPORT_NAMES.join(', ')}`})
      return (await load())(bench, filters, options)
    }
    case 'matrix':
      return (await import('./matrix.js')).compatibilityMatrix(bench, {...options, by: request.by, filters})
    case 'compare':
      return (await import('./compare.js')).compareHardware(bench, {...options, metric: request.metric, baseline: request.baseline, filters})
    case 'trend':
      return (await import('./trend.js')).trend(bench, {...options, metric: request.metric, filters})
  }
}

/** Opens the database read-only (SQL: sandboxed), answers, closes. */
export async function runQuery(path: string, request: QueryRequest, options: MetaOptions = {}): Promise<QueryResult> {
  if (request.mode === 'sql') {
    // On a worker thread with its own heap and DuckDB memory caps (see worker-pool.ts).
    const {SqlWorkerPool} = await import('../sql/worker-pool.js')
    const {DEFAULT_SQL_TIMEOUT_MS} = await import('./sandbox-sql.js')
    const pool = new SqlWorkerPool(1)
    try {
      return await pool.run(path, request.sql, {limit: request.limit, timeoutMs: request.timeoutMs ?? DEFAULT_SQL_TIMEOUT_MS, now: options.now})
    } finally {
      await pool.close()
    }
  }
  const bench = await BenchDb.open(path, {readOnly: true})
  try {
    return await answer(bench, request, {...options, cache: false})
  } finally {
    bench.close()
  }
}
