import {describe, expect, it} from '@jest/globals'
import {higherIsBetter, resolveMetric} from '../../src/lib/metrics/catalogue.js'
import {routeMetrics} from '../../src/lib/metrics/route.js'
import {toMb, toMs} from '../../src/lib/metrics/units.js'
import type {PerformanceRow} from '../../src/lib/ingest/types.js'

describe('metric catalogue', () => {
  it('resolves canonical names, aliases and statistic suffixes with their direction', () => {
    expect(resolveMetric('tokens_per_second')).toMatchObject({name: 'tokens_per_second', statistic: null, direction: 'higher'})
    expect(resolveMetric('ttft_ms_p99')).toMatchObject({name: 'ttft_p99', statistic: 'p99', direction: 'lower'})
    expect(resolveMetric('latency_p99')).toMatchObject({name: 'latency_p99', direction: 'lower'})
    expect(resolveMetric('latency_mean')).toMatchObject({name: 'latency', statistic: 'mean'})
    expect(resolveMetric('tokens_per_second_stddev')).toMatchObject({name: 'tokens_per_second_stddev', direction: null})
    expect(resolveMetric('flux_capacitance')).toBeNull()
    expect(higherIsBetter('flux_capacitance', true)).toBe(true)
    expect(higherIsBetter('request_throughput')).toBe(true)
  })

  it('converts time and size units by one documented factor', () => {
    expect(toMs(1500, 'ns')).toBeCloseTo(0.0015, 12)
    expect(toMs(2, 's')).toBe(2000)
    expect(toMs(3, 'us/op')).toBeCloseTo(0.003, 12)
    expect(toMb(2_500_000, 'bytes')).toBeCloseTo(2.5, 12)
    expect(toMs(1, 'furlongs')).toBeNull()
  })

  it('routes column metrics into empty contract columns and the rest into result_metrics', () => {
    const row: PerformanceRow = {
      model: {name: 'm'}, hardware: {type: 'cpu'}, simulated: false, averageLatencyMs: 5,
      metricValues: [
        {metric: 'throughput', value: 12, unit: 'items/s'},
        {metric: 'latency', value: 5, unit: 'ms'},
        {metric: 'latency', value: 6, unit: 'ms'},
        {metric: 'tokens_per_second', value: 40, unit: 'tokens/s', samples: [39, 41]},
        {metric: 'gpu_util', value: 0.8, unit: 'ratio', higherIsBetter: true},
      ],
    }
    const {columns, extra} = routeMetrics(row)
    expect(columns).toEqual({throughputItemsPerSecond: 12})
    expect(extra.map((x) => [x.metric, x.value, x.unit, x.higherIsBetter])).toEqual([
      ['latency', 6, 'ms', false],
      ['tokens_per_second', 40, 'tokens/s', true],
      ['gpu_util', 0.8, 'ratio', true],
    ])
    expect(extra[1].samples).toEqual([39, 41])
  })
})
