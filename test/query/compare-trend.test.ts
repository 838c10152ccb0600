import {describe, expect, test} from '@jest/globals'

import {SAMPLE_BATCH_SIZES, SAMPLE_RUN_DATES, sampleDocuments} from '../../src/lib/db/sample-data.js'
import {compareHardware, trend} from '../../src/lib/report/index.js'
import {FIXED_NOW, geomean, mean, samplePerformance, useSampleBench} from '../helpers/query.js'

const sample = useSampleBench()
const real = samplePerformance().filter((p) => !p.simulated)
const avg = (model: string, hw: string, batch: number, key: 'throughput' | 'latency' | 'memory') =>
  mean(real.filter((p) => p.model === model && p.hardware === hw && p.batch === batch).map((p) => p[key]))

describe('compareHardware', () => {
  test('one model: value per hardware and batch size, speed-up against cpu at the same batch size', async () => {
    const c = await compareHardware(sample.bench, {metric: 'throughput', filters: {model: 'bert-base-uncased'}, now: FIXED_NOW})
    expect(c.scope).toEqual({model: 'bert-base-uncased', family: null})
    expect(c.hardware).toEqual(['cpu', 'cuda', 'rocm', 'mps', 'openvino', 'webnn', 'webgpu'])
    expect(c.batchSizes).toEqual(SAMPLE_BATCH_SIZES)
    expect(c.rows).toHaveLength(7 * 3)
    for (const r of c.rows) {
      const v = avg(r.model, r.hardware, r.batchSize!, 'throughput')
      const base = avg(r.model, 'cpu', r.batchSize!, 'throughput')
      expect(r.value).toBeCloseTo(v, 9)
      expect(r.baselineValue).toBeCloseTo(base, 9)
      expect(r.speedup).toBeCloseTo(v / base, 9)
      expect(r.results).toBe(3)
    }
    const cuda = c.summary.find((s) => s.hardware === 'cuda')!
    expect(cuda.models).toBe(1)
    expect(cuda.pairs).toBe(3)
    expect(cuda.speedup).toBeCloseTo(geomean(SAMPLE_BATCH_SIZES.map((b) => avg('bert-base-uncased', 'cuda', b, 'throughput') / avg('bert-base-uncased', 'cpu', b, 'throughput'))), 9)
    expect(c.meta.simulatedExcluded).toBe(9)
  })

  test('latency: lower is better, so speed-up = baseline / value; another baseline', async () => {
    const c = await compareHardware(sample.bench, {metric: 'latency', baseline: 'cuda', filters: {model: 't5-small'}})
    expect(c.higherIsBetter).toBe(false)
    const mps = c.rows.find((r) => r.hardware === 'mps' && r.batchSize === 8)!
    expect(mps.speedup).toBeCloseTo(avg('t5-small', 'cuda', 8, 'latency') / avg('t5-small', 'mps', 8, 'latency'), 9)
    expect(c.summary.find((s) => s.hardware === 'cuda')!.speedup).toBeCloseTo(1, 12)
  })

  test('a family or all models: geometric mean per hardware over models, with the number of models', async () => {
    const all = await compareHardware(sample.bench, {metric: 'memory'})
    expect(all.scope).toEqual({model: null, family: null})
    const models = [...new Set(real.map((p) => p.model))]
    for (const s of all.summary) {
      const mine = models.filter((m) => real.some((p) => p.model === m && p.hardware === s.hardware))
      const perModel = mine.map((m) => geomean(SAMPLE_BATCH_SIZES.map((b) => avg(m, 'cpu', b, 'memory') / avg(m, s.hardware, b, 'memory'))))
      expect(s.models).toBe(mine.length)
      expect(s.speedup).toBeCloseTo(geomean(perModel), 9)
    }
    expect(all.summary.find((s) => s.hardware === 'webnn')!.models).toBe(4) // llama and whisper cannot run there

    const fam = await compareHardware(sample.bench, {filters: {family: 'llama'}})
    expect(fam.scope).toEqual({model: null, family: 'llama'})
    expect(fam.summary.map((s) => s.hardware)).toEqual(['cpu', 'cuda', 'rocm', 'mps', 'openvino', 'webgpu'])
  })

  test('p50 and p90 come from the raw samples where no percentile was stored; unknown model or metric is an error', async () => {
    const docs = sampleDocuments()
    const quantile = (xs: number[], q: number) => {
      const s = [...xs].sort((a, b) => a - b)
      const pos = q * (s.length - 1)
      const lo = Math.floor(pos)
      return s[lo] + (pos - lo) * ((s[lo + 1] ?? s[lo]) - s[lo])
    }
    for (const [metric, q] of [['p50', 0.5], ['p90', 0.9]] as const) {
      const c = await compareHardware(sample.bench, {metric, filters: {model: 'openai/whisper-tiny'}})
      expect(c.rows).toHaveLength(6 * 3) // whisper: not on webnn; qnn simulated
      for (const r of c.rows) {
        const perRun = docs.map(({doc}) => doc.performance.find((x) => x.model.name === r.model && x.hardware.type === r.hardware && x.batchSize === r.batchSize)!)
        const want = mean(perRun.map((x) => quantile(x.samples!.map((s) => s.latencyMs!), q)))
        expect(r.value).toBeCloseTo(want, 9)
      }
    }
    await expect(compareHardware(sample.bench, {filters: {model: 'no-such-model'}})).rejects.toMatchObject({kind: 'data'})
    await expect(compareHardware(sample.bench, {metric: 'speed'})).rejects.toMatchObject({kind: 'usage'})
  })

  test('--hardware narrows the output but keeps the baseline', async () => {
    const c = await compareHardware(sample.bench, {filters: {model: 'bert-base-uncased', hardware: 'rocm'}})
    expect(c.hardware).toEqual(['cpu', 'rocm'])
    expect(c.rows.every((r) => r.speedup !== null)).toBe(true)
  })
})

describe('trend', () => {
  test('one point per run and batch size, in run order', async () => {
    const t = await trend(sample.bench, {metric: 'throughput', filters: {model: 'bert-base-uncased', hardware: 'cuda'}})
    expect(t.model).toBe('bert-base-uncased')
    expect(t.hardware).toBe('cuda')
    expect(t.series.map((s) => [s.batchSize, s.precision])).toEqual([[1, 'fp16'], [8, 'fp16'], [32, 'fp16']])
    const docs = sampleDocuments()
    for (const s of t.series) {
      expect(s.points.map((p) => p.measuredAt)).toEqual(SAMPLE_RUN_DATES.map((d) => new Date(d).toISOString()))
      expect(s.points.map((p) => p.runName)).toEqual(docs.map((d) => d.doc.run.testName))
      expect(s.points.map((p) => p.gitCommit)).toEqual(docs.map((d) => d.doc.run.gitCommit))
      s.points.forEach((p, i) => {
        const src = docs[i].doc.performance.find((x) => x.model.name === 'bert-base-uncased' && x.hardware.type === 'cuda' && x.batchSize === s.batchSize)!
        expect(p.value).toBe(src.throughputItemsPerSecond)
      })
    }
  })

  test('--since drops older runs; simulated qnn is empty unless included; model and hardware are required', async () => {
    const t = await trend(sample.bench, {filters: {model: 'bert-base-uncased', hardware: 'cuda', since: '2025-03-08T02:00:00Z'}})
    expect(t.series[0].points).toHaveLength(2)
    const q = await trend(sample.bench, {filters: {model: 'bert-base-uncased', hardware: 'qnn'}})
    expect(q.series).toEqual([])
    expect(q.meta.simulatedExcluded).toBe(9)
    const qi = await trend(sample.bench, {filters: {model: 'bert-base-uncased', hardware: 'qnn', includeSimulated: true}})
    expect(qi.series).toHaveLength(3)
    await expect(trend(sample.bench, {filters: {model: 'bert-base-uncased'}})).rejects.toMatchObject({kind: 'usage'})
  })
})
