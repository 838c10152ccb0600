import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import type {ChildProcess} from 'node:child_process'
import {BenchError} from '../errors.js'
import type {SqlOptions, SqlResult} from '../report/sandbox-sql.js'
import {DEFAULT_SQL_LIMITS, limitExceeded} from './limits.js'
import type {SqlJob, SqlReply} from './worker.js'

/**
 * After the statement's own timeout (which interrupts DuckDB inside the process and answers
 * normally), the process gets this long to reply before it is killed: one stuck converting or
 * serialising a huge value never answers on its own.
 */
export const TERMINATE_GRACE_MS = 250

interface Slot {
  worker: ChildProcess
  busy: boolean
}

/**
 * User SQL runs in worker processes, never on the thread that answers other requests: converting
 * and serialising a result is synchronous JavaScript, and one huge value would stall (or, past the
 * heap limit, kill) the whole server. Processes rather than threads: a worker thread cannot be
 * terminated while DuckDB's native code works for it (the addon aborts the whole process), a
 * process can be killed. Each has its own V8 heap cap (--max-old-space-size) and opens its own
 * sandboxed DuckDB instance with its own memory_limit. One that overruns the timeout is killed and
 * replaced; one that runs out of heap dies alone and the statement gets a limit error. At most
 * `size` statements run at once; the others wait their turn (their timeout runs meanwhile: it
 * covers the whole request).
 */
export class SqlWorkerPool {
  private slots: Slot[] = []
  private waiting: Array<() => void> = []
  private nextId = 0
  private closed = false

  constructor(
    private readonly size = 2,
    private readonly heapMb = DEFAULT_SQL_LIMITS.heapMb,
  ) {}

  /** The compiled worker: beside this module in dist/, or dist/ seen from the TypeScript sources (tests). */
  static workerFile(): string | undefined {
    const beside = fileURLToPath(new URL('./worker.js', import.meta.url))
    if (existsSync(beside)) return beside
    const built = fileURLToPath(new URL('../../../dist/lib/sql/worker.js', import.meta.url))
    return existsSync(built) ? built : undefined
  }

  /** Starts the processes now, so the first statement does not pay for loading Node and DuckDB. */
  async warm(): Promise<void> {
    while (this.slots.length < this.size) this.slots.push(await this.spawn())
  }

  async run(path: string, sql: string, options: SqlOptions & {timeoutMs: number}): Promise<SqlResult> {
    if (!(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) {
      throw new BenchError('usage', `the timeout must be a positive number of milliseconds, got ${options.timeoutMs}`)
    }
    const deadline = Date.now() + options.timeoutMs + TERMINATE_GRACE_MS
    const slot = await this.acquire(deadline, options.timeoutMs)
    const remaining = Math.max(1, deadline - Date.now() - TERMINATE_GRACE_MS)
    try {
      return await this.post(slot, {id: ++this.nextId, path, sql, options: {...options, timeoutMs: remaining}}, remaining, options.timeoutMs)
    } finally {
      this.release(slot)
    }
  }

  private post(slot: Slot, job: SqlJob, remaining: number, timeoutMs: number): Promise<SqlResult> {
    return new Promise<SqlResult>((resolve, reject) => {
      const {worker} = slot
      const done = () => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
      }
      const onMessage = (reply: SqlReply | {ready: true}) => {
        if (!('id' in reply) || reply.id !== job.id) return
        done()
        if ('result' in reply) resolve(reply.result)
        else reject(new BenchError(reply.error.kind, reply.error.message, reply.error.details))
      }
      const onError = (err: Error) => {
        done()
        this.discard(slot)
        reject(new BenchError('internal', `the SQL process failed: ${err.message}`))
      }
      // V8 ends a process out of heap with SIGABRT (or exit code 134): the statement's result was too big.
      const onExit = (code: number | null, signal: string | null) => {
        done()
        this.discard(slot)
        reject(
          signal === 'SIGABRT' || code === 134
            ? limitExceeded('memory', `the query's result needs more than the ${this.heapMb} MB its process may hold`)
            : new BenchError('internal', `the SQL process ended unexpectedly (${signal ?? `exit code ${code}`})`),
        )
      }
      const timer = setTimeout(() => {
        done()
        this.discard(slot)
        reject(timeoutError(timeoutMs))
      }, remaining + TERMINATE_GRACE_MS)
      worker.on('message', onMessage)
      worker.once('error', onError)
      worker.once('exit', onExit)
      worker.send(job)
    })
  }

  private async acquire(deadline: number, timeoutMs: number): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new BenchError('io', 'the SQL threads are shut down')
      const idle = this.slots.find((s) => !s.busy)
      if (idle) {
        idle.busy = true
        return idle
      }
      if (this.slots.length < this.size) {
        const slot = await this.spawn()
        slot.busy = true
        this.slots.push(slot)
        return slot
      }
      const wait = deadline - Date.now() - TERMINATE_GRACE_MS
      if (wait <= 0) throw timeoutError(timeoutMs)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait)
        this.waiting.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  private release(slot: Slot): void {
    slot.busy = false
    this.waiting.shift()?.()
  }

  /** Kills a process that timed out or died; a fresh one replaces it on the next request. */
  private discard(slot: Slot): void {
    this.slots = this.slots.filter((s) => s !== slot)
    slot.worker.removeAllListeners('exit')
    slot.worker.on('error', () => undefined)
    slot.worker.kill('SIGKILL')
    this.waiting.shift()?.()
  }

  private async spawn(): Promise<Slot> {
    const file = SqlWorkerPool.workerFile()
    if (!file) throw new BenchError('internal', 'the compiled SQL worker (dist/lib/sql/worker.js) is missing: run `npm run build`')
    const {fork} = await import('node:child_process')
    const worker = fork(file, [], {
      execArgv: [`--max-old-space-size=${this.heapMb}`],
      // Dates and bigints survive the trip; stdout stays free, stderr is the parent's (a crash says why).
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    })
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve())
      worker.once('error', reject)
      worker.once('exit', (code) => reject(new BenchError('internal', `the SQL process did not start (exit code ${code})`)))
    })
    worker.removeAllListeners('exit')
    worker.removeAllListeners('error')
    // An idle process must not keep a one-shot CLI alive.
    worker.unref()
    worker.channel?.unref()
    return {worker, busy: false}
  }

  async close(): Promise<void> {
    this.closed = true
    for (const w of this.waiting.splice(0)) w()
    for (const s of this.slots.splice(0)) s.worker.kill('SIGKILL')
  }
}

function timeoutError(timeoutMs: number): BenchError {
  return new BenchError('data', `the query was interrupted after the ${timeoutMs} ms timeout`, {
    hint: 'Narrow the query, or raise the timeout.',
    data: {timeoutMs},
  })
}
