/**
 * Charts drawn on a worker thread, for one-shot processes (`db:query --format html|png`). Loading
 * Chart.js, the native canvas and the font, and drawing the first chart in a fresh V8, cost about
 * 0.3 s of single-threaded work; started before the query, the thread does the loading on the
 * other core while the main thread opens DuckDB and computes, and draws while the main thread
 * renders the HTML tables. The worker runs the same renderChartPng on the same font, so the bytes
 * are those of the in-process renderer. Without the compiled worker file (tests running the
 * TypeScript sources), or if the thread dies, charts are drawn in process instead.
 */
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'

import type {ChartSpec} from '../types.js'
import type {ChartRenderer, ChartSize} from './index.js'
import type {ChartJob, ChartReply} from './worker.js'

export interface ChartThread {
  render: ChartRenderer
  /**
   * Starts drawing a chart that `render` will probably be asked for (see MetaOptions.prefetchChart):
   * a later `render` of the same spec and size takes this drawing instead of starting another.
   */
  prefetch(spec: ChartSpec, size?: ChartSize): void
  /** Stops the thread (pending renders fall back to the main thread). */
  close(): Promise<void>
}

const inProcess: ChartRenderer = async (spec, size) => (await import('./index.js')).renderChartPng(spec, size)

/** Starts the chart thread now; its renderer falls back to drawing in process when it cannot be used. */
export function startChartThread(): ChartThread {
  const file = fileURLToPath(new URL('./worker.js', import.meta.url))
  // In process, drawing early would only move the work around on the same thread.
  if (!existsSync(file)) return {render: inProcess, prefetch: () => {}, close: async () => {}}
  const worker = new Worker(file)
  // Idle, the thread must not keep the process alive; while a chart is pending it must.
  worker.unref()
  const pending = new Map<number, {spec: ChartSpec; size?: ChartSize; resolve: (png: Buffer) => void; reject: (err: Error) => void}>()
  let nextId = 0
  let dead = false
  const fallBack = () => {
    dead = true
    worker.unref()
    for (const job of pending.values()) inProcess(job.spec, job.size).then(job.resolve, job.reject)
    pending.clear()
  }
  worker.on('message', (reply: ChartReply) => {
    const job = pending.get(reply.id)
    if (!job) return
    pending.delete(reply.id)
    if (pending.size === 0) worker.unref()
    if ('error' in reply) job.reject(new Error(reply.error))
    else job.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength))
  })
  worker.on('error', fallBack)
  worker.on('exit', fallBack)
  const draw = (spec: ChartSpec, size?: ChartSize): Promise<Buffer> => {
    if (dead) return inProcess(spec, size)
    return new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, {spec, size, resolve, reject})
      worker.ref()
      worker.postMessage({id, spec, size} satisfies ChartJob)
    })
  }
  const early = new Map<string, Promise<Buffer>>()
  const keyOf = (spec: ChartSpec, size?: ChartSize) => JSON.stringify([spec, size?.width ?? null, size?.height ?? null])
  return {
    render(spec, size) {
      const key = keyOf(spec, size)
      const drawn = early.get(key)
      early.delete(key)
      return drawn ?? draw(spec, size)
    },
    prefetch(spec, size) {
      // A failed early drawing is drawn again (and its error reported) when render asks for it.
      early.set(keyOf(spec, size), draw(spec, size).catch(() => draw(spec, size)))
    },
    async close() {
      if (dead) return
      dead = true
      // A prefetched chart nobody asked for (an HTML report draws its charts in the browser) is
      // dropped, not drawn in process by the exit handler.
      pending.clear()
      worker.off('exit', fallBack)
      worker.off('error', fallBack)
      // Not awaited: on Node 20, terminate() of a worker still loading can leave its promise unsettled
      // while the loop drains, and the process then exits 13 ("unsettled top-level await") after its
      // output was written. An unref'd worker is stopped with the process anyway.
      worker.unref()
      void worker.terminate().catch(() => {})
    },
  }
}
