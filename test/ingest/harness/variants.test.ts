import {describe, expect, test} from '@jest/globals'

import {classifyDocument} from '../../../src/lib/ingest/classify.js'
import type {MetricValue, NormalizedDocument, PerformanceRow} from '../../../src/lib/ingest/types.js'
import {ingest, load, MTIME} from '../helpers.js'

/**
 * The versions of each harness format the shared files do not cover, value by value: units
 * converted by factors written out here (s x 1000, us / 1000, ns / 1e6, bytes / 1e6), not by the
 * code under test.
 */
const close = (a: number | null | undefined, b: number) => {
  expect(a).not.toBeNull()
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)))
}
const mv = (p: PerformanceRow, metric: string): MetricValue => {
  const found = (p.metricValues ?? []).filter((m) => m.metric === metric)
  expect(found).toHaveLength(1)
  return found[0]
}
const row = (out: NormalizedDocument, name: string): PerformanceRow => {
  const found = out.performance.filter((p) => p.model.name === name)
  expect(found).toHaveLength(1)
  return found[0]
}

describe('pytest-benchmark 4.x', () => {
  const {adapter, out} = ingest('variants/pytest_benchmark/pytest4_params_brand_raw.json')
  test('run context from commit_info and machine_info', () => {
    expect(adapter.name).toBe('pytest_benchmark')
    expect(out.run).toMatchObject({startedAt: '2024-05-02T08:15:30.123456Z', gitCommit: '0123456789abcdef0123456789abcdef01234567', gitBranch: 'main', repository: 'mylib', machine: 'ci-runner-7', tags: {dirty: 'false'}})
  })
  test('stats in seconds become ms; data becomes samples and percentiles; a parametrised test is its own series', () => {
    const p = row(out, 'tests/bench_parse.py::test_parse[small]')
    expect(p.model).toMatchObject({modality: 'benchmark', source: 'pytest-benchmark', family: null})
    expect(p.hardware).toMatchObject({type: 'cpu', deviceName: 'AMD EPYC 7763 64-Core Processor'})
    expect(p.testCase).toBe('parse')
    close(p.averageLatencyMs, 2.4)
    close(mv(p, 'latency_median').value, 2)
    close(mv(p, 'latency_min').value, 1)
    close(mv(p, 'latency_max').value, 5)
    close(mv(p, 'latency_stddev').value, 1.5165750888103101)
    close(mv(p, 'latency_p25').value, 1.5)
    close(mv(p, 'latency_p75').value, 3.5)
    close(mv(p, 'ops_per_second').value, 416.6666666666667)
    expect(mv(p, 'ops_per_second').unit).toBe('ops/s')
    close(p.totalTimeSeconds, 0.012)
    expect(p.iterations).toBe(5)
    const samples = [1, 2, 5, 1.5, 2.5]
    expect(p.samples!.map((s) => s.latencyMs)).toEqual(samples.map((v) => (v / 1000) * 1000))
    // Sorted 1, 1.5, 2, 2.5, 5: rank 0.9 x 4 = 3.6 -> 2.5 + 0.6 x (5 - 2.5).
    close(p.latencyP90Ms, 4)
    // No data list: no samples, and no percentiles invented.
    const large = row(out, 'tests/bench_parse.py::test_parse[large]')
    expect(large.samples).toBeUndefined()
    expect(large.latencyP50Ms).toBeUndefined()
    close(large.averageLatencyMs, 30)
  })
})

describe('Google Benchmark', () => {
  test('1.8: repetitions are samples of one row, aggregates its statistics, counters its metrics', () => {
    const {out} = ingest('variants/google_benchmark/gbench_1_8_repetitions_counters.json')
    expect(out.run).toMatchObject({startedAt: '2024-03-01T11:00:00Z', machine: 'perf-box', commandLine: './bench_copy'})
    expect(out.performance.map((p) => p.model.name)).toEqual(['BM_Copy/64', 'BM_Sort/1024/threads:2'])
    const copy = row(out, 'BM_Copy/64')
    close(copy.averageLatencyMs, 12 / 1000)
    expect(copy.samples!.map((s) => s.latencyMs)).toEqual([10 / 1000, 12 / 1000, 14 / 1000].map((v) => expect.closeTo(v, 12)))
    close(mv(copy, 'cpu_time').value, 11 / 1000)
    close(mv(copy, 'latency_median').value, 12 / 1000)
    close(mv(copy, 'latency_stddev').value, 2 / 1000)
    expect(mv(copy, 'latency_cv')).toMatchObject({value: 0.16666666666666666, unit: 'ratio'})
    expect(mv(copy, 'cpu_time_cv')).toMatchObject({value: 0.18181818181818182, unit: 'ratio'})
    // The mean aggregate's counters: items/s is the throughput column's meaning, bytes/s becomes MB/s.
    expect(mv(copy, 'throughput')).toMatchObject({value: 84920, unit: 'items/s'})
    close(mv(copy, 'bytes_per_second').value, 5434920 / 1e6)
    expect(mv(copy, 'hits')).toMatchObject({value: 4, unit: 'count', higherIsBetter: null})
    const sort = row(out, 'BM_Sort/1024/threads:2')
    // Only aggregates (report_aggregates_only): the mean aggregate is the latency.
    close(sort.averageLatencyMs, 1.5)
    close(mv(sort, 'latency_median').value, 1.4)
    expect(sort.samples).toBeUndefined()
    expect(out.unmapped).toEqual([{pointer: '/benchmarks/9', reason: 'benchmark reported an error: setup failed'}])
  })

  test('1.4 (no run_type): _mean/_median/_stddev rows are aggregates of the row they name, a benchmark named BM_median is not', () => {
    const {out} = ingest('variants/google_benchmark/gbench_1_4_suffix_aggregates.json')
    expect(out.performance.map((p) => p.model.name)).toEqual(['BM_Hash/8', 'BM_median'])
    const h = row(out, 'BM_Hash/8')
    close(h.averageLatencyMs, 3000 / 1e6)
    expect(h.samples).toHaveLength(2)
    close(mv(h, 'latency_stddev').value, 1414.2135623730951 / 1e6)
    close(row(out, 'BM_median').averageLatencyMs, 5000)
    expect(out.run.startedAt).toBe('2018-06-01T09:30:00Z')
  })

  test('the 2016 schema: time_unit s converted, complexity rows as coefficients', () => {
    const {out} = ingest('formats/google-benchmark/google__benchmark__gbench_test1_run1.json')
    close(row(out, 'BM_NotBadTimeUnit').averageLatencyMs, 400)
    close(mv(row(out, 'BM_NotBadTimeUnit'), 'cpu_time').value, 500)
    const c = row(out, 'MyComplexityTest')
    expect(c.averageLatencyMs).toBeNull()
    close(mv(c, 'complexity_coefficient').value, 6.4789275289789780 / 1e6)
    close(mv(c, 'complexity_cpu_coefficient').value, 4.2749856294592886 / 1e6)
    expect(mv(c, 'complexity_rms')).toMatchObject({value: 4.5097802512472874e-3, unit: 'ratio', higherIsBetter: false})
    expect(c.metrics).toMatchObject({bigO: 'N'})
  })
})

describe('hyperfine', () => {
  test('parameters and exit codes: a failed run makes the run unsuccessful, a single time has no stddev', () => {
    const {out} = ingest('variants/hyperfine/hyperfine_parameters_exit_codes.json')
    expect(out.run.success).toBe(false)
    expect(out.run.startedAt).toBeNull()
    const a = row(out, 'sort -S 1M data.txt')
    expect(a.model.metadata).toEqual({parameters: {buffer: '1M'}})
    close(a.averageLatencyMs, 200)
    expect(a.samples!.map((s) => s.latencyMs)).toEqual([100, 200, 300])
    close(mv(a, 'user_time').value, 150)
    close(mv(a, 'system_time').value, 30)
    close(a.latencyP50Ms, 200)
    // memory_usage_byte (newer hyperfine): the mean of the runs' peak RSS, bytes / 1e6.
    close(a.memoryPeakMb, 12)
    const b = row(out, 'sort -S 64M data.txt')
    expect((b.metricValues ?? []).some((m) => m.metric === 'latency_stddev')).toBe(false)
    expect(b.metrics).toMatchObject({exitCodes: [2], failedRuns: 1})
  })
})

describe('asv', () => {
  test('v2 result_columns: one row per parameter value with CI, quartiles and samples; peakmem, mem and track', () => {
    const benchmarks = load('variants/asv_companion/benchmarks.json')
    const doc = load('variants/asv/asv_v2_params_samples.json')
    const c = classifyDocument(doc, {path: 'results/bench-01/aaaabbbb-conda.json', mtime: MTIME, readSibling: (p) => (p === '../benchmarks.json' ? benchmarks : null)})
    if (c.kind !== 'mapped') throw new Error(JSON.stringify(c))
    const out = c.doc
    expect(out.run).toMatchObject({gitCommit: 'aaaabbbbccccddddeeeeffff0000111122223333', machine: 'bench-01', startedAt: '2023-11-14T22:15:00Z', completedAt: '2023-11-14T22:21:40.2Z', tags: {env: 'conda-py3.11-numpy1.26'}})
    const s = row(out, 'suite.TimeSort.time_sort(n=1000)')
    expect(s.hardware).toMatchObject({type: 'cpu', deviceName: 'Intel(R) Xeon(R) Gold 6230'})
    expect(s.testCase).toBe('conda-py3.11-numpy1.26')
    close(s.averageLatencyMs, 4)
    close(mv(s, 'latency_ci_lower').value, 3.8)
    close(mv(s, 'latency_ci_upper').value, 4.2)
    close(mv(s, 'latency_p25').value, 3.9)
    expect(s.samples!.map((x) => x.latencyMs)).toEqual([3.8, 4, 4.2].map((v) => expect.closeTo(v, 12)))
    close(row(out, 'suite.TimeSort.time_sort(n=100)').averageLatencyMs, 1)
    expect(out.performance.some((p) => p.model.name === 'suite.TimeSort.time_sort(n=10000)')).toBe(false)
    close(row(out, 'suite.Mem.peakmem_load').memoryPeakMb, 52)
    close(mv(row(out, 'suite.Mem.mem_list'), 'object_size').value, 8056 / 1e6)
    expect(mv(row(out, 'suite.Track.track_rows'), 'track')).toMatchObject({value: 1234, unit: 'rows', higherIsBetter: false})
    expect(out.unmapped!.map((u) => u.pointer)).toEqual(['/results/suite.TimeSort.time_sort/result/2', '/results/suite.TimeSort.time_broken'])
  })

  test('v1 dict results with stats and per-benchmark started_at/ended_at', () => {
    const {out} = ingest('variants/asv/asv_v1_dict_stats.json')
    expect(out.run).toMatchObject({startedAt: '2017-07-14T02:41:40Z', completedAt: '2017-07-14T02:42:40Z', machine: 'desk'})
    const a = row(out, "bench.time_dict(param1='a')")
    close(a.averageLatencyMs, 500)
    close(mv(a, 'latency_ci_lower').value, 400)
    expect(a.samples!.map((x) => x.latencyMs)).toEqual([400, 500, 600])
    close(row(out, "bench.time_dict(param1='b')").averageLatencyMs, 250)
    close(row(out, 'bench.time_plain').averageLatencyMs, 125)
  })
})

describe('Criterion', () => {
  test('new lower-case estimates.json with benchmark.json and the new sample.json beside it', () => {
    const est = load('variants/criterion/new_schema_estimates.json')
    const siblings: Record<string, unknown> = {'benchmark.json': load('variants/criterion_companion/benchmark_id.json'), 'sample.json': load('variants/criterion_companion/new_sample.json')}
    const c = classifyDocument(est, {path: 'target/criterion/parse/json/1024/new/estimates.json', mtime: MTIME, readSibling: (p) => siblings[p] ?? null})
    if (c.kind !== 'mapped') throw new Error(JSON.stringify(c))
    const p = c.doc.performance[0]
    expect(p.model).toMatchObject({name: 'parse/json/1024', source: 'criterion', modality: 'benchmark'})
    close(p.averageLatencyMs, 2000 / 1e6)
    close(mv(p, 'latency_median').value, 1990 / 1e6)
    close(mv(p, 'latency_stddev').value, 100 / 1e6)
    close(mv(p, 'latency_mad').value, 20 / 1e6)
    close(mv(p, 'latency_ci_lower').value, 1900 / 1e6)
    expect((p.metricValues ?? []).some((m) => m.metric === 'latency_slope')).toBe(false)
    expect(p.samples!.map((s) => s.latencyMs)).toEqual([1900, 2000, 2050, 2050].map((v) => expect.closeTo(v / 1e6, 15)))
    expect(p.metrics).toMatchObject({samplingMode: 'Flat'})
  })

  test('a lone estimates.json (no siblings: the API) is named by its directory path', () => {
    const c = classifyDocument(load('variants/criterion/new_schema_estimates.json'), {path: 'target/criterion/fib/20/new/estimates.json', mtime: MTIME})
    if (c.kind !== 'mapped') throw new Error(JSON.stringify(c))
    expect(c.doc.performance[0].model.name).toBe('fib/20')
    expect(c.doc.performance[0].samples).toBeUndefined()
    expect(c.doc.run.metadata).toMatchObject({baseline: 'new', nameFrom: 'path'})
  })

  test('companion files are recognised and write nothing', () => {
    for (const f of ['benchmark_id.json', 'new_sample.json', 'old_sample.json', 'tukey.json']) {
      const {adapter, out} = ingest(`variants/criterion_companion/${f}`)
      expect([adapter.name, out.performance.length, typeof out.companionOf]).toEqual(['criterion_companion', 0, 'string'])
    }
  })
})

describe('JMH', () => {
  const {out} = ingest('variants/jmh/jmh_modes_params_gc.json')
  test('avgt with params: us/op -> ms, rawData samples, gc profiler metrics', () => {
    const p = row(out, 'org.example.MapBench.put(impl=hash,size=100)')
    expect(p.testCase).toBe('avgt')
    close(p.averageLatencyMs, 25 / 1000)
    expect(p.samples!.map((s) => s.latencyMs)).toEqual([20, 25, 25, 30].map((v) => expect.closeTo(v / 1000, 15)))
    close(mv(p, 'latency_ci_lower').value, 23 / 1000)
    expect(mv(p, 'memory_allocated')).toMatchObject({unit: 'MB'})
    close(mv(p, 'memory_allocated').value, 2048 / 1e6)
    expect(mv(p, 'gc.alloc.rate')).toMatchObject({value: 512.5, unit: 'MB/s', higherIsBetter: false})
    expect(mv(p, 'gc.count')).toMatchObject({value: 4, unit: 'count', higherIsBetter: false})
    expect(mv(p, 'gc.time')).toMatchObject({value: 6, unit: 'ms', higherIsBetter: false})
    expect(out.run.metadata).toMatchObject({jdkVersion: '21.0.2', vmName: 'OpenJDK 64-Bit Server VM', jmhVersion: '1.37'})
  })
  test('thrpt in ops/ms becomes ops/s; threads are part of the test case', () => {
    const p = out.performance.find((x) => x.testCase === 'thrpt/threads:4')!
    expect(p.model.name).toBe('org.example.MapBench.get(impl=hash,size=100)')
    expect(p.averageLatencyMs).toBeUndefined()
    expect(mv(p, 'ops_per_second')).toMatchObject({value: 2500 * 1000, unit: 'ops/s', samples: [2400000, 2500000, 2600000]})
    expect(mv(p, 'ops_per_second_ci_lower').value).toBe(2400 * 1000)
  })
  test('sample mode: percentiles of single operations are p50/p90/p99; ss: s/op', () => {
    const p = out.performance.find((x) => x.testCase === 'sample')!
    close(p.averageLatencyMs, 0.5 / 1000)
    close(p.latencyP50Ms, 0.4 / 1000)
    close(p.latencyP90Ms, 0.9 / 1000)
    close(p.latencyP99Ms, 2.5 / 1000)
    close(mv(p, 'latency_p999').value, 8 / 1000)
    const ss = row(out, 'org.example.Startup.boot')
    close(ss.averageLatencyMs, 1500)
    expect(ss.samples!.map((s) => s.latencyMs)).toEqual([1000, 1500, 2000])
  })
})

describe('BenchmarkDotNet', () => {
  const {out} = ingest('variants/benchmarkdotnet/bdn_0_13_memory_jobs.json')
  test('one row per job, ns -> ms, memory diagnoser, time from the title', () => {
    expect(out.run.startedAt).toBe('2024-01-15T09:30:00Z')
    expect(out.performance.map((p) => [p.model.name, p.testCase])).toEqual([
      ['Perf.StringBench.Concat(N: 10)', '.NET 8.0'],
      ['Perf.StringBench.Concat(N: 10)', '.NET 6.0'],
    ])
    const p = out.performance[0]
    expect(p.hardware).toMatchObject({type: 'cpu', deviceName: 'AMD Ryzen 9 7950X'})
    close(p.averageLatencyMs, 100 / 1e6)
    close(p.latencyP90Ms, 103 / 1e6)
    // Sorted 96 98 100 100 102 104: rank 0.99 x 5 = 4.95 -> 102 + 0.95 x 2.
    close(p.latencyP99Ms, 103.9 / 1e6)
    close(mv(p, 'latency_p95').value, 103.5 / 1e6)
    close(mv(p, 'memory_allocated').value, 480 / 1e6)
    close(mv(p, 'gc_gen0_per_1k_ops').value, (25 / 50000) * 1000)
    expect(p.iterations).toBe(6)
    expect(out.unmapped).toEqual([{pointer: '/Benchmarks/2/Statistics', reason: 'no statistics (the benchmark failed or did not run)'}])
  })
})

describe('documents sent to the API (no directory, no siblings)', () => {
  test('a lone estimates.json is ingested under its own name; asv results use their own params', async () => {
    const {openBenchDb, ingestDocuments} = await import('../../../src/index.js')
    const {mkdtempSync, rmSync, readFileSync} = await import('node:fs')
    const {tmpdir} = await import('node:os')
    const {join} = await import('node:path')
    const dir = mkdtempSync(join(tmpdir(), 'benchdb-'))
    try {
      const bench = await openBenchDb(join(dir, 'api.duckdb'))
      const est = readFileSync(join(process.cwd(), 'test/fixtures/variants/criterion/new_schema_estimates.json'))
      const asv = readFileSync(join(process.cwd(), 'test/fixtures/variants/asv/asv_v2_params_samples.json'))
      const r = await ingestDocuments(bench, [{bytes: est}, {path: 'target/criterion/fib/20/new/estimates.json', bytes: Buffer.concat([est, Buffer.from('\n')])}, {bytes: asv}])
      expect(r.documents.map((d: {status: string}) => d.status)).toEqual(['ingested', 'ingested', 'ingested'])
      const rows = (await bench.db.all(`SELECT m.model_name AS name, pr.average_latency_ms AS ms FROM performance_results pr JOIN models m USING (model_id) WHERE m.source = 'criterion' ORDER BY pr.result_id`)) as Array<{name: string; ms: number}>
      expect(rows.map((x) => x.name)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), 'fib/20'])
      rows.forEach((x) => close(x.ms, 2000 / 1e6))
      const machine = (await bench.db.all(`SELECT DISTINCT tr.machine FROM test_runs tr JOIN performance_results pr USING (run_id) JOIN models m USING (model_id) WHERE m.source = 'asv'`)) as Array<{machine: string}>
      expect(machine).toEqual([{machine: 'bench-01'}])
      bench.close()
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
