import {describe, expect, test} from '@jest/globals'

import {canonicalHardware} from '../../src/lib/ingest/normalize/hardware.js'
import {inferFamily, modelFrom, modelRef} from '../../src/lib/ingest/normalize/model.js'
import {latencyPercentiles, percentile} from '../../src/lib/ingest/normalize/percentiles.js'
import {parseStatus} from '../../src/lib/ingest/normalize/status.js'
import {toIsoUtc} from '../../src/lib/ingest/normalize/time.js'

describe('percentiles (linear interpolation)', () => {
  test('matches numpy.percentile defaults', () => {
    // numpy.percentile([1,2,3,4], [50,90,99]) == [2.5, 3.7, 3.97]
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5)
    expect(percentile([4, 1, 3, 2], 90)).toBeCloseTo(3.7, 12)
    expect(percentile([4, 1, 3, 2], 99)).toBeCloseTo(3.97, 12)
    expect(percentile([10], 99)).toBe(10)
    expect(percentile([], 50)).toBeNull()
    expect(percentile([1, 2], 0)).toBe(1)
    expect(percentile([1, 2], 100)).toBe(2)
    expect(() => percentile([1], 101)).toThrow(RangeError)
  })

  test('latencyPercentiles names the three columns', () => {
    expect(latencyPercentiles([5, 1, 3])).toEqual({latencyP50Ms: 3, latencyP90Ms: 4.6, latencyP99Ms: 4.96})
  })
})

describe('timestamps', () => {
  test.each([
    ['2025-03-05T19:57:13.297083', '2025-03-05T19:57:13.297083Z'],
    ['2025-03-01 17:25:42', '2025-03-01T17:25:42Z'],
    ['2025-03-02T12:00:00Z', '2025-03-02T12:00:00Z'],
    ['2025-03-02T14:00:00.5+02:00', '2025-03-02T12:00:00.5Z'],
    ['20250302_201142', '2025-03-02T20:11:42Z'],
    [1740730019.1702054, '2025-02-28T08:06:59.170205Z'],
    [1741232337, '2025-03-06T03:38:57Z'],
  ])('%p -> %s', (input, expected) => {
    expect(toIsoUtc(input)).toBe(expected)
  })

  test('never invents a time', () => {
    expect(toIsoUtc(undefined)).toBeNull()
    expect(toIsoUtc('yesterday')).toBeNull()
    expect(toIsoUtc(0)).toBeNull()
  })
})

describe('status strings', () => {
  test.each([
    ['Success (REAL)', 'pass', 'REAL', false],
    ['Success (MOCK)', 'pass', 'MOCK', true],
    ['Success (MOCK) - SNPE SDK not installed', 'pass', 'MOCK', true],
    ['Failed Qualcomm initialization', 'fail', null, false],
    ['Error: name tokenizer is not defined', 'error', null, false],
    ['Apple Silicon not available', 'skip', null, false],
    ['Ready (REAL)', 'pass', 'REAL', false],
    ['completed', 'pass', null, false],
  ])('%s', (raw, status, impl, simulated) => {
    expect(parseStatus(raw)).toMatchObject({status, implementation: impl, simulated})
  })

  test('non-status text is not a status', () => {
    expect(parseStatus('torch.float32')).toBeNull()
    expect(parseStatus('Example generated text from T5')).toBeNull()
  })
})

describe('hardware and model identity', () => {
  test.each([
    ['CUDA', 'cuda'],
    ['Qualcomm', 'qnn'],
    ['qualcomm', 'qnn'],
    ['qnn', 'qnn'],
    ['apple', 'mps'],
    ['MPS', 'mps'],
    ['AMD', 'rocm'],
    ['OpenVINO', 'openvino'],
    ['WebGPU', 'webgpu'],
    ['CPU', 'cpu'],
    ['tpu', 'tpu'],
  ])('%s -> %s', (raw, type) => expect(canonicalHardware(raw)).toBe(type))

  test.each([
    ['bert-base-uncased', 'bert'],
    ['prajjwal1/bert-tiny', 'bert'],
    ['distilbert-base-uncased', 'distilbert'],
    ['google/t5-efficient-tiny', 't5'],
    ['TinyLlama/TinyLlama-1.1B-Chat-v1.0', 'llama'],
    ['openai/clip-vit-base-patch32', 'clip'],
    ['microsoft/xclip-base-patch32', 'xclip'],
    ['llava-hf/llava-1.5-7b-hf', 'llava'],
    ['google/vit-base-patch16-224', 'vit'],
    ['openai/whisper-tiny', 'whisper'],
    ['something-else', null],
  ])('family of %s is %s', (name, family) => expect(inferFamily(name)).toBe(family))

  test('task categories never become the family', () => {
    expect(modelRef('bert-base-uncased', {family: 'embedding'})).toMatchObject({family: 'bert', metadata: {category: 'embedding'}})
    expect(modelRef('bert-base-uncased', {family: 'bert'}).family).toBe('bert')
  })

  test('display names and keys', () => {
    expect(modelFrom('bert-base-uncased', 'bert', {displayName: 'BERT'})).toMatchObject({name: 'bert-base-uncased', metadata: {displayName: 'BERT', key: 'bert'}})
    expect(modelFrom(null, 'BERT')).toMatchObject({name: 'bert', metadata: {nameSource: 'key'}})
    expect(modelFrom('/tmp/bert_test_model', 'bert')).toMatchObject({name: 'bert', metadata: {nameSource: 'key', localPath: '/tmp/bert_test_model'}})
  })
})
