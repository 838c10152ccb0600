/**
 * PNG charts (issue 19, item 2): the top bar is not clipped at the frame (8% headroom), every
 * category is labelled (a wider picture for many bars), a comparison "vs cpu" plots speed-ups, and
 * the summary's bars say which hardware each is (one colour per hardware, named in the legend).
 * Read by pixels.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {DATASET_COLOURS, barChartConfig, renderChartPng} from '../../src/lib/render/charts/index.js'
import {GRID_COLOUR} from '../../src/lib/render/charts/palette.js'
import {pngSize, type BarChartSpec} from '../../src/lib/render/index.js'
import {summaryChart} from '../../src/lib/report/documents-reports.js'
import type {SummaryModelRow} from '../../src/lib/report/summary.js'
import {bench, benchJson} from '../helpers/cli.js'
import {bars, readPixels} from '../helpers/pixels.js'
import {sampleDb, type TempDb} from '../helpers/query.js'

const spec = (values: number[]): BarChartSpec => ({
  kind: 'bar', title: 'Throughput', categories: values.map((_, i) => `model-${i}`), datasets: [{label: 'best', values}], yLabel: 'Throughput', yUnit: 'items/s',
})

describe('bar charts', () => {
  test('headroom: a bar at 11.97 ends well below the top of the plot, not at an axis max of 12', async () => {
    const p = await readPixels(await renderChartPng(spec([11.97, 5])))
    const [tallest] = bars(p, [DATASET_COLOURS[0]])
    const cx = Math.round((tallest.x0 + tallest.x1) / 2)
    // The plot's top is its highest grid line above the bar.
    let frame = 0
    while (frame < tallest.top && p.at(cx, frame) !== GRID_COLOUR) frame++
    expect(frame).toBeLessThan(tallest.top)
    const plot = tallest.bottom - frame
    expect((tallest.top - frame) / plot).toBeGreaterThan(0.05)
  })

  test('every category is labelled: ticks are never skipped, and the picture widens for many bars', async () => {
    const many = spec(Array.from({length: 60}, (_, i) => i + 1))
    const x = barChartConfig(many).options!.scales!.x as {ticks: {autoSkip: boolean}}
    expect(x.ticks.autoSkip).toBe(false)
    const png = await renderChartPng(many)
    expect(pngSize(png).width).toBeGreaterThan(60 * 20)
    const p = await readPixels(png)
    expect(bars(p, [DATASET_COLOURS[0]])).toHaveLength(60)
  })

  test('the summary chart colours each bar by the hardware of its fastest series, one legend entry each', async () => {
    const model = (name: string, hw: string, tput: number): SummaryModelRow => ({
      model: name, family: null, hardwareBenchmarked: 1, bestHardware: hw, bestDevice: null, bestMachine: null, bestBatchSize: 8, bestPrecision: null,
      bestThroughput: tput, compatible: 1, incompatible: 0, partial: 0, untested: 0,
    })
    const chart = summaryChart({models: [model('a', 'cpu', 10), model('b', 'cuda', 50), model('c', 'cpu', 20), {...model('d', 'cpu', 0), bestHardware: null, bestThroughput: null}]})
    expect(chart.categories).toEqual(['a', 'b', 'c'])
    expect(chart.datasets.map((d) => d.label)).toEqual(['cpu', 'cuda'])
    const drawn = bars(await readPixels(await renderChartPng(chart)), DATASET_COLOURS.slice(0, 2))
    expect(drawn.map((b) => b.colour)).toEqual([DATASET_COLOURS[0], DATASET_COLOURS[1], DATASET_COLOURS[0]])
    // Not grouped: each bar takes its category's whole bar width, not half of it.
    const widths = drawn.map((b) => b.x1 - b.x0)
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(1)
    // Heights in proportion to the values (10 : 50 : 20).
    const h = drawn.map((b) => b.bottom - b.top)
    expect(h[1] / h[0]).toBeCloseTo(5, 0)
    expect(h[2] / h[0]).toBeCloseTo(2, 0)
  })
})

describe('compare-hardware --format png: speed-ups, since the chart says "vs cpu"', () => {
  let db: TempDb
  beforeAll(async () => {
    db = await sampleDb()
  })
  afterAll(() => db?.cleanup())

  test('latency (lower is better): the cuda bar is taller than the cpu bar by the speed-up, not shorter by the latency ratio', async () => {
    const args = ['db:query', '--db', db.path, '--compare-hardware', '--model', 'bert-base-uncased', '--metric', 'latency', '--batch-size', '1']
    const {json} = benchJson(args)
    const cpu = json.rows.find((r: any) => r.hardware === 'cpu')
    const cuda = json.rows.find((r: any) => r.hardware === 'cuda')
    expect(cpu.speedup).toBe(1)
    expect(cuda.value).toBeLessThan(cpu.value)
    const out = join(db.dir, 'compare.png')
    expect(bench([...args, '--format', 'png', '--output', out]).status).toBe(0)
    const drawn = bars(await readPixels(readFileSync(out)), [DATASET_COLOURS[0]])
    // One bar per series, in the table's order.
    expect(drawn).toHaveLength(json.rows.length)
    const height = (hw: string) => {
      const b = drawn[json.rows.findIndex((r: any) => r.hardware === hw)]
      return b.bottom - b.top + 1
    }
    const ratio = height('cuda') / height('cpu')
    expect(Math.abs(ratio / cuda.speedup - 1)).toBeLessThan(0.08)
    expect(cuda.speedup).toBeCloseTo(cpu.value / cuda.value, 9)
  })
})
