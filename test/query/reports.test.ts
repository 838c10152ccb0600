import {describe, expect, test} from '@jest/globals'

import {SAMPLE_HARDWARE, SAMPLE_MODELS, SAMPLE_RUN_DATES, sampleDocuments} from '../../src/lib/db/sample-data.js'
import {
  hardwareReport, integrationReport, performanceReport, summaryReport, webPlatformReport, compatibilityReport,
} from '../../src/lib/report/index.js'
import {FIXED_NOW, geomean, mean, samplePerformance, useSampleBench} from '../helpers/query.js'

const sample = useSampleBench()
const perf = samplePerformance()
const docs = sampleDocuments()

describe('performance report', () => {
  test('averages each model x hardware x batch over the three runs, simulated qnn excluded and counted', async () => {
    const r = await performanceReport(sample.bench, {family: 'bert'}, {now: FIXED_NOW})
    const bert = perf.filter((p) => p.family === 'bert')
    const real = bert.filter((p) => !p.simulated)
    expect(r.meta.rowsUsed).toBe(real.length)
    expect(r.meta.simulatedExcluded).toBe(bert.length - real.length)
    expect(r.meta.simulatedExcluded).toBe(9) // qnn x 3 batch sizes x 3 runs
    expect(r.meta.generatedAt).toBe(FIXED_NOW.toISOString())
    expect(r.meta.filters).toEqual({family: 'bert'})
    const keys = [...new Set(real.map((p) => `${p.hardware}|${p.batch}`))]
    expect(r.rows).toHaveLength(keys.length)
    for (const row of r.rows) {
      const group = real.filter((p) => p.hardware === row.hardware && p.batch === row.batchSize)
      expect(row.model).toBe('bert-base-uncased')
      expect(row.results).toBe(3)
      expect(row.throughput).toBeCloseTo(mean(group.map((g) => g.throughput)), 9)
      expect(row.latencyMs).toBeCloseTo(mean(group.map((g) => g.latency)), 9)
      expect(row.memoryPeakMb).toBeCloseTo(mean(group.map((g) => g.memory)), 9)
      expect(row.precision).toBe(group[0].precision)
      expect(row.lastMeasured).toBe(new Date(SAMPLE_RUN_DATES[2]).toISOString())
    }
    // canonical hardware order, then batch size
    expect(r.rows.map((x) => `${x.hardware}:${x.batchSize}`).slice(0, 4)).toEqual(['cpu:1', 'cpu:8', 'cpu:32', 'cuda:1'])
    expect(r.rows.some((x) => x.hardware === 'qnn')).toBe(false)
  })

  test('--include-simulated brings qnn back; batch size, precision, hardware and since filter', async () => {
    const all = await performanceReport(sample.bench, {family: 'bert', includeSimulated: true})
    expect(all.meta.rowsUsed).toBe(perf.filter((p) => p.family === 'bert').length)
    expect(all.meta.simulatedExcluded).toBe(0)
    expect(all.rows.some((x) => x.hardware === 'qnn')).toBe(true)

    const narrow = await performanceReport(sample.bench, {hardware: 'CUDA', batchSize: 8, precision: 'fp16', since: '2025-03-08'})
    const want = perf.filter((p) => p.hardware === 'cuda' && p.batch === 8 && p.date >= '2025-03-08')
    expect(narrow.rows).toHaveLength(SAMPLE_MODELS.length)
    expect(narrow.meta.rowsUsed).toBe(want.length)
    for (const row of narrow.rows) {
      expect(row.results).toBe(2)
      expect(row.throughput).toBeCloseTo(mean(want.filter((p) => p.model === row.model).map((p) => p.throughput)), 9)
    }
    expect((await performanceReport(sample.bench, {precision: 'int8'})).rows).toEqual([])
  })

  test('rejects a malformed --since and batch size', async () => {
    await expect(performanceReport(sample.bench, {since: 'last week'})).rejects.toMatchObject({kind: 'usage'})
    await expect(performanceReport(sample.bench, {batchSize: 0})).rejects.toMatchObject({kind: 'usage'})
  })
})

describe('summary report', () => {
  test('overview counts and per-model fastest series (hardware, batch size, precision: never averaged together)', async () => {
    const r = await summaryReport(sample.bench)
    const real = perf.filter((p) => !p.simulated)
    expect(r.overview).toEqual({
      models: SAMPLE_MODELS.length, hardwareTypes: SAMPLE_HARDWARE.length - 1, runs: 3, undatedRuns: 0, performanceResults: real.length,
      compatibilityTests: docs.reduce((s, d) => s + d.doc.compatibility.filter((c) => !c.simulated).length, 0),
      integrationTests: docs.reduce((s, d) => s + d.doc.integration.length, 0),
      webPlatformResults: docs.reduce((s, d) => s + d.doc.webPlatform.length, 0),
      firstMeasured: new Date(SAMPLE_RUN_DATES[0]).toISOString(), lastMeasured: new Date(SAMPLE_RUN_DATES[2]).toISOString(),
    })
    const simulated = perf.filter((p) => p.simulated).length + docs.reduce((s, d) => s + d.doc.compatibility.filter((c) => c.simulated).length, 0)
    expect(r.meta.simulatedExcluded).toBe(simulated)
    for (const m of r.models) {
      const mine = real.filter((p) => p.model === m.model)
      const hws = [...new Set(mine.map((p) => p.hardware))]
      // The series of the sample: one device per type, no machine; a series is hardware x batch size x precision.
      const keys = [...new Set(mine.map((p) => `${p.hardware}|${p.batch}|${p.precision}`))]
      const avg = keys.map((k) => {
        const rows = mine.filter((p) => `${p.hardware}|${p.batch}|${p.precision}` === k)
        return {h: rows[0].hardware, b: rows[0].batch, pr: rows[0].precision, v: mean(rows.map((p) => p.throughput))}
      }).sort((a, b) => b.v - a.v)
      expect(m.hardwareBenchmarked).toBe(hws.length)
      expect([m.bestHardware, m.bestBatchSize, m.bestPrecision]).toEqual([avg[0].h, avg[0].b, avg[0].pr])
      expect(m.bestThroughput).toBeCloseTo(avg[0].v, 9)
      expect(m.untested).toBe(1) // qnn: only simulated evidence
    }
    const llama = r.models.find((m) => m.model === 'meta-llama/Llama-3.2-1B')!
    expect([llama.compatible, llama.incompatible, llama.partial, llama.untested]).toEqual([6, 1, 0, 1])
  })
})

describe('hardware report', () => {
  test('devices, results, models and geometric-mean throughput speed-up against cpu', async () => {
    const r = await hardwareReport(sample.bench)
    const real = perf.filter((p) => !p.simulated)
    expect(r.rows.map((x) => x.hardware)).toEqual(SAMPLE_HARDWARE.map((h) => h.type))
    for (const row of r.rows) {
      const hw = SAMPLE_HARDWARE.find((h) => h.type === row.hardware)!
      expect(row.devices).toEqual([hw.deviceName])
      expect(row.memoryGb).toBe(hw.memoryGb)
      const mine = real.filter((p) => p.hardware === row.hardware)
      expect(row.results).toBe(mine.length)
      const models = [...new Set(mine.map((p) => p.model))]
      expect(row.modelsBenchmarked).toBe(models.length)
      if (models.length === 0) {
        expect(row.speedupVsCpu).toBeNull()
        expect(row.untested).toBe(SAMPLE_MODELS.length)
        continue
      }
      const perModel = models.map((m) =>
        geomean([1, 8, 32].map((b) => {
          const v = mean(mine.filter((p) => p.model === m && p.batch === b).map((p) => p.throughput))
          const base = mean(real.filter((p) => p.hardware === 'cpu' && p.model === m && p.batch === b).map((p) => p.throughput))
          return v / base
        })),
      )
      expect(row.speedupVsCpu).toBeCloseTo(geomean(perModel), 9)
      expect(row.speedupModels).toBe(models.length)
    }
    expect(r.rows.find((x) => x.hardware === 'webnn')).toMatchObject({compatible: 4, incompatible: 2, untested: 0})
  })
})

describe('compatibility report', () => {
  test('failures carry the latest reason; per-hardware totals', async () => {
    const r = await compatibilityReport(sample.bench)
    expect(r.failures.map((f) => [f.row, f.hardware, f.latestFailure])).toEqual([
      ['meta-llama/Llama-3.2-1B', 'webnn', 'WebNN has no support for dynamic KV cache shapes'],
      ['openai/whisper-tiny', 'webnn', 'Unsupported operator: STFT'],
    ])
    expect(r.failures.every((f) => f.incompatible === 3 && f.latestFailureAt === new Date(SAMPLE_RUN_DATES[2]).toISOString())).toBe(true)
    expect(r.perHardware.find((h) => h.hardware === 'qnn')).toEqual({hardware: 'qnn', compatible: 0, incompatible: 0, partial: 0, untested: 6})
    const withSim = await compatibilityReport(sample.bench, {includeSimulated: true})
    expect(withSim.perHardware.find((h) => h.hardware === 'qnn')).toEqual({hardware: 'qnn', compatible: 5, incompatible: 1, partial: 0, untested: 0})
  })
})

describe('integration report', () => {
  test('per test: runs, pass/fail, failed assertions and the latest error', async () => {
    const r = await integrationReport(sample.bench)
    const rows = docs.flatMap(({doc}) => doc.integration.map((t) => ({...t, date: doc.run.startedAt!})))
    expect(r.totals).toEqual({
      runs: rows.length, passed: rows.filter((t) => t.status === 'pass').length, failed: rows.filter((t) => t.status === 'fail').length, errored: 0, skipped: 0,
    })
    const rocm = r.tests.find((t) => t.test === 'test_rocm_init')!
    expect(rocm).toMatchObject({module: 'test_hardware_backend', hardware: 'rocm', runs: 3, passed: 2, failed: 1, failedAssertions: 1,
      latestStatus: 'pass', latestError: 'HIP error: invalid device ordinal'})
    expect(rocm.passRate).toBeCloseTo(2 / 3, 12)
    // ordered by module, then test name
    expect(r.tests.map((t) => [t.test, t.hardware])).toEqual([
      ['test_cpu_init', 'cpu'], ['test_cuda_init', 'cuda'], ['test_mps_init', 'mps'], ['test_rocm_init', 'rocm'],
    ])
  })
})

describe('web-platform report', () => {
  test('averages per model, platform and browser; WebGPU features per browser', async () => {
    const r = await webPlatformReport(sample.bench)
    const rows = docs.flatMap(({doc}) => doc.webPlatform)
    expect(r.meta.rowsUsed).toBe(rows.length)
    expect(r.rows).toHaveLength(new Set(rows.map((w) => `${w.model.name}|${w.platform}|${w.browser}`)).size)
    for (const row of r.rows) {
      const g = rows.filter((w) => w.model.name === row.model && w.platform === row.platform && w.browser === row.browser)
      expect(row.tests).toBe(g.length)
      expect(row.successful).toBe(g.length)
      expect(row.inferenceTimeMs).toBeCloseTo(mean(g.map((w) => w.inferenceTimeMs!)), 9)
      expect(row.loadTimeMs).toBeCloseTo(mean(g.map((w) => w.loadTimeMs!)), 9)
      expect(row.maxMemoryMb).toBe(Math.max(...g.map((w) => w.memoryUsageMb!)))
    }
    const features = rows.filter((w) => w.webgpuFeatures)
    expect(r.webgpuFeatures.map((f) => f.browser)).toEqual(['chrome', 'edge', 'firefox'])
    for (const f of r.webgpuFeatures) {
      const g = features.filter((w) => w.browser === f.browser)
      expect(f.tests).toBe(g.length)
      expect(f.parallelCompilation).toBe(g.filter((w) => w.webgpuFeatures!.parallelCompilation).length)
      expect(f.shaderCacheHits).toBe(g.filter((w) => w.webgpuFeatures!.shaderCacheHit).length)
      expect(f.computePipelineTimeMs).toBeCloseTo(mean(g.map((w) => w.webgpuFeatures!.computePipelineTimeMs!)), 9)
    }
  })
})
