import {describe, expect, test} from '@jest/globals'
import {parseCompareRequest} from '../../src/lib/compare/request.js'

describe('parseCompareRequest (shared by the CLI flags and the API query string)', () => {
  test('defaults', () => {
    expect(parseCompareRequest({})).toEqual({
      options: {baseline: 'window:20', candidate: 'latest', metric: 'throughput', threshold: 0.05, alpha: 0.05,
        filters: {models: undefined, families: undefined, hardware: undefined, machines: undefined}, includeSimulated: false, excludeRegressions: false},
      format: 'json',
      failOn: 'regression',
    })
  })

  test('query-string values: repeated or comma-separated lists, boolean words', () => {
    const r = parseCompareRequest({baseline: 'branch:main', candidate: 'abc1234', metric: 'p99', threshold: '2.5%', alpha: '0.05',
      hardware: ['cuda', 'rocm,mps'], family: 'bert', machine: 'runner-1', includeSimulated: 'true', excludeRegressions: '1', format: 'markdown', failOn: 'any'})
    expect(r.options).toMatchObject({metric: 'p99', alpha: 0.05, filters: {hardware: ['cuda', 'rocm', 'mps'], families: ['bert'], machines: ['runner-1']},
      includeSimulated: true, excludeRegressions: true})
    expect(r.options.threshold).toBeCloseTo(0.025, 12)
    expect([r.format, r.failOn]).toEqual(['markdown', 'any'])
  })

  test.each([
    [{threshold: '-3%'}, /threshold -3% is out of range/],
    [{threshold: '0'}, /threshold 0% is out of range/],
    [{threshold: 'lots'}, /invalid threshold/],
    [{alpha: 'low'}, /invalid alpha/],
    [{includeSimulated: 'maybe'}, /invalid includeSimulated/],
    [{format: 'pdf'}, /invalid format/],
    [{failOn: 'sometimes'}, /invalid failOn/],
  ])('%j is a usage error', (request, message) => {
    expect(() => parseCompareRequest(request)).toThrow(message)
    try {
      parseCompareRequest(request)
    } catch (err) {
      expect((err as {kind: string}).kind).toBe('usage')
    }
  })
})
