import {createRoute, z} from '@hono/zod-openapi'
import {requireToken} from '../auth.js'
import type {Api, ApiDeps} from '../deps.js'
import {ApiError} from '../errors.js'
import {reportLibrary} from '../report-port.js'
import {SqlSnapshot} from '../sql-snapshot.js'
import {writeErrors} from './errors-doc.js'

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
  description: 'No file system, network or extension access, one SELECT/WITH/DESCRIBE/SHOW/SUMMARIZE/EXPLAIN statement, a row cap and a timeout.',
  security: [{bearer: []}],
  request: {body: {required: true, content: {'application/json': {schema: QueryBody}}}},
  responses: {
    200: {description: 'Columns and rows', content: {'application/json': {schema: z.object({columns: z.array(z.object({name: z.string(), type: z.string()})), rows: z.array(z.record(z.string(), z.unknown())), truncated: z.boolean()}).passthrough().openapi('SqlResult')}}},
    ...writeErrors,
  },
})

export function registerQuery(app: Api, deps: ApiDeps): SqlSnapshot | undefined {
  const snapshot = deps.enableSql ? new SqlSnapshot(deps) : undefined
  app.use('/api/query', async (_c, next) => {
    if (!snapshot) throw new ApiError(403, 'sql_disabled', 'SQL queries are disabled: start the server with --enable-sql (and --token)')
    await next()
  })
  app.use('/api/query', requireToken(deps.token, 'SQL'))
  app.openapi(route, async (c) => {
    const body = c.req.valid('json')
    const lib = await reportLibrary()
    const result = await snapshot!.run((path) => lib.runSandboxedSql(path, body.sql, {limit: body.limit, timeoutMs: body.timeout_ms}))
    // The snapshot's temp path is an implementation detail; clients get the data.
    const {meta: _meta, ...rest} = result as {meta?: unknown}
    return c.json(rest, 200) as never
  })
  return snapshot
}
