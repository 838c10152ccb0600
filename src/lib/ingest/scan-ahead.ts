import type {ScanItem} from './discover.js'

/** Paths held ahead of the engine at most (~150 bytes each): two ledger-lookup chunks. */
export const SCAN_AHEAD_ITEMS = 16_384

/**
 * Runs a scan ahead of its consumer, in the background of the main thread: a batch of paths,
 * then a turn of the event loop, and so on while fewer than `limit` paths wait. Listing and
 * stat'ing a tree is main-thread work, while opening the database, checking its schema and
 * reading the ledger are mostly waits on DuckDB's threads; run one after the other they added
 * up (a no-op rerun of 10,000 files spent ~0.18 s of its ~1 s waiting), run this way they
 * overlap. Order and content are those of the scan; memory is bounded by `limit`. An error of
 * the scan reaches the consumer after the paths listed before it.
 *
 * `close()` stops the scan (also done when the consumer stops iterating early).
 */
export class ScanAhead implements AsyncIterable<ScanItem>, AsyncIterator<ScanItem> {
  private batches: ScanItem[][] = []
  /** Position in batches[0]. */
  private at = 0
  private held = 0
  private running = false
  private ended = false
  private stopped = false
  private error: {err: unknown} | null = null
  private waiter: (() => void) | null = null

  constructor(
    private readonly source: AsyncIterator<ScanItem[]>,
    private readonly limit = SCAN_AHEAD_ITEMS,
  ) {
    this.pump()
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  /** Paths scanned and not yet taken (tests). */
  get waiting(): number {
    return this.held
  }

  next(): Promise<IteratorResult<ScanItem>> {
    // Not an async function: a path already scanned costs one resolved promise, no more.
    if (this.held > 0) {
      const batch = this.batches[0]
      const value = batch[this.at++]
      this.held--
      if (this.at >= batch.length) {
        this.batches.shift()
        this.at = 0
      }
      if (this.held <= this.limit / 2) this.pump()
      return Promise.resolve({value, done: false})
    }
    if (this.error) {
      const {err} = this.error
      this.error = null
      this.stopped = true
      return Promise.reject(err)
    }
    if (this.ended || this.stopped) return Promise.resolve({value: undefined, done: true})
    this.pump()
    return new Promise((resolve) => {
      this.waiter = () => resolve(this.next())
    })
  }

  async return(): Promise<IteratorResult<ScanItem>> {
    await this.close()
    return {value: undefined, done: true}
  }

  /** Stops scanning and drops what was scanned ahead. */
  async close(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    this.batches = []
    this.held = 0
    this.wake()
    if (!this.ended) await this.source.return?.(undefined)?.catch(() => undefined)
  }

  private wake(): void {
    const w = this.waiter
    this.waiter = null
    w?.()
  }

  private pump(): void {
    if (this.running || this.ended || this.stopped) return
    this.running = true
    setImmediate(() => void this.run())
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopped && this.held < this.limit) {
        const r = await this.source.next()
        if (this.stopped) break
        if (r.done) {
          this.ended = true
          break
        }
        if (r.value.length) {
          this.batches.push(r.value)
          this.held += r.value.length
          this.wake()
        }
        // A turn of the event loop: completions of DuckDB work started meanwhile are handled now.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
    } catch (err) {
      this.error = {err}
      this.ended = true
    }
    this.running = false
    this.wake()
  }
}
