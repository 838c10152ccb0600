import {readdirSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, test} from '@jest/globals'

import {ADAPTERS} from '../../../src/lib/ingest/registry.js'
import {FIXTURES, ingest} from '../helpers.js'

// Hand-written documents of every shape with other models, hardware, batch sizes and values:
// they prove the adapters read the layout, not the particular real files.
const dir = join(FIXTURES, 'variants')
const VARIANTS = readdirSync(dir).flatMap((shape) => readdirSync(join(dir, shape)).map((f) => [shape, `variants/${shape}/${f}`]))

describe('variant fixtures', () => {
  test('every adapter has at least one variant', () => {
    expect(new Set(VARIANTS.map((v) => v[0]))).toEqual(new Set(ADAPTERS.map((a) => a.name)))
  })

  // Each measurement's column and unit is checked per file in test/ingest/golden.test.ts.
  test.each(VARIANTS)('%s reads %s', (shape, file) => {
    expect(ingest(file).adapter.name).toBe(shape)
  })
})

describe('variant key values', () => {
  test('star rows: AMD -> rocm, unknown key to metrics, is_simulation honoured', () => {
    const {out} = ingest('variants/star_rows/llama_rocm_rows.json')
    expect(out.performance.map((p) => [p.hardware.type, p.batchSize, p.throughputItemsPerSecond, p.simulated])).toEqual([
      ['rocm', 2, 48.2, true],
      ['rocm', 4, 56.9, false],
    ])
    expect(out.performance[0].metrics).toEqual({queue_depth: 4})
    expect(out.performance[0].hardware.metadata).toEqual({sourceName: 'AMD'})
  })

  test('batch size map: three batch sizes on cuda', () => {
    const {out} = ingest('variants/batch_size_map/vit_cuda.json')
    expect(out.performance.map((p) => [p.model.name, p.hardware.type, p.batchSize, p.averageLatencyMs])).toEqual([
      ['google/vit-base-patch16-224', 'cuda', 2, 4.9],
      ['google/vit-base-patch16-224', 'cuda', 16, 12],
      ['google/vit-base-patch16-224', 'cuda', 64, 42.66],
    ])
  })

  test('direct batch: percentiles from samples', () => {
    const {out} = ingest('variants/direct_batch_benchmarks/whisper_mps.json')
    expect(out.performance[0]).toMatchObject({hardware: {type: 'mps'}, batchSize: 2, latencyP50Ms: 30, latencyP90Ms: 46, iterations: 5})
    expect(out.performance[0].latencyP99Ms).toBeCloseTo(49.6, 10)
    expect(out.performance[1].samples).toEqual([
      {batchIndex: 0, batchSize: 8, latencyMs: 80},
      {batchIndex: 1, batchSize: 8, latencyMs: 100},
    ])
  })

  test('nested suite: seconds -> ms, batch without seq, simulated openvino', () => {
    const {out} = ingest('variants/nested_benchmark_suite/t5_openvino_seconds.json')
    expect(out.performance.map((p) => [p.testCase, p.batchSize, p.averageLatencyMs, p.simulated])).toEqual([
      ['batch_2_seq_64', 2, 250, true],
      ['batch_16', 16, 1500, true],
    ])
    expect(out.performance[0].samples!.map((s) => s.latencyMs)).toEqual([100, 200, 300, 400])
    expect(out.performance[0].latencyP50Ms).toBe(250)
    expect(out.run.metadata).toMatchObject({performanceSummariesMs: {'t5-small/openvino': {latencyMs: {mean: 875}}}})
  })

  test('family summary: second hardware with memory', () => {
    const {out} = ingest('variants/family_benchmark_summary/vision_two_hw.json')
    expect(out.performance.filter((p) => p.hardware.type === 'cuda').map((p) => [p.model.name, p.averageLatencyMs, p.memoryPeakMb])).toEqual([
      ['google/vit-base-patch16-224', 6.1, 800],
      ['facebook/detr-resnet-50', 18, 1500],
    ])
  })

  test('suite report and functionality report on other hardware', () => {
    const suite = ingest('variants/benchmark_suite_report/two_models_rocm.json').out
    expect(suite.compatibility.map((c) => [c.model.name, c.hardware.type, c.isCompatible, c.errorType, c.simulated])).toEqual([
      ['google/vit-base-patch16-224', 'rocm', true, null, true],
      ['t5-small', 'rocm', false, 'RuntimeError', true],
    ])
    expect(suite.integration[0]).toMatchObject({testName: 'vision', status: 'pass'})
    const func = ingest('variants/functionality_report/clip_two_hw.json').out
    expect(func.compatibility.map((c) => [c.hardware.type, c.isCompatible])).toEqual([
      ['cuda', true],
      ['cpu', true],
    ])
  })

  test('matrix and checks: qualcomm -> qnn', () => {
    const m = ingest('variants/compatibility_matrix/audio_webnn.json').out
    expect(m.compatibility.map((c) => [c.model.name, c.hardware.type, c.isCompatible, c.compatibilityScore])).toEqual([
      ['openai/whisper-tiny', 'webnn', true, 0.8],
    ])
    expect(m.run.metadata!.familyCells).toEqual([expect.objectContaining({family: 'audio', hardware: 'qnn', evidence: 'none'})])
    const list = ingest('variants/model_platform_checks/list_mixed.json').out
    expect(list.compatibility[1]).toMatchObject({model: {name: 'whisper'}, hardware: {type: 'qnn'}, isCompatible: false, errorType: 'ImportError'})
    expect(ingest('variants/model_platform_checks/single_llama_cuda.json').out.compatibility[0]).toMatchObject({model: {name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0'}, isCompatible: true})
  })

  test('skill shapes: MOCK simulated, failures explained', () => {
    const r = ingest('variants/skill_test_result/t5_mock_openvino.json').out
    expect(r.compatibility.find((c) => c.hardware.type === 'openvino')).toMatchObject({isCompatible: false, simulated: true, errorMessage: 'OpenVINO handler'})
    const w = ingest('variants/wrapped_skill_test_result/vit_runner.json').out
    expect(w.compatibility.find((c) => c.hardware.type === 'cuda')).toMatchObject({model: {name: 'google/vit-base-patch16-224'}, isCompatible: false, errorMessage: 'out of memory'})
    const runner = ingest('variants/skill_test_runner/clip_failed.json').out
    expect(runner.integration[0]).toMatchObject({testModule: 'test_hf_clip', status: 'fail', executionTimeSeconds: 4.25})
    expect(runner.compatibility[0].model.name).toBe('openai/clip-vit-base-patch32')
    const pm = ingest('variants/skill_performance_metrics/two_files.json').out
    expect(pm.compatibility.find((c) => c.hardware.type === 'qnn')).toMatchObject({simulated: true, model: {name: 'whisper'}})
    expect(pm.integration.find((i) => i.testModule === 'test_default_lm')).toMatchObject({status: 'error', errorMessage: 'No valid results'})
    const sm = ingest('variants/skill_status_matrix/two_tests.json').out
    expect(sm.compatibility.map((c) => [c.hardware.type, c.isCompatible])).toEqual([
      ['cpu', true],
      ['cuda', false],
    ])
  })

  test('integration and model shapes', () => {
    expect(ingest('variants/api_feature_checks/openai_checks.json').out.integration.map((i) => i.status)).toEqual(['pass', 'fail', 'error', 'pass'])
    expect(ingest('variants/exit_code_test_tree/flat.json').out.integration[1]).toMatchObject({testName: 'groq', status: 'fail', assertions: [{passed: false, actualValue: '2'}]})
    expect(ingest('variants/error_report/worker_crash.json').out.integration[0].testModule).toBe('test_worker_pool')
    expect(ingest('variants/critical_model_tests/two_models.json').out.integration.map((i) => [i.model?.name, i.status])).toEqual([
      ['bert', 'pass'],
      ['gpt2', 'fail'],
    ])
    expect(ingest('variants/model_test_list/two_tests.json').out.run.startedAt).toBe('2025-04-24T02:00:00Z')
    expect(ingest('variants/family_test_summary/two_families.json').out.integration[1]).toMatchObject({testName: 't5', status: 'fail'})
    const prog = ingest('variants/benchmark_progress/mixed.json').out
    expect(prog.integration.map((i) => [i.model?.name, i.hardware?.type, i.status])).toEqual([
      ['t5-small', 'cuda', 'pass'],
      ['llava', 'webnn', 'skip'],
    ])
    const api = ingest('variants/api_model_latency/two_models.json').out
    expect(api.performance.map((p) => [p.model.family, p.averageLatencyMs])).toEqual([
      ['gemma', 250],
      ['mixtral', 1500],
    ])
  })

  test('web and hardware shapes', () => {
    const one = ingest('variants/web_platform_result/clip_webgpu_real.json').out.webPlatform[0]
    expect(one).toMatchObject({platform: 'webgpu', browser: 'edge', success: false, simulated: false, errorMessage: 'shader compile failed', inferenceTimeMs: 33.5})
    expect(ingest('variants/web_platform_batch/webnn_two.json').out.webPlatform.map((w) => w.simulated)).toEqual([false, true])
    expect(ingest('variants/web_platform_comparison/vision_only.json').out.webPlatform.map((w) => [w.platform, w.simulated])).toEqual([
      ['webnn', false],
      ['webgpu', true],
    ])
    expect(ingest('variants/browser_shader_comparison/clap_edge.json').out.webPlatform[1]).toMatchObject({browser: 'safari', success: false, webgpuFeatures: {computeShaderSupport: false}})
    const caps = ingest('variants/browser_capabilities/firefox_webgpu.json').out.hardwarePlatforms
    expect(caps.map((h) => [h.type, h.platformVersion, h.metadata?.supported])).toEqual([
      ['webnn', '128.0', false],
      ['webgpu', '128.0', true],
    ])
    expect(ingest('variants/capability_flags/rocm_mps.json').out.hardwarePlatforms.map((h) => h.type)).toEqual(['rocm'])
    expect(ingest('variants/platform_results_test/whisper_cuda.json').out.compatibility[0]).toMatchObject({hardware: {type: 'cuda'}, isCompatible: true, simulated: true})
    const tm = ingest('variants/transformers_method_benchmark/t5_cpu.json').out
    expect(tm.performance[0]).toMatchObject({testCase: 'pipeline', hardware: {type: 'cpu'}, averageLatencyMs: 200, iterations: 5})
    expect(tm.integration[0].status).toBe('fail')
  })
})
