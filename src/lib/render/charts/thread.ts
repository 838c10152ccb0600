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
  /** Stops the thread (pending renders fall back to the main thread). */
  close(): Promise<void>
}

const inProcess: ChartRenderer = async (spec, size) => (await import('./index.js')).renderChartPng(spec, size)

/** Starts the chart thread now; its renderer falls back to drawing in process when it cannot be used. */
export function startChartThread(): ChartThread {
  const file = fileURLToPath(new URL('./worker.js', import.meta.url))
  if (!existsSync(file)) return {render: inProcess, close: async () => {}}
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
  return {
    render(spec, size) {
      if (dead) return inProcess(spec, size)
      return new Promise((resolve, reject) => {
        const id = nextId++
        pending.set(id, {spec, size, resolve, reject})
        worker.ref()
        worker.postMessage({id, spec, size} satisfies ChartJob)
      })
    },
    async close() {
      if (dead) return
      dead = true
      await worker.terminate()
    },
  }
}
