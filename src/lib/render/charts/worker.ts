/**
 * The chart thread's entry (see thread.ts): loads Chart.js, the native canvas and the chart font
 * as soon as it starts, then renders each ChartSpec it is sent with the same code as the main
 * thread (renderChartPng), so the PNG bytes are the same.
 */
import {parentPort} from 'node:worker_threads'

import {ensureChartSetup} from './canvas.js'
import {renderChartPng, type ChartSize} from './index.js'
import type {ChartSpec} from '../types.js'

export interface ChartJob {
  id: number
  spec: ChartSpec
  size?: ChartSize
}

export type ChartReply = {id: number; png: Uint8Array} | {id: number; error: string}

ensureChartSetup()

parentPort!.on('message', async ({id, spec, size}: ChartJob) => {
  try {
    const png = await renderChartPng(spec, size)
    parentPort!.postMessage({id, png} satisfies ChartReply)
  } catch (err) {
    parentPort!.postMessage({id, error: (err as Error).message} satisfies ChartReply)
  }
})
