import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import type {Worker} from 'node:worker_threads'
import {BenchError} from '../errors.js'
import type {SqlOptions, SqlResult} from '../report/sandbox-sql.js'
import {DEFAULT_SQL_LIMITS, limitExceeded} from './limits.js'
import type {SqlJob, SqlReply} from './worker.js'

/**
 * After the statement's own timeout (which interrupts DuckDB inside the thread and answers
 * normally), the thread gets this long to reply before it is terminated: a thread stuck converting
 * or serialising a huge value never answers on its own.
 */
export const TERMINATE_GRACE_MS = 250

interface Slot {
  worker: Worker
  busy: boolean
}

/**
 * User SQL runs on worker threads, never on the thread that answers other requests: converting and
 * serialising a result is synchronous JavaScript, and one huge value would stall (or, past the
 * heap limit, kill) the whole process. Each thread has its own V8 heap cap (`resourceLimits`) and
 * opens its own sandboxed DuckDB instance with its own memory_limit. A thread that overruns the
 * timeout is terminated and replaced; one that runs out of heap dies alone and the statement gets a
 * limit error. At most `size` statements run at once; the others wait their turn (their timeout
 * runs meanwhile: it covers the whole request).
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

  /** Starts the threads now, so the first statement does not pay for loading DuckDB in them. */
  async warm(): Promise<void> {
    while (this.slots.length < this.size) this.slots.push(await this.spawn())
  }

  async run(path: string, sql: string, options: SqlOptions & {timeoutMs: number}): Promise<SqlResult> {
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
      const onError = (err: Error & {code?: string}) => {
        done()
        this.discard(slot)
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? limitExceeded('memory', `the query's result needs more than the ${this.heapMb} MB its thread may hold`)
            : new BenchError('internal', `the SQL thread failed: ${err.message}`),
        )
      }
      const onExit = () => onError(Object.assign(new Error('the SQL thread exited'), {code: 'EXIT'}))
      const timer = setTimeout(() => {
        done()
        this.discard(slot)
        reject(timeoutError(timeoutMs))
      }, remaining + TERMINATE_GRACE_MS)
      worker.on('message', onMessage)
      worker.once('error', onError)
      worker.once('exit', onExit)
      worker.postMessage(job)
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

  /** Terminates a thread that timed out or died; a fresh one replaces it on the next request. */
  private discard(slot: Slot): void {
    this.slots = this.slots.filter((s) => s !== slot)
    slot.worker.removeAllListeners('exit')
    slot.worker.on('error', () => undefined)
    void slot.worker.terminate()
    this.waiting.shift()?.()
  }

  private async spawn(): Promise<Slot> {
    const file = SqlWorkerPool.workerFile()
    if (!file) throw new BenchError('internal', 'the compiled SQL worker (dist/lib/sql/worker.js) is missing: run `npm run build`')
    const {Worker} = await import('node:worker_threads')
    const worker = new Worker(file, {resourceLimits: {maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 16}})
    // An idle thread must not keep a one-shot process alive.
    worker.unref()
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve())
      worker.once('error', reject)
    })
    return {worker, busy: false}
  }

  async close(): Promise<void> {
    this.closed = true
    for (const w of this.waiting.splice(0)) w()
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()))
  }
}

function timeoutError(timeoutMs: number): BenchError {
  return new BenchError('data', `the query was interrupted after the ${timeoutMs} ms timeout`, {
    hint: 'Narrow the query, or raise the timeout.',
    data: {timeoutMs},
  })
}
