import {afterAll, beforeAll, expect, test} from '@jest/globals'
import {copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {cleanup, queryDb, ROOT, runCliJson, tempDir} from '../helpers/convert.js'

/**
 * Broken and look-alike harness files through db:convert: a truncated file of each format is
 * rejected at its JSON pointer, a wrong type inside a recognised format names the format and the
 * pointer, a file that only looks like one falls through (unrecognized here), never half-ingested;
 * NaN literals pass only for asv; companion files are never read from outside the input directory.
 */
const FORMATS = join(ROOT, 'test', 'fixtures', 'formats')
const VARIANTS = join(ROOT, 'test', 'fixtures', 'variants')
const SHARED: Record<string, string> = {
  pytest: 'pytest-benchmark/benchmark-action__github-action-benchmark__pytest_output.json',
  gbench: 'google-benchmark/benchmark-action__github-action-benchmark__googlecpp_output.json',
  hyperfine: 'hyperfine/bencherdev__bencher__bencher_one.json',
  asv: 'asv/results/darrenburns-2022-mbp/008854c4-virtualenv-py3.10.json',
  criterion: 'criterion/target/criterion/[40f52ab] Fid__rank(N) 1000000 times/65536/new/estimates.json',
  jmh: 'jmh/benchmark-action__github-action-benchmark__jmh_output.json',
  bdn: 'benchmarkdotnet/benchmark-action__github-action-benchmark__benchmarkdotnet.json',
}
/** One wrong type per format, and where the rejection must point. */
const WRONG: Record<string, [(d: any) => void, string, string]> = {
  pytest: [(d) => (d.benchmarks[1].stats.mean = 'fast'), '/benchmarks/1/stats/mean', 'pytest_benchmark'],
  gbench: [(d) => (d.benchmarks[1].real_time = '27us'), '/benchmarks/1/real_time', 'google_benchmark'],
  hyperfine: [(d) => (d.results[0].times[2] = '0.01'), '/results/0/times/2', 'hyperfine'],
  asv: [(d) => (d.date = 'yesterday'), '/date', 'asv'],
  criterion: [(d) => (d.Mean.point_estimate = '49 ms'), '/Mean/point_estimate', 'criterion'],
  jmh: [(d) => (d[0].mode = 'fast'), '/0/mode', 'jmh'],
  bdn: [(d) => (d.Benchmarks[1].Statistics.Mean = '51 ns'), '/Benchmarks/1/Statistics/Mean', 'benchmarkdotnet'],
}

let dir: string
let ledger: Array<{file: string; status: string; shape: string | null; reason: string | null; pointer: string | null; runs: number}>
const byFile = (f: string) => {
  const hits = ledger.filter((l) => l.file === f)
  expect(hits).toHaveLength(1)
  return hits[0]
}

beforeAll(async () => {
  dir = tempDir()
  const input = join(dir, 'in')
  const w = (rel: string, text: string) => {
    mkdirSync(dirname(join(input, rel)), {recursive: true})
    writeFileSync(join(input, rel), text)
  }
  for (const [k, rel] of Object.entries(SHARED)) {
    const text = readFileSync(join(FORMATS, rel), 'utf8')
    w(`truncated/${k}.json`, text.slice(0, Math.floor(text.length * 0.6)))
    const doc = JSON.parse(text)
    WRONG[k][0](doc)
    w(`wrong/${k}.json`, JSON.stringify(doc))
  }
  // Look-alikes: a `benchmarks` key that is not Google Benchmark's nor pytest-benchmark's, and others.
  w('lookalike/benchmarks_key.json', JSON.stringify({context: {project: 'site'}, benchmarks: [{title: 'homepage', score: 93}]}))
  w('lookalike/benchmarks_list.json', JSON.stringify({benchmarks: [{name: 'resnet', score: 0.93}], date: '2024-01-01'}))
  w('lookalike/results_commands.json', JSON.stringify({results: [{command: 'make', status: 'ok'}]}))
  w('lookalike/benchmark_array.json', JSON.stringify([{benchmark: 'x', mode: 'thrpt', result: 3}]))
  // NaN literal: accepted for asv (its writer emits them), rejected for anyone else.
  w('nan/pytest_nan.json', readFileSync(join(FORMATS, SHARED.pytest), 'utf8').replace('"stddev": 6.175090189861328e-06', '"stddev": NaN'))
  w('nan/results/cheetah/fcf8c079-py2.7-Cython-numpy1.8.json', readFileSync(join(FORMATS, 'asv/results/cheetah/fcf8c079-py2.7-Cython-numpy1.8.json'), 'utf8'))
  // Companions outside the input directory are not read: benchmarks.json above the root, and a
  // benchmark.json that is a link to a file outside it.
  mkdirSync(join(dir, 'outside'), {recursive: true})
  copyFileSync(join(VARIANTS, 'asv_companion/benchmarks.json'), join(dir, 'benchmarks.json'))
  writeFileSync(join(dir, 'outside', 'benchmark.json'), JSON.stringify({group_id: 'secret', function_id: null, value_str: null, throughput: null, full_id: 'secret/from/outside', directory_name: 'secret', title: 'secret'}))
  w('asv.json', readFileSync(join(VARIANTS, 'asv/asv_v2_params_samples.json'), 'utf8'))
  w('crit/target/criterion/fib/20/new/estimates.json', readFileSync(join(VARIANTS, 'criterion/new_schema_estimates.json'), 'utf8'))
  symlinkSync(join(dir, 'outside', 'benchmark.json'), join(input, 'crit/target/criterion/fib/20/new/benchmark.json'))
  const r = runCliJson(['db:convert', '--input-dir', input, '--db', join(dir, 'bad.duckdb')])
  expect(r.code).toBe(1)
  ledger = await queryDb(
    join(dir, 'bad.duckdb'),
    `SELECT split_part(sf.path, '/in/', 2) AS file, sf.status, sf.shape, sf.reason, sf.json_pointer AS pointer,
            (SELECT count(*)::INT FROM test_runs tr WHERE tr.source_file_id = sf.source_file_id) AS runs
     FROM source_files sf`,
  )
}, 120_000)
afterAll(() => cleanup(dir))

test.each(Object.keys(SHARED))('a truncated %s file is rejected with the JSON pointer where it ends, nothing stored', (k) => {
  const l = byFile(`truncated/${k}.json`)
  expect(l.status).toBe('rejected')
  expect(l.reason).toMatch(/line \d+, column \d+/)
  expect(l.pointer).toMatch(/^\/./)
  expect(l.runs).toBe(0)
})

test.each(Object.keys(WRONG))('a wrong type in a %s file is rejected by its adapter at the value', (k) => {
  const [, pointer, shape] = WRONG[k]
  expect(byFile(`wrong/${k}.json`)).toMatchObject({status: 'rejected', shape, pointer, runs: 0})
})

test.each(['benchmarks_key', 'benchmarks_list', 'results_commands', 'benchmark_array'])('the look-alike %s falls through every harness adapter: unrecognized, no run', (name) => {
  const l = byFile(`lookalike/${name}.json`)
  expect([l.status, l.shape, l.runs]).toEqual(['unrecognized', null, 0])
})

test('NaN literals: accepted (as no value) for asv, rejected at their pointer elsewhere', async () => {
  expect(byFile('nan/pytest_nan.json')).toMatchObject({status: 'rejected', pointer: '/benchmarks/0/stats/stddev', runs: 0})
  expect(byFile('nan/results/cheetah/fcf8c079-py2.7-Cython-numpy1.8.json')).toMatchObject({status: 'ingested', shape: 'asv', runs: 1})
  const skipped = await queryDb<{n: number}>(join(dir, 'bad.duckdb'), `SELECT count(*)::INT AS n FROM models WHERE model_name = 'time_AAA_skip'`)
  expect(skipped[0].n).toBe(0)
})

test('companion files outside the input directory are never read', async () => {
  const models = await queryDb<{name: string}>(join(dir, 'bad.duckdb'), `SELECT model_name AS name FROM models WHERE source = 'criterion'`)
  expect(models.map((m) => m.name)).toEqual(['fib/20'])
  // benchmarks.json above the input root: the track benchmark keeps asv's default unit, not its "rows".
  const track = await queryDb<{unit: string}>(join(dir, 'bad.duckdb'), `SELECT unit FROM metric_values WHERE metric = 'track'`)
  expect(track.map((t) => t.unit)).toEqual(['unit', 'unit'])
})
