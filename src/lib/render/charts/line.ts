/**
 * Trend lines. Time is a category axis of sorted ISO strings (benchmark runs are irregular events,
 * and this needs no date adapter); run indexes use a linear axis.
 */
import type {ChartConfiguration, ChartDataset} from 'chart.js'

import {lineXValues} from '../chart-data.js'
import {formatDate} from '../format.js'
import type {LineChartSpec} from '../types.js'
import {renderChartJsPng} from './canvas.js'
import {commonOptions, numericTickLabel} from './common-options.js'
import {datasetColour} from './palette.js'

function style(index: number) {
  const colour = datasetColour(index)
  return {borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 3, spanGaps: true, tension: 0}
}

/** Date-only labels when every point is at midnight UTC, so daily trends do not repeat 00:00:00. */
function timeLabels(xs: (string | number)[]): string[] {
  const formatted = xs.map((x) => formatDate(x))
  return formatted.every((label) => label.length === 10 || label.endsWith(' 00:00:00')) ? formatted.map((l) => l.slice(0, 10)) : formatted
}

export function lineChartConfig(spec: LineChartSpec): ChartConfiguration<'line'> {
  const options = commonOptions(spec) as NonNullable<ChartConfiguration<'line'>['options']>
  if (spec.xType === 'linear') {
    return {
      type: 'line',
      data: {
        datasets: spec.series.map((series, index) => ({
          label: series.label,
          data: series.points.map((p) => ({x: Number(p.x), y: p.y})),
          ...style(index),
        })) as ChartDataset<'line'>[],
      },
      // The shared x options were typed for a category axis. Run indexes are whole numbers.
      options: {...options, scales: {...options.scales, x: {...options.scales?.x, type: 'linear', ticks: {precision: 0, callback: numericTickLabel}}}} as typeof options,
    }
  }
  const xs = lineXValues(spec)
  return {
    type: 'line',
    data: {
      labels: timeLabels(xs),
      datasets: spec.series.map((series, index) => {
        const byX = new Map(series.points.map((p) => [p.x, p.y]))
        return {label: series.label, data: xs.map((x) => byX.get(x) ?? null), ...style(index)}
      }),
    },
    // Offset keeps the first and last date labels inside the canvas.
    options: {...options, scales: {...options.scales, x: {...options.scales?.x, offset: true}}},
  }
}

export function renderLineChartPng(spec: LineChartSpec, width = 800, height = 450): Promise<Buffer> {
  return renderChartJsPng(lineChartConfig(spec) as ChartConfiguration, width, height)
}
