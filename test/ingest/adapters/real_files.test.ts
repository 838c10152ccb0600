import {readdirSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'

import {describe, expect, test} from '@jest/globals'

import {FIXTURES, counts, ingest, missingMeasurements} from '../helpers.js'

// [fixture, adapter, counts: performance, samples, compatibility, integration, assertions,
//  webPlatform, webgpuFeatures, hardwarePlatforms, models]. Counts were checked by hand against
// each file (e.g. the 2025-03-02 matrix: 5 families x 3 hw = 15 cells, two cells list 3 models
// each -> 15 - 2 + 6 = 19 rows; the nested suite: 3 models x 9 configs = 27 rows x 20 samples).
const GOLDEN: Array<[string, string, number[]]> = [
  ['real/compatibility/benchmark_results/hardware_compatibility_matrix.json', 'compatibility_matrix', [0, 0, 6, 0, 0, 0, 0, 0, 0]],
  ['real/compatibility/benchmarks_20250303_041606/hardware_compatibility_matrix.json', 'compatibility_matrix', [0, 0, 0, 0, 0, 0, 0, 0, 0]],
  ['real/compatibility/key_models_hardware_fixes/validation_results.json', 'model_platform_checks', [0, 0, 13, 0, 0, 0, 0, 0, 0]],
  ['real/compatibility/real_vs_sim_results/prajjwal1_bert-tiny_webgpu_test.json', 'model_platform_checks', [0, 0, 1, 0, 0, 0, 0, 0, 0]],
  ['real/hardware/browser_capabilities/chrome_capabilities_20250307_001706.json', 'browser_capabilities', [0, 0, 0, 0, 0, 0, 0, 4, 0]],
  ['real/hardware/collected_results/bert_test_bert-base-uncased_20250301_165412.json', 'transformers_method_benchmark', [2, 0, 0, 2, 0, 0, 0, 3, 1]],
  ['real/hardware/collected_results/hardware_cpu_results_20250226_222617.json', 'skill_status_matrix', [0, 0, 24, 82, 0, 0, 0, 0, 8]],
  ['real/hardware/hardware_coverage_results/coverage_report.json', 'hardware_coverage_report', [0, 0, 91, 0, 0, 0, 0, 0, 0]],
  ['real/hardware/hardware_test_results/clip_cpu_test.json', 'platform_results_test', [0, 0, 1, 2, 0, 0, 0, 0, 1]],
  ['real/hardware/test/563b04d421d313bae1d2d8f9f16dea6c308856e5cda42307da74bcc073644dc6.json', 'capability_flags', [0, 0, 0, 0, 0, 0, 0, 2, 0]],
  ['real/integration/archived_test_results/api_multiplexing_enhanced_error_20250301_181447.json', 'error_report', [0, 0, 0, 1, 0, 0, 0, 0, 0]],
  ['real/integration/archived_test_results/queue_backoff_tests_20250301_182920.json', 'exit_code_test_tree', [0, 0, 0, 13, 13, 0, 0, 0, 0]],
  ['real/integration/collected_results/claude_test_results.json', 'api_feature_checks', [0, 0, 0, 22, 0, 0, 0, 0, 0]],
  ['real/integration/collected_results/hf_bert_test_results.json', 'skill_test_result', [0, 0, 1, 3, 0, 0, 0, 0, 1]],
  ['real/integration/collected_results/hf_bert_test_results__2025-02-28_version.json', 'skill_test_result', [1, 0, 4, 10, 0, 0, 0, 0, 1]],
  ['real/integration/functionality_reports/model_functionality_20250305_195322.json', 'functionality_report', [0, 0, 1, 0, 0, 0, 0, 0, 0]],
  ['real/integration/test/test_results.json', 'skill_status_matrix', [0, 0, 0, 2, 0, 0, 0, 0, 0]],
  ['real/model/critical_model_results/critical_model_tests_20250301_150937.json', 'critical_model_tests', [0, 0, 0, 3, 3, 0, 0, 0, 3]],
  ['real/model/new_model_results/new_model_tests_20250301_150750.json', 'model_test_list', [0, 0, 0, 17, 0, 0, 0, 0, 17]],
  ['real/model/skills/test_summary.json', 'family_test_summary', [0, 0, 0, 7, 0, 0, 0, 0, 0]],
  // 26 = one row per model x hardware: the cuda suite's 13 CPU-fallback rows repeat the cpu suite's (#14).
  ['real/performance/20250302_201142/benchmark_results.json', 'benchmark_suite_report', [0, 0, 26, 5, 0, 0, 0, 3, 13]],
  ['real/performance/20250305_195321/benchmark_results.json', 'nested_benchmark_suite', [27, 540, 0, 0, 0, 0, 0, 2, 0]],
  ['real/performance/20250305_195321/benchmark_summary.json', 'family_benchmark_summary', [3, 0, 0, 0, 0, 0, 0, 1, 0]],
  ['real/performance/archived_test_results/groq_model_performance.json', 'api_model_latency', [5, 0, 0, 0, 0, 0, 0, 0, 0]],
  ['real/performance/benchmark_results/batch_benchmarks_cpu_20250306_174805.json', 'direct_batch_benchmarks', [2, 10, 0, 0, 0, 0, 0, 0, 0]],
  ['real/performance/benchmark_results/benchmark_bert_cpu_20250305_195714.json', 'batch_size_map', [2, 0, 0, 0, 0, 0, 0, 0, 0]],
  ['real/performance/benchmark_results/benchmark_bert_webgpu_20250305_195720.json', 'batch_size_map', [2, 0, 0, 0, 0, 0, 0, 0, 0]],
  ['real/performance/benchmark_results/benchmark_progress_20250306_174046.json', 'benchmark_progress', [0, 0, 0, 1, 0, 0, 0, 0, 0]],
  ['real/performance/performance_results/bert_cpu_test.json', 'star_rows', [3, 0, 0, 0, 0, 0, 0, 0, 0]],
  ['real/performance/performance_results/bert_cuda_test.json', 'star_rows', [3, 0, 0, 0, 0, 0, 0, 0, 0]],
  ['real/performance/performance_results/hf_bert_performance_20250227_195347.json', 'wrapped_skill_test_result', [0, 0, 4, 10, 0, 0, 0, 0, 1]],
  ['real/performance/performance_results/performance_test_results_20250228_000721.json', 'skill_performance_metrics', [0, 0, 32, 94, 0, 0, 0, 0, 8]],
  ['real/performance/performance_results/performance_test_skills_t5_20250228_012918.json', 'skill_test_runner', [0, 0, 4, 11, 0, 0, 0, 0, 1]],
  ['real/web_platform/bert_webnn_20250306_232413/result.json', 'web_platform_result', [0, 0, 0, 0, 0, 1, 0, 0, 0]],
  ['real/web_platform/firefox_webgpu_results/whisper_firefox_vs_chrome_1741232337.json', 'browser_shader_comparison', [0, 0, 0, 0, 0, 4, 4, 0, 0]],
  ['real/web_platform/web_platform_results/all_models_webgpu_20250305_193352.json', 'web_platform_batch', [0, 0, 0, 0, 0, 10, 0, 0, 0]],
  ['real/web_platform/web_platform_results/web_platform_comparison_20250302_120000.json', 'web_platform_comparison', [0, 0, 0, 0, 0, 48, 0, 0, 0]],
  ['real/web_platform/whisper_webgpu_20250306_184211/result.json', 'web_platform_result', [0, 0, 0, 0, 0, 1, 0, 0, 0]],
]

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [relative(FIXTURES, p)] : []
  })
}

const KINDS = ['performance', 'samples', 'compatibility', 'integration', 'assertions', 'webPlatform', 'webgpuFeatures', 'hardwarePlatforms', 'models']

describe('real fixtures: detection and row counts', () => {
  test('the golden table covers all 38 real files', () => {
    expect(walk(join(FIXTURES, 'real')).sort()).toEqual(GOLDEN.map((g) => g[0]).sort())
    expect(GOLDEN).toHaveLength(38)
  })

  test.each(GOLDEN)('%s -> %s', (file, adapter, expected) => {
    const {adapter: got, out} = ingest(file)
    expect(got.name).toBe(adapter)
    expect(counts(out)).toEqual(Object.fromEntries(KINDS.map((k, i) => [k, expected[i]])))
  })
})

describe('real fixtures: every throughput/latency/memory figure survives', () => {
  test.each(GOLDEN.map((g) => [g[0]]))('%s', (file) => {
    const {doc, out} = ingest(file)
    expect(missingMeasurements(doc, out)).toEqual([])
  })
})

describe('real fixtures: times come from the file, never from mtime', () => {
  test.each(GOLDEN.map((g) => [g[0]]))('%s', (file) => {
    const {out} = ingest(file)
    for (const t of [out.run.startedAt, out.run.completedAt]) {
      if (t != null) {
        expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/)
        expect(t.startsWith('2025-01-01T00:00:00')).toBe(false)
      }
    }
  })
})
