import {BenchDb} from '../lib/db/bench-db.js'
import {ApiError} from './errors.js'

/**
 * Reads run on a small pool of extra connections (each a BenchDb, so the query library's
 * functions run on them too, never inside a write transaction of the main connection) to the server's one DuckDB instance (DuckDB
 * runs queries on several connections in parallel; one connection would serialise everything).
 * When all are busy, requests wait in a bounded queue; a full queue or a long wait answers 503
 * with Retry-After instead of piling up latency (the "database busy" case).
 */
export class ReadGate {
  private idle_: BenchDb[] = []
  private waiting: Array<{resolve: (db: BenchDb) => void; reject: (e: Error) => void; timer: NodeJS.Timeout}> = []
  private all: BenchDb[] = []
  private closed = false

  private constructor(
    private readonly maxQueue: number,
    private readonly maxWaitMs: number,
  ) {}

  static async open(path: string, connections: number, options: {maxQueue?: number; maxWaitMs?: number; showAs?: string} = {}): Promise<ReadGate> {
    const gate = new ReadGate(options.maxQueue ?? 512, options.maxWaitMs ?? 5000)
    for (let i = 0; i < connections; i++) {
      const db = await BenchDb.open(path, {mustExist: true})
      if (options.showAs) db.showAs(options.showAs)
      gate.all.push(db)
      gate.idle_.push(db)
    }
    return gate
  }

  get busy(): boolean {
    return this.idle_.length === 0
  }

  async use<T>(fn: (db: BenchDb) => Promise<T>): Promise<T> {
    const db = await this.acquire()
    try {
      return await fn(db)
    } finally {
      this.release(db)
    }
  }

  private acquire(): Promise<BenchDb> {
    if (this.closed) return Promise.reject(busy('the server is shutting down'))
    const db = this.idle_.pop()
    if (db) return Promise.resolve(db)
    if (this.waiting.length >= this.maxQueue) return Promise.reject(busy('the database is busy: too many queued requests'))
    return new Promise((resolve, reject) => {
      const entry = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiting = this.waiting.filter((w) => w !== entry)
          reject(busy(`the database is busy: no connection free within ${this.maxWaitMs} ms`))
        }, this.maxWaitMs),
      }
      this.waiting.push(entry)
    })
  }

  private release(db: BenchDb): void {
    const next = this.waiting.shift()
    if (next) {
      clearTimeout(next.timer)
      next.resolve(db)
    } else {
      this.idle_.push(db)
    }
  }

  /** No more work: requests still queued for a connection get 503 (used when closing). */
  drain(): void {
    this.closed = true
    for (const w of this.waiting) {
      clearTimeout(w.timer)
      w.reject(busy('the server is shutting down'))
    }
    this.waiting = []
  }

  /**
   * Resolves once every connection is back in the pool. A handler whose client hung up keeps its
   * query running after the HTTP server has closed; closing its connection under it (or
   * checkpointing around it) would block, so shutdown waits for it here.
   */
  async idle(): Promise<void> {
    while (this.idle_.length < this.all.length || this.waiting.length > 0) await new Promise((r) => setTimeout(r, 20))
  }

  close(): void {
    this.drain()
    for (const db of this.all) db.close()
  }
}

function busy(message: string): ApiError {
  return new ApiError(503, 'database_busy', message, undefined, {'Retry-After': '1'})
}
