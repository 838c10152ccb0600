import {createRoute, z} from '@hono/zod-openapi'
import type {SqlResult} from '../../lib/report/sandbox-sql.js'
import {exceededLimit} from '../../lib/sql/limits.js'
import {SqlWorkerPool} from '../../lib/sql/worker-pool.js'
import {requireToken} from '../auth.js'
import type {Api, ApiDeps} from '../deps.js'
import {ApiError} from '../errors.js'
import {SqlSnapshot} from '../sql-snapshot.js'
import {writeErrors} from './errors-doc.js'
import {ErrorSchema} from '../errors.js'

const QueryBody = z
  .object({
    sql: z.string().min(1).max(100_000).openapi({example: 'SELECT model_name, model_family FROM models ORDER BY model_name'}),
    limit: z.number().int().min(1).max(10_000).default(1000),
    timeout_ms: z.number().int().min(1).max(60_000).default(10_000),
  })
  .openapi('SqlQuery')

const route = createRoute({
  method: 'post',
  path: '/api/query',
  tags: ['query'],
  summary: 'One read-only SQL statement in the sandbox of `db:query --sql` (needs --enable-sql and the token)',
  description:
    'No file system, network or extension access, one SELECT/WITH/DESCRIBE/SHOW/SUMMARIZE/EXPLAIN statement, a row cap, ' +
    'byte caps on one value, one row and the whole result (413 `result_too_large` when crossed), a memory cap, and a ' +
    'timeout covering the whole request (422 `invalid_data` when it expires). Each statement runs on its own thread.',
  security: [{bearer: []}],
  request: {body: {required: true, content: {'application/json': {schema: QueryBody}}}},
  responses: {
    200: {description: 'Columns and rows', content: {'application/json': {schema: z.object({columns: z.array(z.object({name: z.string(), type: z.string()})), rows: z.array(z.record(z.string(), z.unknown())), truncated: z.boolean()}).passthrough().openapi('SqlResult')}}},
    ...writeErrors,
    413: {description: 'The result (one value, one row or all rows) is over its byte limit, or the statement over its memory limit', content: {'application/json': {schema: ErrorSchema}}},
  },
})

export function registerQuery(app: Api, deps: ApiDeps): {close(): void} | undefined {
  const snapshot = deps.enableSql ? new SqlSnapshot(deps) : undefined
  const pool = deps.enableSql ? new SqlWorkerPool(deps.sqlThreads, deps.sqlLimits.heapMb) : undefined
  // Loading DuckDB in the threads takes ~0.1-0.4 s: done before the first statement needs them.
  if (pool && deps.token) void pool.warm().catch(() => undefined)
  app.use('/api/query', async (_c, next) => {
    if (!snapshot) throw new ApiError(403, 'sql_disabled', 'SQL queries are disabled: start the server with --enable-sql (and --token)')
    await next()
  })
  app.use('/api/query', requireToken(deps.token, 'SQL'))
  app.openapi(route, async (c) => {
    const body = c.req.valid('json')
    const started = Date.now()
    let result: SqlResult
    try {
      result = await snapshot!.run((path) => {
        // The snapshot may have waited for a write: the timeout covers the whole request.
        const left = body.timeout_ms - (Date.now() - started)
        if (left <= 0) throw new ApiError(422, 'invalid_data', `the query was interrupted after the ${body.timeout_ms} ms timeout`)
        return pool!.run(path, body.sql, {limit: body.limit, timeoutMs: left, limits: deps.sqlLimits, jsonRows: true, threads: 1, shownPath: 'snapshot'})
      })
    } catch (err) {
      const limit = exceededLimit(err)
      if (limit) throw new ApiError(413, 'result_too_large', (err as Error).message, (err as {details?: {data?: unknown}}).details?.data)
      throw err
    }
    // Rows arrive as JSON text from the thread (counted there); the snapshot's path is not the client's business.
    const {meta: _meta, rows: _rows, rowsJson, ...rest} = result
    return c.body(`${JSON.stringify(rest).slice(0, -1)},"rows":${rowsJson ?? '[]'}}`, 200, {'Content-Type': 'application/json'}) as never
  })
  return {
    close: () => {
      void pool?.close()
      snapshot?.close()
    },
  }
}
