/** Grouped bar charts: categories (e.g. hardware) on x, one coloured dataset per group (e.g. batch size). */
import type {ChartConfiguration} from 'chart.js'

import type {BarChartSpec} from '../types.js'
import {renderChartJsPng} from './canvas.js'
import {commonOptions} from './common-options.js'
import {datasetColour} from './palette.js'

export function barChartConfig(spec: BarChartSpec): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: spec.categories,
      datasets: spec.datasets.map((dataset, index) => ({
        label: dataset.label,
        data: dataset.values,
        backgroundColor: datasetColour(index),
        borderColor: datasetColour(index),
        borderWidth: 0,
      })),
    },
    options: commonOptions(spec) as ChartConfiguration<'bar'>['options'],
  }
}

export function renderBarChartPng(spec: BarChartSpec, width = 800, height = 450): Promise<Buffer> {
  return renderChartJsPng(barChartConfig(spec) as ChartConfiguration, width, height)
}
