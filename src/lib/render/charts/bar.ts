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
        grouped: spec.grouped !== false,
      })),
    },
    options: barOptions(spec),
  }
}

/** Every category labelled (rotated when needed): a bar without its name cannot be read. */
function barOptions(spec: BarChartSpec): ChartConfiguration<'bar'>['options'] {
  const options = commonOptions(spec) as NonNullable<ChartConfiguration<'bar'>['options']>
  const x = options.scales!.x as {ticks?: object}
  x.ticks = {autoSkip: false, maxRotation: 90, minRotation: 0}
  return options
}

/** Room for every category's label: ~22 px per bar beyond the first 30 (800 px up to there), at most 4,000 px. */
export const barChartWidth = (spec: BarChartSpec): number => Math.min(4000, Math.max(800, 140 + spec.categories.length * 22))

export function renderBarChartPng(spec: BarChartSpec, width = barChartWidth(spec), height = 450): Promise<Buffer> {
  return renderChartJsPng(barChartConfig(spec) as ChartConfiguration, width, height)
}
