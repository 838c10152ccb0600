import type {Context} from 'hono'
import {requireToken} from '../auth.js'
import type {Api, ApiDeps} from '../deps.js'
import {ApiError} from '../errors.js'
import {reportLibrary} from '../report-port.js'
import {BenchError, classifyError} from '../../lib/errors.js'
import type {CompareOptions} from '../../lib/compare/compare.js'
import type {QueryRequest} from '../../lib/report/query.js'
import {LOCAL_COMPARE_PATH, LOCAL_QUERY_PATH} from '../../lib/db/served-client.js'

/**
 * Read-while-serving: while `bench db:serve` holds a database file, DuckDB lets no other process
 * open it, so `db:query` and `db:compare` of the same user send their question here instead (the
 * address and this token are in the 0600 state file beside the database; see
 * src/lib/db/served-client.ts). Each answer is the library's own result object, computed on the
 * server's read pool by the same function the CLI would have called, so the CLI renders exactly
 * what it would have printed from the file. Not part of the public API (not in the OpenAPI
 * document): its contract is between one benchdb version's CLI and server.
 */

/** A library error travels whole (kind, message, details) so the CLI exits as it would have. */
function failure(c: Context, err: unknown): Response {
  const e = err instanceof BenchError ? err : classifyError(err as Error)
  const status = e.kind === 'usage' ? 400 : e.kind === 'data' ? 422 : e.kind === 'locked' ? 503 : 500
  return c.json({error: {kind: e.kind, message: e.message, details: e.details}}, status)
}

async function body<T>(c: Context, key: string): Promise<T> {
  const parsed = (await c.req.json().catch(() => null)) as Record<string, unknown> | null
  if (!parsed || typeof parsed[key] !== 'object' || parsed[key] === null) throw new ApiError(400, 'bad_request', `the body needs an object "${key}"`)
  return parsed[key] as T
}

export function registerLocal(app: Api, deps: ApiDeps): void {
  app.use('/api/local/*', requireToken(deps.localToken, 'Local reads'))
  app.post(LOCAL_QUERY_PATH, async (c) => {
    const request = await body<QueryRequest>(c, 'request')
    if (request.mode === 'sql') {
      throw new ApiError(400, 'bad_request', 'SQL is answered by POST /api/query (start the server with --enable-sql and --token)')
    }
    try {
      const lib = await reportLibrary()
      return c.json({result: await deps.reads.use((bench) => lib.answer(bench, request))})
    } catch (err) {
      return failure(c, err)
    }
  })
  app.post(LOCAL_COMPARE_PATH, async (c) => {
    const options = await body<CompareOptions>(c, 'options')
    try {
      const {compareRuns} = await import('../../lib/compare/compare.js')
      return c.json(await deps.reads.use(async (bench) => ({
        result: await compareRuns(bench, options),
        schemaVersion: bench.schemaVersion,
      })))
    } catch (err) {
      return failure(c, err)
    }
  })
}
