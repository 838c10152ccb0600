/** Chart.js options shared by bar and line charts: title, subtitle, legend and axis titles. */
import type {ChartOptions, Tick} from 'chart.js'

import {columnHeader, formatFixed} from '../format.js'
import {GRID_COLOUR} from './palette.js'

export interface CommonChartText {
  title: string
  subtitle?: string
  xLabel?: string
  yLabel: string
  yUnit?: string
  legendTitle?: string
}

/**
 * Labels of numeric ticks: Chart.js's own numeric formatter (same decimals, from the step between
 * ticks) but always in en-US. Chart.js formats with the machine's default locale (LANG=de_DE
 * gives "1.000,5"), which would make the same data give different PNG bytes on different
 * machines, and its Intl.NumberFormat costs a fresh process ~25 ms of ICU set-up.
 */
export function numericTickLabel(value: number | string, _index: number, ticks: Tick[]): string {
  const v = Number(value)
  if (v === 0) return '0'
  let delta = v
  let scientific = false
  if (ticks.length > 1) {
    const maxTick = Math.max(Math.abs(ticks[0].value), Math.abs(ticks[ticks.length - 1].value))
    scientific = maxTick < 1e-4 || maxTick > 1e15
    delta = ticks.length > 3 ? ticks[2].value - ticks[1].value : ticks[1].value - ticks[0].value
    if (Math.abs(delta) >= 1 && v !== Math.floor(v)) delta = v - Math.floor(v)
  }
  const logDelta = Math.log10(Math.abs(delta))
  const decimals = Number.isNaN(logDelta) ? 1 : Math.max(Math.min(-1 * Math.floor(logDelta), 20), 0)
  if (scientific) {
    return new Intl.NumberFormat('en-US', {notation: 'scientific', minimumFractionDigits: decimals, maximumFractionDigits: decimals}).format(v)
  }
  return formatFixed(v, decimals)
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
        // Headroom above the tallest bar or point (as in the HTML charts): 11.97 must not touch an axis max of 12.
        grace: '8%',
        ticks: {callback: numericTickLabel},
        title: {display: true, text: columnHeader({title: text.yLabel, unit: text.yUnit}), font: {weight: 'bold'}},
        grid: {color: GRID_COLOUR},
      },
    },
  }
}
