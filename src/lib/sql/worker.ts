/**
 * The thread user SQL runs on (see worker-pool.ts): it opens its own sandboxed DuckDB instance,
 * streams, converts and counts the rows, and hands back the result. A statement that exhausts this
 * thread's heap kills the thread, not the process.
 */
import {parentPort} from 'node:worker_threads'
import {BenchError} from '../errors.js'
import {runSandboxedSql, type SqlOptions, type SqlResult} from '../report/sandbox-sql.js'

export interface SqlJob {
  id: number
  path: string
  sql: string
  options: SqlOptions
}

export type SqlReply =
  | {id: number; result: SqlResult}
  | {id: number; error: {kind: BenchError['kind']; message: string; details: BenchError['details']}}

parentPort?.on('message', (job: SqlJob) => {
  runSandboxedSql(job.path, job.sql, job.options).then(
    (result) => parentPort!.postMessage({id: job.id, result} satisfies SqlReply),
    (err: unknown) => {
      const e = err instanceof BenchError ? err : new BenchError('internal', err instanceof Error ? err.message : String(err))
      parentPort!.postMessage({id: job.id, error: {kind: e.kind, message: e.message, details: e.details}} satisfies SqlReply)
    },
  )
})
parentPort?.postMessage({ready: true})
