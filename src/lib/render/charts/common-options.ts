/** Chart.js options shared by bar and line charts: title, subtitle, legend and axis titles. */
import type {ChartOptions} from 'chart.js'

import {columnHeader} from '../format.js'
import {GRID_COLOUR} from './palette.js'

export interface CommonChartText {
  title: string
  subtitle?: string
  xLabel?: string
  yLabel: string
  yUnit?: string
  legendTitle?: string
}

export function commonOptions(text: CommonChartText): ChartOptions<'bar' | 'line'> {
  return {
    layout: {padding: 12},
    plugins: {
      title: {display: true, text: text.title, font: {size: 18, weight: 'bold'}, padding: {bottom: text.subtitle ? 4 : 12}},
      subtitle: {display: !!text.subtitle, text: text.subtitle ?? '', padding: {bottom: 12}},
      legend: {
        display: true,
        position: 'top',
        title: {display: !!text.legendTitle, text: text.legendTitle ?? '', font: {weight: 'bold'}},
      },
    },
    scales: {
      x: {title: {display: !!text.xLabel, text: text.xLabel ?? '', font: {weight: 'bold'}}, grid: {color: GRID_COLOUR}},
      y: {
        beginAtZero: true,
        title: {display: true, text: columnHeader({title: text.yLabel, unit: text.yUnit}), font: {weight: 'bold'}},
        grid: {color: GRID_COLOUR},
      },
    },
  }
}
