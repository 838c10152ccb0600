/**
 * The process user SQL runs in (see worker-pool.ts): it opens its own sandboxed DuckDB instance,
 * streams, converts and counts the rows, and sends back the result. A statement that exhausts this
 * process's heap, or overruns its timeout and is killed, takes only this process down.
 */
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

if (process.send) {
  const send = (reply: SqlReply | {ready: true}) => process.send!(reply)
  process.on('message', (job: SqlJob) => {
    runSandboxedSql(job.path, job.sql, job.options).then(
      (result) => send({id: job.id, result}),
      (err: unknown) => {
        const e = err instanceof BenchError ? err : new BenchError('internal', err instanceof Error ? err.message : String(err))
        send({id: job.id, error: {kind: e.kind, message: e.message, details: e.details}})
      },
    )
  })
  // The parent went away (it crashed or was killed): nothing is waiting for an answer.
  process.on('disconnect', () => process.exit(0))
  send({ready: true})
}
