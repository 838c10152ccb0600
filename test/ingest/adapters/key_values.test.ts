import {describe, expect, test} from '@jest/globals'

import {ingest} from '../helpers.js'

describe('performance shapes: key values', () => {
  test('star rows: bert-base-uncased on cpu at 52.4 / 78.6 / 108.8 items/s', () => {
    const {out} = ingest('real/performance/performance_results/bert_cpu_test.json')
    expect(out.performance.map((p) => [p.model.name, p.model.family, p.hardware.type, p.hardware.deviceName, p.batchSize, p.throughputItemsPerSecond])).toEqual([
      ['bert-base-uncased', 'bert', 'cpu', 'Intel Core i9-12900K', 8, 52.4],
      ['bert-base-uncased', 'bert', 'cpu', 'Intel Core i9-12900K', 16, 78.6],
      ['bert-base-uncased', 'bert', 'cpu', 'Intel Core i9-12900K', 32, 108.8],
    ])
    expect(out.performance[0]).toMatchObject({averageLatencyMs: 19.1, memoryPeakMb: 1536.2, totalTimeSeconds: 152.8, iterations: 100, warmupIterations: 10, precision: 'fp32', testCase: 'embedding', simulated: false})
    expect(out.performance[0].metrics).toEqual({cpu_util_percent: 78.5, memory_util_percent: 12.3})
    expect(out.run.startedAt).toBeNull()
  })

  test('star rows: cuda fp16', () => {
    const {out} = ingest('real/performance/performance_results/bert_cuda_test.json')
    expect(out.performance.map((p) => [p.hardware.type, p.precision, p.throughputItemsPerSecond, p.averageLatencyMs])).toEqual([
      ['cuda', 'fp16', 316.5, 3.16],
      ['cuda', 'fp16', 512.8, 1.95],
      ['cuda', 'fp16', 846.1, 1.18],
    ])
  })

  test('batch size map: canonical id from model_path, display name in metadata', () => {
    const {out} = ingest('real/performance/benchmark_results/benchmark_bert_webgpu_20250305_195720.json')
    expect(out.performance.map((p) => [p.model.name, p.hardware.type, p.batchSize, p.throughputItemsPerSecond, p.averageLatencyMs, p.memoryPeakMb])).toEqual([
      ['bert-base-uncased', 'webgpu', 1, 75, 15, 112],
      ['bert-base-uncased', 'webgpu', 4, 300, 30, 148],
    ])
    expect(out.performance[0].model.metadata).toMatchObject({displayName: 'BERT', key: 'bert', category: 'embedding'})
    expect(out.run.startedAt).toBe('2025-03-05T19:57:19.326332Z')
  })

  test('direct batch benchmarks: samples in ms and percentiles by linear interpolation', () => {
    const {out} = ingest('real/performance/benchmark_results/batch_benchmarks_cpu_20250306_174805.json')
    const tiny = out.performance.find((p) => p.model.name === 'prajjwal1/bert-tiny')!
    expect(tiny).toMatchObject({batchSize: 1, averageLatencyMs: 52.59137153625488, throughputItemsPerSecond: 19.014525972395123, memoryPeakMb: 508.16796875, iterations: 5})
    expect(tiny.samples!.map((s) => s.latencyMs)).toEqual([37.537574768066406, 184.07940864562988, 1.5406608581542969, 26.749134063720703, 13.050079345703125])
    // sorted: 1.54, 13.05, 26.75, 37.54, 184.08 -> p50 = 26.75; p90 at h=3.6 -> 37.54 + 0.6 * (184.08 - 37.54)
    expect(tiny.latencyP50Ms).toBe(26.749134063720703)
    expect(tiny.latencyP90Ms).toBeCloseTo(37.537574768066406 + 0.6 * (184.07940864562988 - 37.537574768066406), 10)
  })

  test('nested suite: seconds converted to ms, sequence length kept', () => {
    const {out} = ingest('real/performance/20250305_195321/benchmark_results.json')
    const r = out.performance.find((p) => p.model.name === 'bert-base-uncased' && p.testCase === 'batch_8_seq_512')!
    expect(r).toMatchObject({batchSize: 8, averageLatencyMs: 15671.352052688599, throughputItemsPerSecond: 0.5104853433434436, totalTimeSeconds: 313.42721605300903, iterations: 20})
    expect(r.metrics).toMatchObject({sequenceLength: 512, status: 'completed'})
    expect(r.samples).toHaveLength(20)
    expect(r.model.family).toBe('bert')
    expect(r.model.metadata).toMatchObject({category: 'embedding', modelClass: 'BertModel'})
    const first = out.performance.find((p) => p.model.name === 'bert-base-uncased' && p.testCase === 'batch_1_seq_32')!
    expect(first.samples![0].latencyMs).toBeCloseTo(635.6017589569092, 9)
    expect(out.hardwarePlatforms.find((h) => h.type === 'cuda')).toMatchObject({deviceName: 'Quadro P4000', memoryGb: 7.923583984375, computeUnits: 14, platformVersion: '12.4'})
    expect(out.run).toMatchObject({startedAt: '2025-03-05T19:53:21Z', completedAt: '2025-03-05T20:13:56.897451Z'})
  })

  test('family summary: aligned arrays', () => {
    const {out} = ingest('real/performance/20250305_195321/benchmark_summary.json')
    expect(out.performance.map((p) => [p.model.name, p.averageLatencyMs, p.throughputItemsPerSecond])).toEqual([
      ['bert-base-uncased', 3602.502642737494, 2.54931246534826],
      ['distilbert-base-uncased', 1851.7850001653032, 5.615448785345406],
      ['roberta-base', 3592.391418086158, 3.4642793550576254],
    ])
  })

  test('hosted API timings: response time s -> ms, tokens/s as its own metric (never the items/s column)', () => {
    const {out} = ingest('real/performance/archived_test_results/groq_model_performance.json')
    expect(out.performance[0]).toMatchObject({model: {name: 'llama-3.3-70b-versatile', family: 'llama'}, hardware: {type: 'remote_api'}})
    expect(out.performance[0].throughputItemsPerSecond ?? null).toBeNull()
    expect(out.performance[0].metricValues).toEqual([{metric: 'tokens_per_second', value: 320.15044580440605, unit: 'tokens/s', pointer: '/models/0/tokens_per_second'}])
    expect(out.performance[0].averageLatencyMs).toBeCloseTo(843.3878421783447, 9)
    expect(out.run.startedAt).toBe('2025-02-28T20:25:42Z')
  })

  test('wrapped skill result: MOCK platforms are simulated, qualcomm -> qnn', () => {
    const {out} = ingest('real/performance/performance_results/hf_bert_performance_20250227_195347.json')
    const byHw = Object.fromEntries(out.compatibility.map((c) => [c.hardware.type, c]))
    expect(Object.keys(byHw).sort()).toEqual(['cpu', 'cuda', 'openvino', 'qnn'])
    expect(byHw.cpu).toMatchObject({model: {name: 'distilbert-base-uncased'}, isCompatible: true, simulated: false})
    expect(byHw.cuda).toMatchObject({isCompatible: true, simulated: true})
    expect(byHw.qnn).toMatchObject({isCompatible: false, initializationSuccess: false, simulated: true})
    expect(out.integration.find((r) => r.testName === 'apple_tests')).toMatchObject({status: 'skip', hardware: {type: 'mps'}})
  })

  test('skill runner: process row plus status-map checks', () => {
    const {out} = ingest('real/performance/performance_results/performance_test_skills_t5_20250228_012918.json')
    expect(out.integration[0]).toMatchObject({testModule: 'test_hf_t5', testName: 'run', status: 'pass', executionTimeSeconds: 8.90803050994873})
    expect(out.run.commandLine).toBe('run_performance_tests.py --skills --filter t5')
    expect(out.compatibility.find((c) => c.hardware.type === 'cuda')).toMatchObject({simulated: true, metadata: {details: {cuda_tokens_per_second: 112.5}}})
  })

  test('progress file: the failed benchmark is a failing integration row', () => {
    const {out} = ingest('real/performance/performance_results/../benchmark_results/benchmark_progress_20250306_174046.json')
    expect(out.integration[0]).toMatchObject({testName: 'bert/cpu', status: 'fail', errorMessage: 'Command failed with exit code 2', hardware: {type: 'cpu'}, model: {name: 'bert', metadata: {nameSource: 'key'}}})
    expect(out.run.startedAt).toBe('2025-03-06T17:40:46Z')
  })
})

describe('compatibility and hardware shapes: key values', () => {
  test('suite report: keys resolved to canonical ids; openvino rows simulated by warnings', () => {
    const {out} = ingest('real/performance/20250302_201142/benchmark_results.json')
    const clapOv = out.compatibility.find((c) => c.model.name === 'laion/clap-htsat-unfused' && c.hardware.type === 'openvino')!
    expect(clapOv).toMatchObject({isCompatible: true, simulated: true, model: {family: 'clap'}})
    const bertCpu = out.compatibility.find((c) => c.model.name === 'bert-base-uncased' && c.hardware.type === 'cpu')!
    expect(bertCpu).toMatchObject({isCompatible: false, simulated: false})
    expect(out.integration.every((r) => r.status === 'error')).toBe(true)
    expect(out.hardwarePlatforms.map((h) => h.type)).toEqual(['cpu', 'cuda', 'openvino'])
  })

  test('family matrix: listed models get rows; empty cells are no evidence, kept in run metadata', () => {
    const {out} = ingest('real/compatibility/benchmark_results/hardware_compatibility_matrix.json')
    const flan = out.compatibility.filter((c) => c.model.name === 'google/flan-t5-small')
    expect(flan.map((c) => [c.hardware.type, c.isCompatible, c.simulated])).toEqual([
      ['cpu', false, false],
      ['openvino', false, true],
    ])
    expect(out.compatibility.find((c) => c.model.name === 'audio')).toBeUndefined()
    const cells = out.run.metadata!.familyCells as Array<Record<string, unknown>>
    expect(cells).toHaveLength(13)
    expect(cells.find((c) => c.family === 'audio' && c.hardware === 'cuda')).toMatchObject({compatible: false, evidence: 'none'})
  })

  test('model/platform checks: error type from stderr', () => {
    const {out} = ingest('real/compatibility/key_models_hardware_fixes/validation_results.json')
    expect(out.compatibility[0]).toMatchObject({model: {name: 'bert', metadata: {nameSource: 'key'}}, hardware: {type: 'cpu'}, isCompatible: false, errorType: 'IndentationError'})
    const one = ingest('real/compatibility/real_vs_sim_results/prajjwal1_bert-tiny_webgpu_test.json').out
    expect(one.compatibility[0]).toMatchObject({model: {name: 'prajjwal1/bert-tiny', family: 'bert'}, hardware: {type: 'webgpu'}, isCompatible: false, errorType: 'TypeError'})
  })

  test('transformers methods: seconds -> ms per load method', () => {
    const {out} = ingest('real/hardware/collected_results/bert_test_bert-base-uncased_20250301_165412.json')
    expect(out.performance.map((p) => [p.testCase, p.hardware.type, p.iterations])).toEqual([
      ['pipeline', 'cuda', 3],
      ['from_pretrained', 'cuda', 3],
    ])
    expect(out.performance[0].averageLatencyMs).toBeCloseTo(10.031302769978842, 9)
  })

  test('skill status matrix: per-platform compatibility, crash strings as errors', () => {
    const {out} = ingest('real/hardware/collected_results/hardware_cpu_results_20250226_222617.json')
    expect(out.integration.find((r) => r.testModule === 'test_hf_llama')).toMatchObject({status: 'error', errorMessage: "'transformers'", model: {name: 'llama'}})
    const bert = out.compatibility.filter((c) => c.model.name === 'bert')
    expect(bert.map((c) => [c.hardware.type, c.isCompatible])).toEqual([
      ['cpu', true],
      ['openvino', true],
      ['qnn', false],
    ])
  })

  test('browser capabilities and capability flags are hardware facts', () => {
    const caps = ingest('real/hardware/browser_capabilities/chrome_capabilities_20250307_001706.json').out
    expect(caps.hardwarePlatforms.map((h) => [h.type, h.platform, h.platformVersion, h.metadata?.supported])).toEqual([
      ['webnn', 'chrome', '133.0.0.0', false],
      ['webgpu', 'chrome', '133.0.0.0', false],
      ['webgl', 'chrome', '133.0.0.0', true],
      ['wasm', 'chrome', '133.0.0.0', true],
    ])
    const flags = ingest('real/hardware/test/563b04d421d313bae1d2d8f9f16dea6c308856e5cda42307da74bcc073644dc6.json').out
    expect(flags.hardwarePlatforms.map((h) => h.type)).toEqual(['cuda', 'openvino'])
    expect(flags.run.startedAt).toBeNull()
    expect(flags.run.metadata).toMatchObject({fileMtime: '2025-01-01T00:00:00.000Z', flags: {llama_cpp: true, ipex: null}})
  })
})

describe('integration, model and web shapes: key values', () => {
  test('hf_bert 2025-02-28: cuda benchmark row is simulated (example says is_simulated)', () => {
    const {out} = ingest('real/integration/collected_results/hf_bert_test_results__2025-02-28_version.json')
    expect(out.performance[0]).toMatchObject({model: {name: 'bert', metadata: {localPath: '/tmp/bert_test_model'}}, hardware: {type: 'cuda', deviceName: 'Quadro P4000'}, memoryPeakMb: 68.41064453125, simulated: true})
    expect(out.performance[0].averageLatencyMs).toBeCloseTo(2.6073455810546875, 12)
  })

  test('queue backoff tree: groups and exit-code assertions', () => {
    const {out} = ingest('real/integration/archived_test_results/queue_backoff_tests_20250301_182920.json')
    expect(out.integration.filter((r) => r.testModule === 'api_backoff')).toHaveLength(11)
    expect(out.integration.find((r) => r.testName === 'ollama_comprehensive')).toMatchObject({status: 'pass', assertions: [{name: 'exit_code', passed: true, actualValue: '0'}]})
    expect(out.run.success).toBe(false)
  })

  test('crash report: module from the traceback', () => {
    const {out} = ingest('real/integration/archived_test_results/api_multiplexing_enhanced_error_20250301_181447.json')
    expect(out.integration[0]).toMatchObject({testModule: 'test_api_multiplexing_enhanced', status: 'error', errorMessage: "'int' object has no attribute 'futures'"})
  })

  test('model test list: statuses and elapsed time', () => {
    const {out} = ingest('real/model/new_model_results/new_model_tests_20250301_150750.json')
    expect(out.integration.filter((r) => r.status === 'pass').map((r) => [r.model?.name, r.executionTimeSeconds])).toEqual([['blip', 0.09353804588317871]])
    expect(out.integration.filter((r) => r.status === 'error')).toHaveLength(16)
  })

  test('web result: simulated WebNN with ms metrics', () => {
    const {out} = ingest('real/web_platform/bert_webnn_20250306_232413/result.json')
    expect(out.webPlatform[0]).toMatchObject({model: {name: 'bert-base-uncased'}, platform: 'webnn', success: true, inferenceTimeMs: 120, loadTimeMs: 350, memoryUsageMb: 150, simulated: true, testFile: 'web_platform_tests/bert/webnn_test.html'})
    expect(out.webPlatform[0].metrics).toMatchObject({throughput_items_per_second: 66.66666666666667, implementation_type: 'REAL_WEBNN'})
  })

  test('web comparison: SIMULATED implementation flags the row', () => {
    const {out} = ingest('real/web_platform/web_platform_results/web_platform_comparison_20250302_120000.json')
    const w = out.webPlatform.find((r) => r.model.name === 'whisper-tiny' && r.platform === 'webgpu')!
    expect(w).toMatchObject({success: false, inferenceTimeMs: 108.6, memoryUsageMb: 158, errorMessage: 'Missing required operators', simulated: true})
    expect(out.webPlatform.find((r) => r.model.name === 'whisper-tiny' && r.platform === 'webnn')!.simulated).toBe(false)
  })

  test('browser shader comparison: compute shader flag in webgpu features', () => {
    const {out} = ingest('real/web_platform/firefox_webgpu_results/whisper_firefox_vs_chrome_1741232337.json')
    expect(out.webPlatform.map((w) => [w.browser, w.webgpuFeatures?.computeShaderSupport, w.metrics?.improvement_percentage])).toEqual([
      ['firefox', true, 51.31999999999999],
      ['firefox', false, 51.053333333333335],
      ['chrome', true, 51.379999999999995],
      ['chrome', false, 51.42333333333334],
    ])
  })
})
