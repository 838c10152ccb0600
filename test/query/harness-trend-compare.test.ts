import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {cleanup, queryDb, runCliJson, tempDir} from '../helpers/convert.js'

/**
 * For each harness format, two runs of one benchmark (the second 10x slower, later and from
 * another commit where the format has them) go through db:convert; `db:query --trend` and
 * `db:compare` over them must read back both latencies in ms and call the change a regression
 * (six or more raw samples per side, fully separated, so Mann-Whitney decides at alpha 0.01).
 */
const BASE = [1.0, 1.1, 0.9, 1.2, 0.8, 1.0] // ms per operation, run 1; run 2 is x10
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

interface Case {
  /** The series' model name (the benchmark's own name). */
  model: string
  /** Files of run k (1 or 2), relative paths -> JSON. */
  files(k: 1 | 2): Record<string, unknown>
  /** The latency (ms) stored for run k. */
  latency(k: 1 | 2): number
  /** test_runs.started_at of run 1 and 2 as the file says (null: the format carries no time). */
  started: [string | null, string | null]
}

const f = (k: 1 | 2) => (k === 1 ? 1 : 10)
const ms = (k: 1 | 2) => BASE.map((v) => v * f(k))

const CASES: Record<string, Case> = {
  pytest_benchmark: {
    model: 'tests/test_x.py::test_parse[small]',
    started: ['2024-01-01 00:00:00', '2024-02-01 00:00:00'],
    files: (k) => ({
      [`pytest/run${k}.json`]: {
        machine_info: {node: 'ci-1', cpu: {brand_raw: 'Test CPU'}},
        commit_info: {id: `${k}`.repeat(40), branch: 'main', dirty: false},
        datetime: `2024-0${k}-01T00:00:00+00:00`,
        version: '4.0.0',
        benchmarks: [{name: 'test_parse[small]', fullname: 'tests/test_x.py::test_parse[small]', group: null, params: {size: 'small'},
          stats: {mean: mean(ms(k)) / 1000, median: 0, min: 0, max: 0, stddev: 0, rounds: 6, iterations: 1, data: ms(k).map((v) => v / 1000)}}],
      },
    }),
    latency: (k) => (mean(ms(k)) / 1000) * 1000,
  },
  google_benchmark: {
    model: 'BM_Parse/64',
    started: ['2024-01-01 00:00:00', '2024-02-01 00:00:00'],
    files: (k) => ({
      [`gbench/run${k}.json`]: {
        context: {date: `2024-0${k}-01T00:00:00+00:00`, host_name: 'perf-box', num_cpus: 4, library_build_type: 'release'},
        benchmarks: ms(k).map((v, i) => ({name: 'BM_Parse/64', run_name: 'BM_Parse/64', run_type: 'iteration', repetitions: 6, repetition_index: i, threads: 1, iterations: 10, real_time: v * 1000, cpu_time: v * 1000, time_unit: 'us'})),
      },
    }),
    latency: (k) => mean(ms(k).map((v) => (v * 1000) / 1000)),
  },
  hyperfine: {
    model: 'parse small.json',
    started: [null, null],
    files: (k) => ({[`hyperfine/run${k}.json`]: {results: [{command: 'parse small.json', mean: mean(ms(k)) / 1000, stddev: null, median: null, user: 0, system: 0, min: 0, max: 0, times: ms(k).map((v) => v / 1000), exit_codes: [0, 0, 0, 0, 0, 0]}]}}),
    latency: (k) => (mean(ms(k)) / 1000) * 1000,
  },
  asv: {
    model: 'suite.time_parse(n=64)',
    started: ['2024-02-02 00:00:00', '2024-03-02 00:00:00'],
    files: (k) => ({
      [`asv/results/box/${k}${'a'.repeat(7)}-venv.json`]: {
        commit_hash: `${k}`.repeat(40), env_name: 'venv', date: Date.UTC(2024, k, 1), params: {machine: 'box', cpu: 'Test CPU'}, python: '3.11', requirements: {},
        result_columns: ['result', 'params', 'version', 'started_at', 'duration', 'samples'],
        results: {'suite.time_parse': [[mean(ms(k)) / 1000], [['64']], 'v', Date.UTC(2024, k, 2), 1.0, [ms(k).map((v) => v / 1000)]]},
        version: 2,
      },
      'asv/results/benchmarks.json': {'suite.time_parse': {name: 'suite.time_parse', type: 'time', unit: 'seconds', param_names: ['n'], params: [['64']]}, version: 2},
    }),
    latency: (k) => (mean(ms(k)) / 1000) * 1000,
  },
  criterion: {
    model: 'parse/json/64',
    started: [null, null],
    files: (k) => {
      const dir = `criterion${k}/target/criterion/parse/json/64/new`
      const est = (v: number) => ({confidence_interval: {confidence_level: 0.95, lower_bound: v, upper_bound: v}, point_estimate: v, standard_error: 0})
      return {
        [`${dir}/estimates.json`]: {mean: est(mean(ms(k)) * 1e6), median: est(mean(ms(k)) * 1e6), median_abs_dev: est(0), slope: null, std_dev: est(1)},
        [`${dir}/benchmark.json`]: {group_id: 'parse', function_id: 'json', value_str: '64', throughput: null, full_id: 'parse/json/64', directory_name: 'parse/json/64', title: 'parse/json/64'},
        [`${dir}/sample.json`]: {sampling_mode: 'Flat', iters: ms(k).map(() => 100), times: ms(k).map((v) => v * 1e6 * 100)},
      }
    },
    latency: (k) => (mean(ms(k)) * 1e6) / 1e6,
  },
  jmh: {
    model: 'org.example.Parse.small(n=64)',
    started: [null, null],
    files: (k) => ({
      [`jmh/run${k}.json`]: [{jmhVersion: '1.37', benchmark: 'org.example.Parse.small', mode: 'avgt', threads: 1, forks: 2, params: {n: '64'},
        primaryMetric: {score: mean(ms(k)), scoreError: 0.1, scoreConfidence: [0, 0], scoreUnit: 'ms/op', rawData: [ms(k).slice(0, 3), ms(k).slice(3)]}, secondaryMetrics: {}}],
    }),
    latency: (k) => mean(ms(k)),
  },
  benchmarkdotnet: {
    model: 'Perf.Parse.Small(N: 64)',
    started: ['2024-01-01 12:00:00', '2024-01-02 12:00:00'],
    files: (k) => ({
      [`bdn/run${k}.json`]: {
        Title: `Perf.Parse-2024010${k}-120000`,
        HostEnvironmentInfo: {ProcessorName: 'Test CPU', BenchmarkDotNetVersion: '0.13.12'},
        Benchmarks: [{DisplayInfo: 'Parse.Small(N=64): DefaultJob', FullName: 'Perf.Parse.Small(N: 64)', Parameters: 'N=64',
          Statistics: {OriginalValues: ms(k).map((v) => v * 1e6), N: 6, Mean: mean(ms(k)) * 1e6, Median: 0, Min: 0, Max: 0, StandardDeviation: 0}}],
      },
    }),
    latency: (k) => (mean(ms(k)) * 1e6) / 1e6,
  },
}

let dir: string
let db: string
/** Run id of each format's run 1 and 2 (by the file that carries the rows). */
const runs: Record<string, [number, number]> = {}
const started: Record<string, Array<string | null>> = {}

beforeAll(async () => {
  dir = tempDir()
  db = join(dir, 'two-runs.duckdb')
  for (const c of Object.values(CASES)) {
    for (const k of [1, 2] as const) {
      for (const [rel, doc] of Object.entries(c.files(k))) {
        const path = join(dir, 'in', rel)
        mkdirSync(dirname(path), {recursive: true})
        writeFileSync(path, JSON.stringify(doc))
      }
    }
  }
  const r = runCliJson(['db:convert', '--input-dir', join(dir, 'in'), '--db', db])
  expect([r.code, r.json.summary.rejected, r.json.summary.unrecognized]).toEqual([0, 0, 0])
  const ids = await queryDb<{shape: string; path: string; run: number; started: string | null}>(
    db,
    `SELECT sf.shape, sf.path, tr.run_id::INT AS run, strftime(tr.started_at, '%Y-%m-%d %H:%M:%S') AS started
     FROM test_runs tr JOIN source_files sf USING (source_file_id) ORDER BY sf.path`,
  )
  for (const shape of Object.keys(CASES)) {
    const mine = ids.filter((i) => i.shape === shape)
    expect(mine).toHaveLength(2)
    runs[shape] = [mine[0].run, mine[1].run]
    started[shape] = mine.map((m) => m.started)
  }
}, 120_000)
afterAll(() => cleanup(dir))

describe.each(Object.keys(CASES))('%s: two runs', (shape) => {
  const c = CASES[shape]
  test('each run has the time its file gives, or none', () => {
    expect(started[shape]).toEqual(c.started)
  })

  test('db:query --trend reads back both latencies in ms, oldest first', () => {
    const t = runCliJson(['db:query', '--db', db, '--trend', '--model', c.model, '--hardware', 'cpu', '--metric', 'latency'])
    expect(t.code).toBe(0)
    expect(t.json.unit).toBe('ms')
    expect(t.json.series).toHaveLength(1)
    const points = t.json.series[0].points
    expect(points.map((p: any) => p.runId)).toEqual(runs[shape])
    expect(points[0].value).toBeCloseTo(c.latency(1), 9)
    expect(points[1].value).toBeCloseTo(c.latency(2), 9)
  })

  test('db:compare calls the 10x slower run a regression from the raw samples', () => {
    const [a, b] = runs[shape]
    const r = runCliJson(['db:compare', '--db', db, '--baseline', String(a), '--candidate', String(b), '--metric', 'latency', '-m', c.model])
    expect(r.code).toBe(1)
    expect(r.json.series).toHaveLength(1)
    const s = r.json.series[0]
    expect(s.key).toMatchObject({modelName: c.model, hardwareType: 'cpu'})
    expect(s.baselineValue).toBeCloseTo(c.latency(1), 9)
    expect(s.candidateValue).toBeCloseTo(c.latency(2), 9)
    // Two runs and no history: the interval's noise is the runs' own iterations.
    expect([s.verdict, s.decidedBy, s.noise.source]).toEqual(['regressed', 'interval', 'iterations'])
  })
})
