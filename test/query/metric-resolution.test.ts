/**
 * What `--metric` / `?metric=` accept (the catalogue, its aliases, statistic suffixes and the old
 * short names), the suggestions of an unknown name, how a series picks its baseline, and how
 * series are named. Pure functions: no database.
 */
import {describe, expect, test} from '@jest/globals'

import {METRICS} from '../../src/lib/metrics/catalogue.js'
import {pairBaseline} from '../../src/lib/report/pairing.js'
import {metricInfo} from '../../src/lib/report/metrics.js'
import {seriesLabels, shortCommit} from '../../src/lib/report/series-label.js'

describe('metricInfo', () => {
  test('every catalogued metric resolves to itself, with its unit and direction', () => {
    for (const m of METRICS) {
      const r = metricInfo(m.name)
      expect([r.name, r.unit, r.higherIsBetter]).toEqual([m.name, m.unit, m.direction === 'higher'])
      // Exactly the catalogue entries with a rollup column are read through the rollup.
      const scanned = ['throughput', 'latency', 'memory_peak', 'latency_p50', 'latency_p90', 'latency_p99']
      expect(r.scan !== null).toBe(scanned.includes(m.name))
    }
  })

  test('aliases, old short names and statistic suffixes', () => {
    expect(metricInfo('tok/s').name).toBe('tokens_per_second')
    expect(metricInfo('QPS').name).toBe('requests_per_second')
    expect([metricInfo('p99').name, metricInfo('p99').scan, metricInfo('p99').unit]).toEqual(['latency_p99', 'p99', 'ms'])
    expect([metricInfo('memory').name, metricInfo('memory').scan]).toEqual(['memory_peak', 'memory'])
    expect([metricInfo('latency_p99').scan, metricInfo('latency_median').scan]).toEqual(['p99', null])
    const ttft = metricInfo('ttft_p99')
    expect([ttft.name, ttft.unit, ttft.higherIsBetter, ttft.scan]).toEqual(['ttft_p99', 'ms', false, null])
    expect(metricInfo('tokens_per_second_stddev').higherIsBetter).toBeNull()
  })

  test('an unknown metric is a usage error naming the closest ones', () => {
    expect(() => metricInfo('tokens_per_secnd')).toThrow(/unknown metric "tokens_per_secnd"; did you mean "tokens_per_second"/)
    try {
      metricInfo('speed')
      throw new Error('not thrown')
    } catch (err) {
      expect((err as {kind: string}).kind).toBe('usage')
    }
    expect(() => metricInfo('latncy')).toThrow(/did you mean "latency"/)
    expect(() => metricInfo('zzzzzz')).toThrow(/^unknown metric "zzzzzz"$/)
  })
})

describe('pairBaseline', () => {
  const s = (precision: string | null, machine: string | null = null, simulated = false) => ({precision, machine, simulated})
  test('same precision first (null is its own value), then same machine; several left is ambiguous', () => {
    const fp32 = s('fp32')
    const none = s(null)
    expect(pairBaseline(s('fp32'), [none, fp32])).toEqual({pairing: 'same-precision', with: fp32})
    expect(pairBaseline(s(null), [none, fp32])).toEqual({pairing: 'same-precision', with: none})
    expect(pairBaseline(s('fp16'), [none, fp32])).toEqual({pairing: 'ambiguous', with: null})
    expect(pairBaseline(s('fp16'), [fp32])).toEqual({pairing: 'cross-precision', with: fp32})
    const a = s('fp32', 'host-a')
    const b = s('fp32', 'host-b')
    expect(pairBaseline(s('fp32', 'host-b'), [a, b])).toEqual({pairing: 'same-precision', with: b})
    expect(pairBaseline(s('fp32', 'host-c'), [a, b])).toEqual({pairing: 'ambiguous', with: null})
    expect(pairBaseline(s('fp32'), [])).toEqual({pairing: 'none', with: null})
  })
})

describe('series names', () => {
  test('only the parts that differ are named; a missing precision is "unspecified"', () => {
    expect(seriesLabels([
      {device: 'Intel i9', machine: 'a', precision: 'fp32', batchSize: 8},
      {device: 'AMD EPYC', machine: 'b', precision: null, batchSize: 8},
    ], ['batchSize'])).toEqual(['Intel i9 · on a · fp32 · batch 8', 'AMD EPYC · on b · unspecified · batch 8'])
    expect(seriesLabels([{hardware: 'cpu', precision: 'fp32'}, {hardware: 'cuda', precision: 'fp32'}], ['hardware'])).toEqual(['cpu', 'cuda'])
  })

  test('commits are shown as 7 hex digits; other strings as they are', () => {
    expect(shortCommit('A1B2C3D4E5F60718293A4B5C6D7E8F9012345678')).toBe('a1b2c3d')
    expect([shortCommit('v1.2.3'), shortCommit(null), shortCommit('')]).toEqual(['v1.2.3', null, null])
  })
})
