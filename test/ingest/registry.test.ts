import {describe, expect, test} from '@jest/globals'

import {ADAPTERS, detectShape, explainDetection, validateForAdapter} from '../../src/lib/ingest/registry.js'
import {load} from './helpers.js'

describe('registry', () => {
  test('adapter names are unique and sorted by priority', () => {
    const names = ADAPTERS.map((a) => a.name)
    expect(new Set(names).size).toBe(names.length)
    expect(ADAPTERS.map((a) => a.priority)).toEqual([...ADAPTERS.map((a) => a.priority)].sort((a, b) => b - a))
  })

  test('a numeric string where a throughput number belongs is read as that number, in place', () => {
    const doc = load('real/performance/performance_results/bert_cpu_test.json') as Array<Record<string, unknown>>
    doc[1].throughput_items_per_second = ' 78.6 '
    doc[1].batch_size = '16'
    const det = detectShape(doc)
    expect(det.adapter?.name).toBe('star_rows')
    expect(validateForAdapter(det.adapter!, doc)).toEqual({ok: true})
    expect(doc[1]).toMatchObject({throughput_items_per_second: 78.6, batch_size: 16})
  })

  test('a string that is not a number where a number belongs is rejected with its pointer', () => {
    const doc = load('real/performance/performance_results/bert_cpu_test.json') as Array<Record<string, unknown>>
    doc[1].throughput_items_per_second = '78.6 items/s'
    const det = detectShape(doc)
    expect(det.adapter?.name).toBe('star_rows')
    expect(validateForAdapter(det.adapter!, doc)).toEqual({ok: false, pointer: '/1/throughput_items_per_second', message: '/1/throughput_items_per_second must be number,null', expected: 'number,null'})
    // An integer field takes an integer string but not a fraction.
    const fractional = load('real/performance/performance_results/bert_cpu_test.json') as Array<Record<string, unknown>>
    fractional[0].batch_size = '8.5'
    expect(validateForAdapter(det.adapter!, fractional)).toMatchObject({ok: false, pointer: '/0/batch_size'})
  })

  test('a model name made of digits stays a string (identity is never coerced)', () => {
    const doc = load('real/performance/performance_results/bert_cpu_test.json') as Array<Record<string, unknown>>
    doc[0].model_name = '12345'
    expect(validateForAdapter(detectShape(doc).adapter!, doc)).toEqual({ok: true})
    expect(doc[0].model_name).toBe('12345')
  })

  test('nested suite latencies must be numbers', () => {
    const doc = load('real/performance/20250305_195321/benchmark_results.json') as {benchmarks: Record<string, any>}
    doc.benchmarks.embedding['roberta-base'].cpu.benchmark_results.batch_4_seq_32.latencies[3] = 'n/a'
    const det = detectShape(doc)
    expect(det.adapter?.name).toBe('nested_benchmark_suite')
    const v = validateForAdapter(det.adapter!, doc)
    expect(v).toMatchObject({ok: false, pointer: '/benchmarks/embedding/roberta-base/cpu/benchmark_results/batch_4_seq_32/latencies/3', expected: 'number'})
  })

  test('a missing required key is reported at the key it lacks', () => {
    const doc = load('real/web_platform/web_platform_results/web_platform_comparison_20250302_120000.json') as {results_by_modality: {text: Array<Record<string, unknown>>}}
    doc.results_by_modality.text[0].webgpu = {time_ms: '10.8 ms'}
    const det = detectShape(doc)
    expect(validateForAdapter(det.adapter!, doc)).toMatchObject({ok: false, pointer: '/results_by_modality/text/0/webgpu/time_ms', expected: 'number,null'})
  })

  test.each([
    [{name: 'my-package', version: '1.0.0', dependencies: {left: '^1'}}],
    [{type: 'FeatureCollection', features: [{type: 'Feature', geometry: null}]}],
    [[1, 2, 3]],
    ['just a string'],
    [{}],
  ])('unrelated JSON %j is detected by no adapter, with a reason', (doc) => {
    const det = detectShape(doc)
    expect(det.adapter).toBeNull()
    expect(det.candidates).toEqual([])
    expect(det.errors[0]).toMatch(/^no adapter recognised the document; closest is "[a-z_]+"/)
  })

  test('the reason names the key the closest adapter lacked', () => {
    const det = detectShape({batch_sizes: {'1': {throughput: 3}}, model_path: 'x'})
    expect(det.adapter).toBeNull()
    expect(det.errors[0]).toContain('closest is "batch_size_map"')
    expect(det.errors[0]).toContain('lacks key "hardware"')
  })

  test('explainDetection reports every adapter with its first failing pointer', () => {
    const doc = load('real/performance/benchmark_results/benchmark_bert_cpu_20250305_195714.json')
    const ex = explainDetection(doc)
    expect(ex).toHaveLength(ADAPTERS.length)
    expect(ex.filter((e) => e.passed).map((e) => e.adapter)).toEqual(['batch_size_map'])
    const star = ex.find((e) => e.adapter === 'star_rows')!
    expect(star).toMatchObject({passed: false, pointer: ''})
    expect(star.reason).toContain('must be array')
  })
})
