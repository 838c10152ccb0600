/**
 * Reports share one performance scan and apply batch size, precision and simulation to its groups
 * (perf-scan.ts). These tests hold each report's figures to the sample's source values under those
 * filters, so a scan that groups by too little (or matches sample quantiles to the wrong group)
 * shows up as a wrong number.
 */
import {describe, expect, test} from '@jest/globals'

import {compareHardware, compatibilityMatrix, hardwareReport, matrixCell, performanceReport, summaryReport} from '../../src/lib/report/index.js'
import type {ChartSpec} from '../../src/lib/render/types.js'
import {summaryChart} from '../../src/lib/report/documents-reports.js'
import {mean, samplePerformance, useSampleBench} from '../helpers/query.js'

const sample = useSampleBench()
const perf = samplePerformance()

describe('one scan, filters applied to its groups', () => {
  test('summary with --batch-size: counts, simulated rows and fastest hardware from batch-8 rows only', async () => {
    const r = await summaryReport(sample.bench, {batchSize: 8})
    const real = perf.filter((p) => p.batch === 8 && !p.simulated)
    expect(r.overview.performanceResults).toBe(real.length)
    expect(r.meta.simulatedExcluded).toBeGreaterThanOrEqual(perf.filter((p) => p.batch === 8 && p.simulated).length)
    const bert = r.models.find((m) => m.model === 'bert-base-uncased')!
    const byHw = new Map<string, number[]>()
    for (const p of real.filter((x) => x.model === 'bert-base-uncased')) byHw.set(p.hardware, [...(byHw.get(p.hardware) ?? []), p.throughput])
    const best = [...byHw].map(([h, xs]) => ({h, v: mean(xs)})).sort((a, b) => b.v - a.v)[0]
    expect(bert.bestHardware).toBe(best.h)
    expect(bert.bestThroughput).toBeCloseTo(best.v, 9)
    expect(bert.hardwareBenchmarked).toBe(byHw.size)
  })

  test("the summary's cell counts (from the matrix without evidence details) are the full matrix's", async () => {
    const filters = [{}, {includeSimulated: true}, {family: 'bert'}, {hardware: 'cuda'}, {since: '2000-01-01'}, {since: '2999-01-01'}]
    const seen = new Set<string>()
    for (const f of filters) {
      const [s, m] = [await summaryReport(sample.bench, f), await compatibilityMatrix(sample.bench, {filters: f})]
      expect(s.models.map((r) => r.model)).toEqual(m.rows)
      for (const [i, row] of s.models.entries()) {
        const cells = m.cells.slice(i * m.hardware.length, (i + 1) * m.hardware.length)
        for (const state of ['compatible', 'incompatible', 'partial', 'untested'] as const) {
          expect(row[state]).toBe(cells.filter((c) => c.state === state).length)
          if (row[state] > 0) seen.add(state)
        }
      }
    }
    // The sample has cells of every state but partial; a far --since leaves every cell untested.
    expect([...seen].sort()).toEqual(['compatible', 'incompatible', 'untested'])
    expect((await summaryReport(sample.bench, {since: '2999-01-01'})).models.every((r) => r.untested === r.compatible + r.incompatible + r.partial + r.untested)).toBe(true)
  })

  test('the summary tells prefetchChart its chart, exactly as drawn from the finished report, before finishing', async () => {
    for (const f of [{}, {family: 'bert'}, {batchSize: 8}]) {
      const specs: ChartSpec[] = []
      const r = await summaryReport(sample.bench, f, {prefetchChart: (spec) => specs.push(spec)})
      expect(r.models.length).toBeGreaterThan(0)
      expect(specs).toEqual([summaryChart(r)])
    }
    const none: ChartSpec[] = []
    expect((await summaryReport(sample.bench, {family: 'no-such-family'}, {prefetchChart: (spec) => none.push(spec)})).models).toEqual([])
    expect(none).toEqual([])
  })

  test('comparison with --precision keeps batch sizes apart and averages only that precision', async () => {
    const precision = perf.find((p) => !p.simulated)!.precision
    const c = await compareHardware(sample.bench, {metric: 'throughput', filters: {model: 'bert-base-uncased', precision}})
    const want = perf.filter((p) => p.model === 'bert-base-uncased' && p.precision === precision && !p.simulated)
    expect(c.meta.rowsUsed).toBe(want.length)
    for (const row of c.rows) {
      const xs = want.filter((p) => p.hardware === row.hardware && p.batch === row.batchSize).map((p) => p.throughput)
      expect(row.results).toBe(xs.length)
      expect(row.value).toBeCloseTo(mean(xs), 9)
    }
  })

  test('the matrix counts every benchmark whatever --batch-size says; the hardware report shares the scan', async () => {
    const m = await compatibilityMatrix(sample.bench, {filters: {batchSize: 8}})
    const cudaBert = perf.filter((p) => p.model === 'bert-base-uncased' && p.hardware === 'cuda' && !p.simulated)
    expect(matrixCell(m, 'bert-base-uncased', 'cuda')!.benchmarks).toBe(cudaBert.length)
    const h = await hardwareReport(sample.bench, {hardware: 'cuda'})
    expect(h.rows.map((r) => r.hardware)).toEqual(['cuda'])
    expect(h.rows[0].results).toBe(perf.filter((p) => p.hardware === 'cuda' && !p.simulated).length)
    // Only cuda's rows behind rowsUsed and the simulated count, although the scan also read cpu (the baseline).
    expect(h.meta.simulatedExcluded).toBe(0)
  })

  test('raw-sample quantiles feed the comparison only: the performance report averages stored percentiles', async () => {
    const whisper = (await performanceReport(sample.bench, {model: 'openai/whisper-tiny'})).rows
    expect(whisper.length).toBeGreaterThan(0)
    expect(whisper.every((r) => r.latencyP50Ms === null && r.latencyP90Ms === null)).toBe(true)
    const c = await compareHardware(sample.bench, {metric: 'p50', filters: {model: 'openai/whisper-tiny'}})
    expect(c.rows.every((r) => r.value > 0)).toBe(true)
  })
})
