import {describe, expect, test} from '@jest/globals'
import {loadImage, createCanvas} from '@napi-rs/canvas'

import {Ticks, type Tick} from 'chart.js'

import {DATASET_COLOURS, STATE_STYLES, barChartConfig, lineChartConfig, renderChartPng} from '../../src/lib/render/charts/index.js'
import {numericTickLabel} from '../../src/lib/render/charts/common-options.js'
import {isPng, pngSize, type BarChartSpec, type ChartSpec, type HeatmapSpec, type LineChartSpec} from '../../src/lib/render/index.js'

const bar: BarChartSpec = {
  kind: 'bar',
  title: 'Throughput by hardware',
  categories: ['cpu', 'cuda', 'rocm'],
  datasets: [
    {label: '1', values: [10, 200, 150]},
    {label: '8', values: [40, 600, null]},
  ],
  xLabel: 'Hardware',
  yLabel: 'Throughput',
  yUnit: 'items/s',
  legendTitle: 'Batch size',
}

const line: LineChartSpec = {
  kind: 'line',
  title: 'Latency over time',
  xType: 'time',
  xLabel: 'Run date',
  yLabel: 'Latency',
  yUnit: 'ms',
  series: [
    {label: 'cpu', points: [{x: '2025-01-01', y: 30}, {x: '2025-01-05', y: 28}, {x: '2025-02-01', y: 25}]},
    {label: 'cuda', points: [{x: '2025-01-01', y: 5}, {x: '2025-02-01', y: 4}]},
  ],
}

const heatmap: HeatmapSpec = {
  kind: 'heatmap',
  title: 'Compatibility',
  rows: ['bert', 't5'],
  columns: ['cpu', 'cuda', 'webgpu'],
  cells: [
    ['compatible', 'incompatible', 'partial'],
    ['untested', null, 'compatible'],
  ],
  rowLabel: 'Model',
  columnLabel: 'Hardware',
}

async function colours(png: Buffer): Promise<Set<string>> {
  const image = await loadImage(png)
  const canvas = createCanvas(image.width, image.height)
  const ctx = canvas.getContext('2d')
  ctx.drawImage(image, 0, 0)
  const {data} = ctx.getImageData(0, 0, image.width, image.height)
  const seen = new Set<string>()
  for (let i = 0; i < data.length; i += 4) {
    seen.add(`#${[data[i], data[i + 1], data[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`)
  }
  return seen
}

describe.each<[string, ChartSpec, string[]]>([
  ['bar', bar, DATASET_COLOURS.slice(0, 2)],
  ['line', line, DATASET_COLOURS.slice(0, 2)],
  ['heatmap', heatmap, Object.values(STATE_STYLES).map((s) => s.fill)],
])('%s chart', (_kind, spec, expectedColours) => {
  test('is a PNG of the requested size, byte-identical on re-render, with the dataset colours', async () => {
    const first = await renderChartPng(spec, {width: 640, height: 360})
    expect(isPng(first)).toBe(true)
    expect(pngSize(first)).toEqual({width: 640, height: 360})
    const second = await renderChartPng(spec, {width: 640, height: 360})
    expect(Buffer.compare(first, second)).toBe(0)
    const seen = await colours(first)
    for (const colour of expectedColours) expect(seen).toContain(colour)
    expect(seen).toContain('#ffffff') // painted background, not transparent
  })
})

test('chart sizes default to 800 × 450, and heat maps grow with their rows', async () => {
  expect(pngSize(await renderChartPng(bar))).toEqual({width: 800, height: 450})
  const small = pngSize(await renderChartPng(heatmap))
  const rows = Array.from({length: 40}, (_v, i) => `model-${i}`)
  const big = pngSize(await renderChartPng({...heatmap, rows, cells: rows.map(() => ['compatible'])}))
  expect(small.width).toBe(800)
  expect(big.height).toBeGreaterThan(small.height + 30 * 20)
})

test('untested cells do not look like incompatible ones', () => {
  expect(STATE_STYLES.untested.fill).not.toBe(STATE_STYLES.incompatible.fill)
})

describe('numeric tick labels', () => {
  const ticks = (values: number[]): Tick[] => values.map((value) => ({value}))
  // Chart.js's own formatter, pinned to en-US (by default it takes the machine's locale).
  const chartJs = (value: number, index: number, t: Tick[]) =>
    Ticks.formatters.numeric.call({chart: {options: {locale: 'en-US'}}, options: {ticks: {}}} as never, value, index, t)

  test("are Chart.js's labels in en-US, whatever the machine's locale", () => {
    const sets = [[0, 500, 1000, 1500, 2000], [0, 0.2, 0.4, 0.6, 0.8], [0, 0.00002, 0.00004], [1e15, 1e16, 2e16], [3], [0, 2.5, 5, 7.5, 10], [-1250, 0, 1250], [0, 200000, 400000, 600000]]
    let compared = 0
    for (const set of sets) {
      set.forEach((v, i) => {
        expect(numericTickLabel(v, i, ticks(set))).toBe(chartJs(v, i, ticks(set)))
        compared++
      })
    }
    expect(compared).toBe(29)
    expect(numericTickLabel(1500, 3, ticks([0, 500, 1000, 1500]))).toBe('1,500')
    expect(numericTickLabel(0.4, 2, ticks([0, 0.2, 0.4]))).toBe('0.4')
  })

  test('bar charts and linear line axes use them', () => {
    const y = barChartConfig(bar).options?.scales?.y as {ticks?: {callback?: unknown}}
    expect(y.ticks?.callback).toBe(numericTickLabel)
    const x = lineChartConfig({...line, xType: 'linear', series: [{label: 'a', points: [{x: 1, y: 2}]}]}).options?.scales?.x as {ticks?: {callback?: unknown}}
    expect(x.ticks?.callback).toBe(numericTickLabel)
  })
})
