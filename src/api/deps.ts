import type {OpenAPIHono} from '@hono/zod-openapi'
import type {BenchDb} from '../lib/db/bench-db.js'
import type {SqlLimits} from '../lib/sql/limits.js'
import type {ReadGate} from './read-gate.js'
import type {ResponseCache} from './response-cache.js'
import type {WriteQueue} from './write-queue.js'

/** What every route may use: the database (writes), the read pool, the cache and the settings. */
export interface ApiDeps {
  bench: BenchDb
  reads: ReadGate
  cache: ResponseCache
  /** The one ingest lane (group commit); invalidates `cache` after each commit. */
  writes: WriteQueue
  /** Bearer token for writes (POST /api/results, /api/query); undefined disables them. */
  token?: string
  enableSql: boolean
  /** Caps of user SQL (see ../lib/sql/limits.ts). */
  sqlLimits: Partial<SqlLimits>
  /** User SQL statements run at once (one worker thread each). */
  sqlThreads: number
  /** Bearer token of /api/local/* (db:query and db:compare of the same user); undefined disables them. */
  localToken?: string
}

export type AppEnv = {Variables: {requestId: string}}
export type Api = OpenAPIHono<AppEnv>

/** A route sets this response header to replace the app's Content-Security-Policy (app.ts applies it). */
export const CSP_OVERRIDE_HEADER = 'X-Benchdb-Csp'
