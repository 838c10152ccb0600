import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import type {Worker} from 'node:worker_threads'
import {packRaw, RAW_ENCODING} from './raw-document.js'

type Packed = {encoding: string; bytes: Uint8Array}

/**
 * Compresses raw documents for the ledger. Each zlib call costs a fresh compressor (~100 us of
 * set-up, more than the 2-3 KB it compresses), which on one thread is the single largest cost of
 * ingesting small files. So the work goes to one worker thread, in groups of documents, while
 * the main thread reads, parses and maps the next files; the batch writer awaits the results
 * before its transaction. Without the compiled worker file (tests running the TypeScript
 * sources) it compresses inline: same bytes, same encoding.
 */
export class RawCompressor {
  private worker: Worker | null = null
  private group: Array<{bytes: Uint8Array; resolve: (p: Packed) => void}> = []
  private waiting = new Map<number, Array<{bytes: Uint8Array; resolve: (p: Packed) => void}>>()
  private nextId = 0
  private failed: Error | null = null

  private constructor(private readonly groupSize: number) {}

  static async create(options: {threaded?: boolean; groupSize?: number} = {}): Promise<RawCompressor> {
    const c = new RawCompressor(options.groupSize ?? 64)
    const file = fileURLToPath(new URL('./raw-compress-worker.js', import.meta.url))
    if (options.threaded !== false && existsSync(file)) {
      const {Worker} = await import('node:worker_threads')
      c.worker = new Worker(file)
      c.worker.unref()
      c.worker.on('message', (m: {id: number; out: Uint8Array[]}) => {
        const group = c.waiting.get(m.id)!
        c.waiting.delete(m.id)
        m.out.forEach((b, i) => group[i].resolve({encoding: RAW_ENCODING, bytes: new Uint8Array(b)}))
      })
      // A dead worker must not strand a batch: whatever it held is compressed here instead.
      c.worker.on('error', (err) => {
        c.failed = err
        for (const group of c.waiting.values()) for (const g of group) g.resolve(packRaw(g.bytes))
        c.waiting.clear()
      })
    }
    return c
  }

  pack(bytes: Uint8Array): Promise<Packed> {
    if (!this.worker || this.failed) return Promise.resolve(packRaw(bytes))
    return new Promise((resolve) => {
      this.group.push({bytes, resolve})
      if (this.group.length >= this.groupSize) this.send()
    })
  }

  /** Sends the partial group (the batch writer is about to wait for it). */
  drain(): void {
    if (this.group.length) this.send()
  }

  private send(): void {
    const group = this.group
    this.group = []
    const id = this.nextId++
    this.waiting.set(id, group)
    // Structured clone copies a view's whole ArrayBuffer (readFileSync buffers may share a pool),
    // so each document gets its own exact-size buffer, transferred rather than copied again.
    const docs = group.map((g) => new Uint8Array(g.bytes))
    this.worker!.postMessage({id, docs}, docs.map((d) => d.buffer))
  }

  async close(): Promise<void> {
    if (this.worker) await this.worker.terminate()
    this.worker = null
  }
}
