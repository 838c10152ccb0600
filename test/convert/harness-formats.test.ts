import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {cleanup, queryDb, ROOT, runCli, runCliJson, tempDir} from '../helpers/convert.js'

/**
 * Every shared file of the JSON harness formats (test/fixtures/formats, copied from
 * shared/fixtures/formats with the directory layout the tools write) through the built CLI into
 * one database, and every measurement it carries read back from its column or metric, in its
 * unit. Expected values are computed here from the files with the unit factors written out.
 */
const FORMATS = join(ROOT, 'test', 'fixtures', 'formats')
const json = (rel: string) => JSON.parse(readFileSync(join(FORMATS, rel), 'utf8'))
const asvText = (rel: string) => JSON.parse(readFileSync(join(FORMATS, rel), 'utf8').replace(/\bNaN\b/g, 'null'))

let dir: string
let db: string
let summary: Record<string, any>
/** shape|model|test_case|metric -> value/unit, from the metric_values view. */
const values = new Map<string, {value: number; unit: string}>()
let rows: Array<Record<string, any>>

beforeAll(async () => {
  dir = tempDir()
  db = join(dir, 'formats.duckdb')
  // The harness tools' folders only: the ML formats that share test/fixtures/formats (llama-bench
  // writes the same runs as .json and .jsonl) have their own tests.
  const harness = ['asv', 'benchmarkdotnet', 'criterion', 'google-benchmark', 'hyperfine', 'jmh', 'pytest-benchmark']
  const r = runCliJson(['db:convert', ...harness.flatMap((h) => ['--input-dir', join(FORMATS, h)]), '--db', db])
  expect(r.code).toBe(0)
  summary = r.json.summary
  const mvs = await queryDb<{shape: string; model: string; tc: string | null; metric: string; value: number; unit: string}>(
    db,
    `SELECT sf.shape, m.model_name AS model, mv.test_case AS tc, mv.metric, mv.value, mv.unit
     FROM metric_values mv JOIN models m USING (model_id) JOIN source_files sf ON sf.source_file_id = mv.source_file_id`,
  )
  for (const v of mvs) {
    const key = `${v.shape}|${v.model}|${v.tc ?? ''}|${v.metric}`
    expect(values.has(key)).toBe(false)
    values.set(key, {value: v.value, unit: v.unit})
  }
  rows = await queryDb(
    db,
    `SELECT sf.shape, split_part(sf.path, '/', -1) AS file, m.model_name AS model, m.modality, m.source, m.model_family AS family,
            hp.hardware_type AS hw, hp.device_name AS device, pr.test_case AS tc, pr.iterations, tr.machine, tr.git_commit AS commit,
            tr.git_branch AS branch, tr.git_repository AS repo, strftime(tr.started_at, '%Y-%m-%dT%H:%M:%S.%f') AS started,
            (SELECT list(latency_ms ORDER BY batch_index) FROM performance_batch_results b WHERE b.result_id = pr.result_id) AS samples
     FROM performance_results pr JOIN models m USING (model_id) JOIN hardware_platforms hp USING (hardware_id)
     JOIN test_runs tr USING (run_id) JOIN source_files sf ON sf.source_file_id = pr.source_file_id`,
  )
}, 120_000)
afterAll(() => cleanup(dir))

/** Asserts that a shape's stored metric values are exactly `expected` (same keys; values to 1e-12 relative). */
function expectExactly(shape: string, expected: Record<string, [number, string]>): void {
  const actual = [...values.keys()].filter((k) => k.startsWith(shape + '|')).sort()
  expect(actual).toEqual(Object.keys(expected).map((k) => `${shape}|${k}`).sort())
  for (const [k, [value, unit]] of Object.entries(expected)) {
    const got = values.get(`${shape}|${k}`)!
    expect([k, got.unit]).toEqual([k, unit])
    expect(Math.abs(got.value - value)).toBeLessThanOrEqual(1e-12 * Math.max(1e-12, Math.abs(value)))
  }
}
/** numpy's default percentile (linear between closest ranks), written here independently of the code under test. */
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  const pos = ((s.length - 1) * p) / 100
  const i = Math.floor(pos)
  return i + 1 < s.length ? s[i] * (1 - (pos - i)) + s[i + 1] * (pos - i) : s[i]
}
const rowsOf = (shape: string) => rows.filter((r) => r.shape === shape)
const pcts = (samples: number[], base: string): Record<string, [number, string]> => ({
  [`${base}latency_p50`]: [percentile(samples, 50), 'ms'],
  [`${base}latency_p90`]: [percentile(samples, 90), 'ms'],
  [`${base}latency_p99`]: [percentile(samples, 99), 'ms'],
})

test('every file is recognised: rows from the row files, companion files recorded with none', async () => {
  expect(summary).toMatchObject({scanned: 16, ingested: 16, rejected: 0, unrecognized: 0})
  const ledger = await queryDb<{file: string; shape: string; rows: string | null}>(db, `SELECT split_part(path, '/', -1) AS file, shape, rows_written::VARCHAR AS rows FROM source_files ORDER BY path`)
  const companions = ledger.filter((l) => l.shape.endsWith('_companion')).map((l) => l.file).sort()
  expect(companions).toEqual(['benchmark.json', 'benchmarks.json', 'machine.json', 'machine.json', 'sample.json'])
  expect((await queryDb<{n: number}>(db, `SELECT count(*)::INT AS n FROM test_runs`))[0].n).toBe(11)
})

test('pytest-benchmark: stats (s) -> ms, ops/s, total s, rounds; commit_info and machine_info', () => {
  const expected: Record<string, [number, string]> = {}
  for (const f of ['benchmark-action__github-action-benchmark__pytest_output.json', 'ionelmc__pytest-benchmark__0001_uncommitted-changes.json']) {
    for (const b of json(`pytest-benchmark/${f}`).benchmarks) {
      const s = b.stats
      const k = `${b.fullname}||`
      Object.assign(expected, {
        [k + 'latency']: [s.mean * 1000, 'ms'], [k + 'latency_median']: [s.median * 1000, 'ms'], [k + 'latency_min']: [s.min * 1000, 'ms'],
        [k + 'latency_max']: [s.max * 1000, 'ms'], [k + 'latency_stddev']: [s.stddev * 1000, 'ms'], [k + 'latency_p25']: [s.q1 * 1000, 'ms'],
        [k + 'latency_p75']: [s.q3 * 1000, 'ms'], [k + 'latency_iqr']: [s.iqr * 1000, 'ms'],
        ...(s.ops !== undefined ? {[k + 'ops_per_second']: [s.ops, 'ops/s'], [k + 'total_time']: [s.total, 's']} : {}),
      })
    }
  }
  expectExactly('pytest_benchmark', expected)
  const r = rowsOf('pytest_benchmark').sort((a, b) => a.model.localeCompare(b.model))
  expect(r.map((x) => [x.model, x.modality, x.source, x.family, x.hw, x.device, x.iterations, x.machine, x.commit, x.branch, x.repo, x.started])).toEqual([
    ['bench.py::test_fib_10', 'benchmark', 'pytest-benchmark', null, 'cpu', 'Intel(R) Core(TM) i7-4771 CPU @ 3.50GHz', 38523, 'Corgi.local', '9d55ab0434c9088746ae2d134702d782bf088644', 'pytest', 'github-action-benchmark', '2019-11-17T02:22:16.817862'],
    ['bench.py::test_fib_20', 'benchmark', 'pytest-benchmark', null, 'cpu', 'Intel(R) Core(TM) i7-4771 CPU @ 3.50GHz', 278, 'Corgi.local', '9d55ab0434c9088746ae2d134702d782bf088644', 'pytest', 'github-action-benchmark', '2019-11-17T02:22:16.817862'],
    ['tests/test_normal.py::test_xfast_parametrized[0]', 'benchmark', 'pytest-benchmark', null, 'cpu', null, 9987, 'minibox', '5b78858eb718649a31fb93d8dc96ca2cee41a4cd', null, null, '2015-08-15T00:01:46.250433'],
  ])
  // The trimmed data list (4 of 38523 rounds and a note string) is kept, not used for percentiles.
  expect(r[0].samples).toBeNull()
})

test('Google Benchmark: real_time and cpu_time in their time_unit -> ms, complexity fit', () => {
  const expected: Record<string, [number, string]> = {}
  const factor: Record<string, number> = {ns: 1e-6, us: 1e-3, ms: 1, s: 1000}
  for (const f of ['benchmark-action__github-action-benchmark__googlecpp_output.json', 'google__benchmark__gbench_test1_run1.json']) {
    for (const b of json(`google-benchmark/${f}`).benchmarks) {
      if (b.run_type === 'aggregate') continue
      Object.assign(expected, {[`${b.name}||latency`]: [b.real_time * factor[b.time_unit], 'ms'], [`${b.name}||cpu_time`]: [b.cpu_time * factor[b.time_unit], 'ms']})
    }
  }
  Object.assign(expected, {
    'MyComplexityTest||complexity_coefficient': [6.4789275289789780e-6, 'ms'],
    'MyComplexityTest||complexity_cpu_coefficient': [4.2749856294592886e-6, 'ms'],
    'MyComplexityTest||complexity_rms': [4.5097802512472874e-3, 'ratio'],
  })
  expectExactly('google_benchmark', expected)
  const fib = rowsOf('google_benchmark').find((r) => r.model === 'fib_10')!
  expect([fib.machine, fib.iterations, fib.started, fib.source]).toEqual(['Corgi.local', 3070566, '2019-11-29T21:26:59.000000', 'google-benchmark'])
})

test('hyperfine: times (s) -> ms, every run a sample, p50/p90/p99 from them', () => {
  const expected: Record<string, [number, string]> = {}
  for (const f of ['bencherdev__bencher__bencher_one.json', 'dandavison__misc__hyperfine.json']) {
    for (const r of json(`hyperfine/${f}`).results) {
      const k = `${r.command}||`
      const times = r.times.map((t: number) => t * 1000)
      Object.assign(expected, {
        [k + 'latency']: [r.mean * 1000, 'ms'], [k + 'latency_median']: [r.median * 1000, 'ms'], [k + 'latency_min']: [r.min * 1000, 'ms'],
        [k + 'latency_max']: [r.max * 1000, 'ms'], [k + 'latency_stddev']: [r.stddev * 1000, 'ms'], [k + 'user_time']: [r.user * 1000, 'ms'],
        [k + 'system_time']: [r.system * 1000, 'ms'], ...pcts(times, k),
      })
      const row = rowsOf('hyperfine').find((x) => x.model === r.command)!
      expect(row.samples).toEqual(times)
      expect(row.iterations).toBe(r.times.length)
    }
  }
  expectExactly('hyperfine', expected)
})

test('asv: v1 (NaN literals) and v2 results, seconds -> ms, CI and quartiles, machine and CPU from params/machine.json', () => {
  const expected: Record<string, [number, string]> = {}
  const v2 = json('asv/results/darrenburns-2022-mbp/008854c4-virtualenv-py3.10.json')
  for (const [name, r] of Object.entries<any[]>(v2.results)) {
    if (r[0] === null) continue
    const k = `${name}|virtualenv-py3.10|`
    Object.assign(expected, {[k + 'latency']: [r[0][0] * 1000, 'ms'], [k + 'latency_ci_lower']: [r[5][0] * 1000, 'ms'], [k + 'latency_ci_upper']: [r[6][0] * 1000, 'ms'], [k + 'latency_p25']: [r[7][0] * 1000, 'ms'], [k + 'latency_p75']: [r[8][0] * 1000, 'ms']})
  }
  const v1 = asvText('asv/results/cheetah/fcf8c079-py2.7-Cython-numpy1.8.json')
  const k1 = (n: string) => `${n}|py2.7-numpy1.8|`
  for (const [name, r] of Object.entries<any>(v1.results)) {
    if (typeof r === 'number' && name.includes('.mem_')) expected[k1(name) + 'object_size'] = [r / 1e6, 'MB']
    else if (typeof r === 'number' && name.includes('.track_')) expected[k1(name) + 'track'] = [r, 'unit']
    else if (typeof r === 'number') expected[k1(name) + 'latency'] = [r * 1000, 'ms']
  }
  Object.assign(expected, {
    [k1('time_other.time_parameterized(param1=1)') + 'latency']: [1000, 'ms'],
    [k1('time_other.time_parameterized(param1=2)') + 'latency']: [4000, 'ms'],
    [k1('time_ci_small') + 'latency']: [3000, 'ms'], [k1('time_ci_small') + 'latency_ci_lower']: [3100, 'ms'], [k1('time_ci_small') + 'latency_ci_upper']: [3900, 'ms'],
    [k1('time_ci_small') + 'latency_p25']: [3000, 'ms'], [k1('time_ci_small') + 'latency_p75']: [3000, 'ms'],
    [k1('time_ci_big') + 'latency']: [3000, 'ms'], [k1('time_ci_big') + 'latency_ci_lower']: [1500, 'ms'], [k1('time_ci_big') + 'latency_ci_upper']: [3500, 'ms'],
    [k1('time_ci_big') + 'latency_p25']: [1500, 'ms'], [k1('time_ci_big') + 'latency_p75']: [3500, 'ms'],
  })
  expectExactly('asv', expected)
  const rich = rowsOf('asv').find((r) => r.model === 'benchmarks.TextSuite.time_divide')!
  expect([rich.machine, rich.device, rich.commit, rich.started]).toEqual(['darrenburns-2022-mbp', 'Apple M1 Pro', '008854c40772f647dfcb873bc3489e8a1c02d598', '2022-03-10T16:03:33.573000'])
  const cheetah = rowsOf('asv').find((r) => r.model === 'time_ci_big')!
  expect([cheetah.machine, cheetah.device, cheetah.started]).toEqual(['cheetah', 'Intel(R) Core(TM) i5-2520M CPU @ 2.50GHz (4 cores)', '2013-04-28T05:38:39.000000'])
})

test('Criterion: estimates (ns) -> ms named by benchmark.json, sample.json per-iteration samples', () => {
  const base = 'criterion/target/criterion/[40f52ab] Fid__rank(N) 1000000 times/65536/new/'
  const e = json(base + 'estimates.json')
  const [iters, times] = json(base + 'sample.json') as number[][]
  const samples = times.map((t, i) => t / iters[i] / 1e6)
  const k = '[40f52ab] Fid::rank(N) 1000000 times/65536||'
  expectExactly('criterion', {
    [k + 'latency']: [e.Mean.point_estimate / 1e6, 'ms'], [k + 'latency_median']: [e.Median.point_estimate / 1e6, 'ms'],
    [k + 'latency_stddev']: [e.StdDev.point_estimate / 1e6, 'ms'], [k + 'latency_mad']: [e.MedianAbsDev.point_estimate / 1e6, 'ms'],
    [k + 'latency_slope']: [e.Slope.point_estimate / 1e6, 'ms'], [k + 'latency_ci_lower']: [e.Mean.confidence_interval.lower_bound / 1e6, 'ms'],
    [k + 'latency_ci_upper']: [e.Mean.confidence_interval.upper_bound / 1e6, 'ms'], ...pcts(samples, k),
  })
  const r = rowsOf('criterion')[0]
  expect(r.samples.map((v: number) => Math.round(v * 1e9) / 1e9)).toEqual(samples.map((v) => Math.round(v * 1e9) / 1e9))
  expect([r.iterations, r.source, r.started]).toEqual([10, 'criterion', null])
})

test('JMH: thrpt ops/s score, CI, percentiles and rawData samples', () => {
  const [b] = json('jmh/benchmark-action__github-action-benchmark__jmh_output.json')
  const p = b.primaryMetric
  const k = `${b.benchmark}|thrpt|`
  const pct = p.scorePercentiles
  expectExactly('jmh', {
    [k + 'ops_per_second']: [p.score, 'ops/s'], [k + 'ops_per_second_ci_lower']: [p.scoreConfidence[0], 'ops/s'], [k + 'ops_per_second_ci_upper']: [p.scoreConfidence[1], 'ops/s'],
    [k + 'ops_per_second_min']: [pct['0.0'], 'ops/s'], [k + 'ops_per_second_median']: [pct['50.0'], 'ops/s'], [k + 'ops_per_second_p90']: [pct['90.0'], 'ops/s'],
    [k + 'ops_per_second_p95']: [pct['95.0'], 'ops/s'], [k + 'ops_per_second_p99']: [pct['99.0'], 'ops/s'], [k + 'ops_per_second_p999']: [pct['99.9'], 'ops/s'],
    [k + 'ops_per_second_max']: [pct['100.0'], 'ops/s'],
  })
})

test('BenchmarkDotNet: statistics (ns) -> ms, OriginalValues as samples, host CPU and title time', () => {
  const d = json('benchmarkdotnet/benchmark-action__github-action-benchmark__benchmarkdotnet.json')
  const expected: Record<string, [number, string]> = {}
  for (const b of d.Benchmarks) {
    const s = b.Statistics
    const k = `${b.FullName}|DefaultJob|`
    const samples = s.OriginalValues.map((v: number) => v / 1e6)
    Object.assign(expected, {
      [k + 'latency']: [s.Mean / 1e6, 'ms'], [k + 'latency_median']: [s.Median / 1e6, 'ms'], [k + 'latency_min']: [s.Min / 1e6, 'ms'],
      [k + 'latency_max']: [s.Max / 1e6, 'ms'], [k + 'latency_stddev']: [s.StandardDeviation / 1e6, 'ms'], [k + 'latency_p25']: [s.Q1 / 1e6, 'ms'],
      [k + 'latency_p75']: [s.Q3 / 1e6, 'ms'], [k + 'latency_p95']: [s.Percentiles.P95 / 1e6, 'ms'],
      [k + 'latency_p50']: [s.Percentiles.P50 / 1e6, 'ms'], [k + 'latency_p90']: [s.Percentiles.P90 / 1e6, 'ms'], [k + 'latency_p99']: [percentile(samples, 99), 'ms'],
    })
    const r = rowsOf('benchmarkdotnet').find((x) => x.model === b.FullName)!
    expect([r.iterations, r.device, r.started, r.samples.length]).toEqual([s.N, 'Intel Core i7-7820HQ CPU 2.90GHz (Kaby Lake)', '2020-05-29T16:44:31.000000', s.N])
  }
  expectExactly('benchmarkdotnet', expected)
})

test('on worker threads too, estimates.json reads its siblings (named by benchmark.json, samples from sample.json)', async () => {
  const workersDb = join(dir, 'workers.duckdb')
  const r = runCli(['db:convert', '--input-dir', join(FORMATS, 'criterion'), '--db', workersDb], ROOT, {BENCHDB_CONVERT_WORKERS: '2'})
  expect(r.code).toBe(0)
  const got = await queryDb<{name: string; n: number}>(
    workersDb,
    `SELECT m.model_name AS name, (SELECT count(*)::INT FROM performance_batch_results b WHERE b.result_id = pr.result_id) AS n
     FROM performance_results pr JOIN models m USING (model_id)`,
  )
  expect(got).toEqual([{name: '[40f52ab] Fid::rank(N) 1000000 times/65536', n: 10}])
})
