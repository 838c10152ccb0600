/** PNG rendering for any ChartSpec. Importing this loads Chart.js and the native canvas. */
import type {ChartSpec} from '../types.js'
import {renderBarChartPng} from './bar.js'
import {renderHeatmapPng} from './heatmap.js'
import {renderLineChartPng} from './line.js'

export {barChartConfig, renderBarChartPng} from './bar.js'
export {lineChartConfig, renderLineChartPng} from './line.js'
export {renderHeatmapPng} from './heatmap.js'
export {DATASET_COLOURS, STATE_STYLES, datasetColour} from './palette.js'

export interface ChartSize {
  width?: number
  /** Heat maps default to the height their rows need; other charts to 450. */
  height?: number
}

export type ChartRenderer = (spec: ChartSpec, size?: ChartSize) => Promise<Buffer>

export const renderChartPng: ChartRenderer = (spec, size = {}) => {
  switch (spec.kind) {
    case 'bar':
      return renderBarChartPng(spec, size.width, size.height)
    case 'line':
      return renderLineChartPng(spec, size.width, size.height)
    case 'heatmap':
      return renderHeatmapPng(spec, size.width, size.height)
  }
}
