import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {cleanup, queryDb, ROOT, runCliJson, tempDir} from '../helpers/convert.js'

/**
 * For each ML and text format: two runs of it (the second slower, with a later date and another
 * commit where the format carries them), one database, then `db:query --trend` and `db:compare`
 * over the two runs, checking the values they read back against the files' own numbers.
 */
const FORMATS = join(ROOT, 'test', 'fixtures', 'formats')
const VARIANTS = join(ROOT, 'test', 'fixtures', 'variants')
let dir: string
let db: string
const runOf: Record<string, number> = {}

interface Case {
  key: string
  /** Two runs: [relative path in the input tree, text]. */
  files: [string, string][]
  model: string
  hardware: string
}

const read = (root: string, rel: string) => readFileSync(join(root, rel), 'utf8')
const scale = (text: string, re: RegExp, f: number) => text.replace(re, (_m, pre: string, v: string) => `${pre}${Number(v) * f}`)

const llamaA = read(FORMATS, 'llama-bench/ggerganov__llama.cpp__DOC-EXAMPLE_readme_b1275.json')
const llamaB = scale(scale(llamaA, /("avg_ns": )(\d+)/g, 1.25), /(\[ |, )(\d{9})(?=[ ,\]])/g, 1.25).replace(/3469684/g, 'beefcaf').replace(/2023-09-23/g, '2023-10-02')
const vllmA = read(VARIANTS, 'vllm_serving/vllm-0.8-concurrency16.json')
const vllmB = scale(vllmA, /("mean_e2el_ms": )([\d.]+)/, 1.3).replace('20250412-091500', '20250420-101500')
const optA = read(VARIANTS, 'optimum_benchmark/cuda-llm-benchmark.json')
const optB = scale(optA, /("mean": )([\d.]+)/g, 2)
const detailA = read(FORMATS, 'mlperf/thien-lm__MlPerfLogExample__mlperf_log_detail.txt')
const detailB = scale(detailA, /("key": "result_mean_latency_ns", "value": )(\d+)/, 1.5).replace('"value": "2024-06-01T14:48:08Z"', '"value": "2024-06-08T09:00:00Z"')
const summaryA = read(FORMATS, 'mlperf/thien-lm__MlPerfLogExample__mlperf_log_summary.txt')
const summaryB = scale(summaryA, /(Mean latency \(ns\)\s+: )(\d+)/, 0.5)
const goA = read(FORMATS, 'go-bench/benchmark-action__github-action-benchmark__go_output.txt')
const goB = goA.replace('31915 ns/op', '35106.5 ns/op')
const critA = read(FORMATS, 'criterion-text/benchmark-action__github-action-benchmark__criterion_output.txt')
const critB = critA.replace('bench:         329 ns/iter', 'bench:         400 ns/iter')

const CASES: Case[] = [
  {key: 'llama', files: [['llama/a.json', llamaA], ['llama/b.json', llamaB]], model: '7B/ggml-model-q4_0', hardware: 'cuda'},
  {key: 'vllm', files: [['vllm/a.json', vllmA], ['vllm/b.json', vllmB]], model: 'meta-llama/Llama-3.1-8B-Instruct', hardware: 'server'},
  {key: 'optimum', files: [['optimum/a/benchmark.json', optA], ['optimum/b/benchmark.json', optB]], model: 'meta-llama/Llama-3.2-1B', hardware: 'cuda'},
  {key: 'detail', files: [['mlperf/a/mlperf_log_detail.txt', detailA], ['mlperf/b/mlperf_log_detail.txt', detailB]], model: 'mlperf:PySUT', hardware: 'unknown'},
  {
    key: 'summary',
    files: [
      ['sub/a/results/sys1/resnet50/Offline/performance/run_1/mlperf_log_summary.txt', summaryA],
      ['sub/b/results/sys1/resnet50/Offline/performance/run_1/mlperf_log_summary.txt', summaryB],
    ],
    model: 'resnet50',
    hardware: 'unknown',
  },
  {key: 'go', files: [['go/a.txt', goA], ['go/b.txt', goB]], model: 'BenchmarkFib22', hardware: 'cpu'},
  {key: 'criterion', files: [['cargo/a.txt', critA], ['cargo/b.txt', critB]], model: 'Create Realm', hardware: 'cpu'},
]

beforeAll(async () => {
  dir = tempDir()
  db = join(dir, 'two-runs.duckdb')
  for (const c of CASES) {
    for (const [rel, text] of c.files) {
      mkdirSync(dirname(join(dir, 'in', rel)), {recursive: true})
      writeFileSync(join(dir, 'in', rel), text)
    }
  }
  const run = runCliJson(['db:convert', '--input-dir', join(dir, 'in'), '--db', db])
  expect(run.json.summary).toMatchObject({ingested: 14, rejected: 0, unrecognized: 0})
  const rows = await queryDb<{path: string; run_id: number}>(db, 'SELECT sf.path, tr.run_id FROM test_runs tr JOIN source_files sf USING (source_file_id)')
  for (const r of rows) runOf[r.path.slice(join(dir, 'in').length + 1)] = r.run_id
})
afterAll(() => cleanup(dir))

/** The file's latency values (ms) of one model in run A and B, as the test computes them from the texts. */
const EXPECTED: Record<string, {a: number; b: number; at: [string | null, string | null]; commits: [string | null, string | null]}> = {}
{
  const llama = (text: string) => (JSON.parse(text) as Array<{avg_ns: number}>).map((r) => r.avg_ns / 1e6)
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length
  // The mean over each run's rows (both llama tests, all optimum phases).
  EXPECTED.llama = {a: mean(llama(llamaA)), b: mean(llama(llamaB)), at: ['2023-09-23T12:09:57.000Z', '2023-10-02T12:09:57.000Z'], commits: ['3469684', 'beefcaf']}
  EXPECTED.vllm = {a: 1840.5, b: 1840.5 * 1.3, at: ['2025-04-12T09:15:00.000Z', '2025-04-20T10:15:00.000Z'], commits: [null, null]}
  const opt = (text: string) => mean(Object.values((JSON.parse(text) as {report: Record<string, {latency: {mean: number}}>}).report).map((p) => p.latency.mean * 1000))
  EXPECTED.optimum = {a: opt(optA), b: opt(optB), at: [null, null], commits: [null, null]}
  EXPECTED.detail = {a: 33431331185 / 1e6, b: (33431331185 * 1.5) / 1e6, at: ['2024-06-01T14:48:08.000Z', '2024-06-08T09:00:00.000Z'], commits: [null, null]}
  EXPECTED.summary = {a: 33431331185 / 1e6, b: (33431331185 * 0.5) / 1e6, at: [null, null], commits: [null, null]}
  EXPECTED.go = {a: 31915 / 1e6, b: 35106.5 / 1e6, at: [null, null], commits: [null, null]}
  EXPECTED.criterion = {a: 329 / 1e6, b: 400 / 1e6, at: [null, null], commits: [null, null]}
}

describe.each(CASES)('two runs of $key', (c) => {
  test('db:query --trend reads one point per run and series (a test case or phase is its own line), in run order, with its date and commit', () => {
    const r = runCliJson(['db:query', '--db', db, '--trend', '--model', c.model, '--hardware', c.hardware, '--metric', 'latency'])
    expect(r.code).toBe(0)
    const series = r.json.series as Array<{points: Array<{runId: number; value: number; measuredAt: string | null; gitCommit: string | null}>}>
    expect(series.length).toBeGreaterThan(0)
    const e = EXPECTED[c.key]
    // A run whose file has no date has no measurement time (never the ingest time).
    for (const s of series) {
      expect(s.points.map((p) => [p.runId, p.measuredAt, p.gitCommit])).toEqual([
        [runOf[c.files[0][0]], e.at[0], e.commits[0]],
        [runOf[c.files[1][0]], e.at[1], e.commits[1]],
      ])
    }
    // Each series holds one row of each run: the mean over series is the mean over the run's rows.
    const meanOf = (i: number) => series.reduce((sum, s) => sum + s.points[i].value, 0) / series.length
    expect(meanOf(0)).toBeCloseTo(e.a, 9)
    expect(meanOf(1)).toBeCloseTo(e.b, 9)
  })

  test('db:compare of run B against run A reads both values and the change', () => {
    const r = runCliJson(['db:compare', '--db', db, '--baseline', String(runOf[c.files[0][0]]), '--candidate', String(runOf[c.files[1][0]]), '--metric', 'latency', '--model', c.model, '--hardware', c.hardware, '--fail-on', 'never'])
    expect(r.code).toBe(0)
    const series = r.json.series as Array<{key: {modelName: string}; baselineValue: number; candidateValue: number; change: number; verdict: string}>
    expect(series.length).toBeGreaterThan(0)
    const e = EXPECTED[c.key]
    // Per series (one per test case/phase): the change of the series' own values.
    for (const s of series) {
      expect(s.key.modelName).toBe(c.model)
      expect(s.change).toBeCloseTo(s.candidateValue / s.baselineValue - 1, 12)
    }
    const mean = (k: 'baselineValue' | 'candidateValue') => series.reduce((sum, s) => sum + s[k], 0) / series.length
    expect(mean('baselineValue')).toBeCloseTo(e.a, 9)
    expect(mean('candidateValue')).toBeCloseTo(e.b, 9)
  })
})

test('llama-bench samples give the compare its noise (two runs, no history): 25 % slower on every repetition is a regression', () => {
  const r = runCliJson(['db:compare', '--db', db, '--baseline', String(runOf['llama/a.json']), '--candidate', String(runOf['llama/b.json']), '--metric', 'latency', '--model', '7B/ggml-model-q4_0'])
  expect(r.code).toBe(1)
  const series = r.json.series as Array<{key: {testCase: string}; verdict: string; decidedBy: string; noise: {source: string}; change: number}>
  expect(series.map((s) => [s.key.testCase, s.verdict, s.decidedBy, s.noise.source, Number(s.change.toFixed(9))]).sort()).toEqual([
    ['pp512 ngl=99 threads=16', 'regressed', 'interval', 'iterations', 0.25],
    ['tg128 ngl=99 threads=16', 'regressed', 'interval', 'iterations', 0.25],
  ])
})
