import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {cleanup, queryDb, ROOT, runCli, runCliJson, tempDir} from '../helpers/convert.js'

/**
 * The shared ML and text-format files (llama-bench json/jsonl, vLLM, optimum-benchmark, MLPerf
 * logs, go test -bench, cargo bench) through the built CLI into a real database, read back value by
 * value from metric_values (the contract columns unpivoted plus result_metrics) in catalogue units.
 * Each expected value is the file's own number converted in the test (ns / 1e6 -> ms, s * 1000 -> ms).
 * Beside them, text files that are not results: left alone, no ledger row.
 */
const FORMATS = join(ROOT, 'test', 'fixtures', 'formats')
let dir: string
let db: string
let summary: Record<string, number>
let code: number

type Value = [model: string, hardware: string, device: string | null, testCase: string | null, metric: string, value: number, unit: string]

/** Every metric_values row of the file whose path ends with `suffix`, sorted, values to 12 significant digits. */
async function valuesOf(suffix: string): Promise<Value[]> {
  const rows = await queryDb<{m: string; h: string; d: string | null; t: string | null; metric: string; value: number; unit: string}>(db, `
    SELECT mo.model_name AS m, hw.hardware_type AS h, hw.device_name AS d, mv.test_case AS t, mv.metric, mv.value, mv.unit
    FROM metric_values mv JOIN models mo USING (model_id) JOIN hardware_platforms hw USING (hardware_id)
    JOIN source_files sf ON sf.source_file_id = mv.source_file_id
    WHERE sf.path LIKE '%' || '${suffix}'`)
  return rows.map((r) => [r.m, r.h, r.d, r.t, r.metric, round(r.value), r.unit] as Value).sort(byTuple)
}

function round(v: number): number {
  return Number(v.toPrecision(12))
}

function byTuple(a: Value, b: Value): number {
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : 1
}

function expectValues(actual: Value[], expected: Value[]): void {
  expect(actual).toEqual(expected.map((e) => [...e.slice(0, 5), round(e[5]), e[6]] as Value).sort(byTuple))
}

beforeAll(() => {
  dir = tempDir()
  db = join(dir, 'ml.duckdb')
  const input = join(dir, 'in')
  // The ML and text formats' shared files (the JSON harness formats beside them have their own tests).
  for (const d of ['llama-bench', 'vllm-bench', 'optimum-benchmark', 'mlperf', 'go-bench', 'criterion-text']) cpSync(join(FORMATS, d), join(input, d), {recursive: true})
  // Text that is not a result file: prose mentioning benchmarks, a JSON-lines log of something else, an empty log.
  writeFileSync(join(input, 'notes.txt'), 'Benchmark notes: BenchmarkFib looked slower; time: see the dashboard\n')
  writeFileSync(join(input, 'events.jsonl'), '{"event":"start","ts":1}\n{"event":"stop","ts":2}\n')
  writeFileSync(join(input, 'empty.log'), '')
  const run = runCliJson(['db:convert', '--input-dir', input, '--db', db])
  code = run.code
  summary = run.json.summary
})
afterAll(() => cleanup(dir))

describe('db:convert over the shared ML and text-format files', () => {
  test('each shared file is ingested by its adapter; text that no format claims is skipped without a ledger row', async () => {
    expect(code).toBe(0)
    expect(summary).toMatchObject({ingested: 9, rejected: 0, unrecognized: 0, skipped: 3})
    const ledger = await queryDb<{path: string; shape: string; status: string}>(db, 'SELECT path, shape, status FROM source_files ORDER BY path')
    const byName = Object.fromEntries(ledger.map((r) => [r.path.split('/').pop()!, [r.shape, r.status]]))
    expect(byName).toEqual({
      'benchmark-action__github-action-benchmark__criterion_output.txt': ['criterion_console', 'ingested'],
      'benchmark-action__github-action-benchmark__go_output.txt': ['go_bench', 'ingested'],
      'ggerganov__llama.cpp__DOC-EXAMPLE_readme_b1275.json': ['llama_bench', 'ingested'],
      'ggerganov__llama.cpp__DOC-EXAMPLE_readme_b1275.jsonl': ['llama_bench', 'ingested'],
      'huggingface__optimum-benchmark__benchmark.json': ['optimum_benchmark', 'ingested'],
      'huggingface__optimum-benchmark__benchmark_report.json': ['optimum_benchmark', 'ingested'],
      'moguizhizi__learning_project__openai-chat-infqps-Qwen2.5-VL-72B-20250923-143003.json': ['vllm_serving', 'ingested'],
      'thien-lm__MlPerfLogExample__mlperf_log_detail.txt': ['mlperf_detail', 'ingested'],
      'thien-lm__MlPerfLogExample__mlperf_log_summary.txt': ['mlperf_summary', 'ingested'],
    })
  })

  test('text files are restored from the database byte for byte, and --clean-json proves them like JSON files', () => {
    const to = join(dir, 'restored')
    const r = runCliJson(['db:maintain', '--db', db, '--restore', '--from-db', '--path', '**/*.txt', '--to', to])
    expect(r.code).toBe(0)
    const restored = r.json.restore.restored as Array<{target: string; path: string}>
    expect(restored.map((f) => f.path.split('/').pop()).sort()).toEqual([
      'benchmark-action__github-action-benchmark__criterion_output.txt',
      'benchmark-action__github-action-benchmark__go_output.txt',
      'thien-lm__MlPerfLogExample__mlperf_log_detail.txt',
      'thien-lm__MlPerfLogExample__mlperf_log_summary.txt',
    ])
    for (const f of restored) expect(readFileSync(f.target).equals(readFileSync(f.path))).toBe(true)
    // A dry-run clean proves the ingested text files and says nothing of the unclaimed notes.txt.
    const clean = runCliJson(['db:maintain', '--db', db, '--clean-json', '--input-dir', join(dir, 'in'), '--older-than', '0', '--dry-run'])
    expect(clean.code).toBe(0)
    const text = JSON.stringify(clean.json)
    expect(text).toContain('go_output.txt')
    expect(text).not.toContain('notes.txt')
    expect(text).not.toContain('empty.log')
  })

  test('llama-bench JSON and JSONL: time per repetition, tokens/s with samples, stddevs; context from the file', async () => {
    const recs = JSON.parse(readFileSync(join(FORMATS, 'llama-bench', 'ggerganov__llama.cpp__DOC-EXAMPLE_readme_b1275.json'), 'utf8')) as Array<Record<string, number>>
    const expected: Value[] = recs.flatMap((r) => {
      const tc = `${r.n_prompt > 0 ? `pp${r.n_prompt}` : `tg${r.n_gen}`} ngl=99 threads=16`
      const k = ['7B/ggml-model-q4_0', 'cuda', 'NVIDIA GeForce RTX 3090 Ti', tc] as const
      return [
        [...k, 'latency', r.avg_ns / 1e6, 'ms'],
        [...k, 'tokens_per_second', r.avg_ts, 'tokens/s'],
        [...k, 'tokens_per_second_stddev', r.stddev_ts, 'tokens/s'],
        [...k, 'latency_stddev', r.stddev_ns / 1e6, 'ms'],
      ] as Value[]
    })
    expectValues(await valuesOf('b1275.json'), expected)
    expectValues(await valuesOf('b1275.jsonl'), expected)
    const samples = await queryDb<{latency_ms: number}>(db, `SELECT b.latency_ms FROM performance_batch_results b JOIN performance_results pr USING (result_id)
      JOIN source_files sf ON sf.source_file_id = pr.source_file_id WHERE sf.path LIKE '%b1275.jsonl' AND pr.test_case LIKE 'pp512%' ORDER BY b.batch_index`)
    expect(samples.map((s) => round(s.latency_ms))).toEqual([213837238, 211635853, 212328053, 211329715, 212698907].map((ns) => round(ns / 1e6)))
    const ts = await queryDb<{samples: string}>(db, `SELECT CAST(rm.samples AS VARCHAR) AS samples FROM result_metrics rm JOIN performance_results pr USING (result_id)
      JOIN source_files sf ON sf.source_file_id = pr.source_file_id WHERE sf.path LIKE '%b1275.json' AND rm.metric = 'tokens_per_second' AND pr.test_case LIKE 'tg128%'`)
    expect(JSON.parse(ts[0].samples)).toEqual([130.019, 131.295, 129.362, 131.86, 132.293])
    const run = await queryDb<Record<string, unknown>>(db, `SELECT tr.git_commit, tr.machine, CAST(tr.started_at AS VARCHAR) AS s, CAST(tr.completed_at AS VARCHAR) AS c, tr.time_source, pr.precision, pr.batch_size
      FROM test_runs tr JOIN performance_results pr USING (run_id) JOIN source_files sf ON sf.source_file_id = tr.source_file_id WHERE sf.path LIKE '%b1275.json' ORDER BY pr.test_case LIMIT 1`)
    expect(run[0]).toEqual({git_commit: '3469684', machine: '13th Gen Intel(R) Core(TM) i9-13900K', s: '2023-09-23 12:09:57', c: '2023-09-23 12:09:59', time_source: 'file', precision: 'Q4_0', batch_size: 512})
  })

  test('vLLM: request/token throughput, TTFT/TPOT/ITL statistics in ms, duration, date from the file', async () => {
    const d = JSON.parse(readFileSync(join(FORMATS, 'vllm-bench', 'moguizhizi__learning_project__openai-chat-infqps-Qwen2.5-VL-72B-20250923-143003.json'), 'utf8')) as Record<string, number>
    const k = ['Qwen/Qwen2.5-VL-72B-Instruct', 'server', 'A6000', 'rate=inf'] as const
    const stats = (m: string): Value[] => [
      [...k, m, d[`mean_${m}_ms`], 'ms'],
      [...k, `${m}_median`, d[`median_${m}_ms`], 'ms'],
      [...k, `${m}_stddev`, d[`std_${m}_ms`], 'ms'],
      [...k, `${m}_p99`, d[`p99_${m}_ms`], 'ms'],
    ]
    expectValues(await valuesOf('143003.json'), [
      [...k, 'requests_per_second', d.request_throughput, 'requests/s'],
      [...k, 'output_tokens_per_second', d.output_throughput, 'tokens/s'],
      [...k, 'tokens_per_second', d.total_token_throughput, 'tokens/s'],
      [...k, 'total_time', d.duration, 's'],
      ...stats('ttft'),
      ...stats('tpot'),
      ...stats('itl'),
    ])
    const run = await queryDb<Record<string, unknown>>(db, `SELECT CAST(started_at AS VARCHAR) AS s, CAST(tags AS VARCHAR) AS tags FROM test_runs tr JOIN source_files sf USING (source_file_id) WHERE sf.path LIKE '%143003.json'`)
    expect(run[0]).toEqual({s: '2025-09-23 14:30:03', tags: '{"backend":"openai-chat"}'})
  })

  test('optimum-benchmark: per-phase latency (s -> ms) with samples, percentiles, throughput samples/s; config model and device', async () => {
    const {report} = JSON.parse(readFileSync(join(FORMATS, 'optimum-benchmark', 'huggingface__optimum-benchmark__benchmark.json'), 'utf8')) as {report: Record<string, any>}
    const phase = (name: string, model: string, hw: string, device: string | null): Value[] => {
      const l = report[name].latency
      const k = [model, hw, device, name] as const
      const out: Value[] = [
        [...k, 'latency', l.mean * 1000, 'ms'],
        [...k, 'latency_p50', l.p50 * 1000, 'ms'],
        [...k, 'latency_p90', l.p90 * 1000, 'ms'],
        [...k, 'latency_p99', l.p99 * 1000, 'ms'],
        [...k, 'latency_p95', l.p95 * 1000, 'ms'],
        [...k, 'latency_stddev', l.stdev * 1000, 'ms'],
        [...k, 'latency_cv', l.stdev_, '%'],
        [...k, 'total_time', l.total, 's'],
      ]
      if (report[name].throughput) out.push([...k, 'samples_per_second', report[name].throughput.value, 'samples/s'])
      return out
    }
    const cpu = 'Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz'
    expectValues(await valuesOf('__benchmark.json'), [...phase('load', 'BAAI/bge-base-en-v1.5', 'cpu', cpu), ...phase('forward', 'BAAI/bge-base-en-v1.5', 'cpu', cpu)])
    // The report alone names no model or device: the model is named after its folder, the hardware unknown.
    expectValues(await valuesOf('benchmark_report.json'), [...phase('load', 'optimum-benchmark', 'unknown', null), ...phase('forward', 'optimum-benchmark', 'unknown', null)])
    const samples = await queryDb<{latency_ms: number}>(db, `SELECT b.latency_ms FROM performance_batch_results b JOIN performance_results pr USING (result_id)
      JOIN source_files sf ON sf.source_file_id = pr.source_file_id WHERE sf.path LIKE '%__benchmark.json' AND pr.test_case = 'forward' ORDER BY b.batch_index`)
    expect(samples.map((s) => round(s.latency_ms))).toEqual(report.forward.latency.values.map((v: number) => round(v * 1000)))
  })

  test('MLPerf summary and detail logs: samples/s, latency stats ns -> ms, scenario and validity', async () => {
    const k = ['mlperf:PySUT', 'unknown', 'PySUT', 'Offline'] as const
    const ms = (ns: number) => ns / 1e6
    const expected: Value[] = [
      [...k, 'samples_per_second', 0.165037, 'samples/s'],
      [...k, 'latency_min', ms(6268465782), 'ms'],
      [...k, 'latency_max', ms(60592566749), 'ms'],
      [...k, 'latency', ms(33431331185), 'ms'],
      [...k, 'latency_p50', ms(36448535095), 'ms'],
      [...k, 'latency_p90', ms(60592566749), 'ms'],
      [...k, 'latency_p95', ms(60592566749), 'ms'],
      [...k, 'latency_p97', ms(60592566749), 'ms'],
      [...k, 'latency_p99', ms(60592566749), 'ms'],
      [...k, 'latency_p999', ms(60592566749), 'ms'],
    ]
    expectValues(await valuesOf('mlperf_log_summary.txt'), expected)
    expectValues(await valuesOf('mlperf_log_detail.txt'), expected)
    const runs = await queryDb<Record<string, unknown>>(db, `SELECT sf.shape, tr.success, CAST(tr.started_at AS VARCHAR) AS s, CAST(tr.tags AS VARCHAR) AS tags FROM test_runs tr JOIN source_files sf USING (source_file_id) WHERE sf.shape LIKE 'mlperf%' ORDER BY sf.shape`)
    expect(runs).toEqual([
      {shape: 'mlperf_detail', success: true, s: '2024-06-01 14:48:08', tags: '{"scenario":"Offline","mode":"PerformanceOnly","validity":"VALID"}'},
      {shape: 'mlperf_summary', success: true, s: null, tags: '{"scenario":"Offline","mode":"PerformanceOnly","validity":"VALID"}'},
    ])
  })

  test('go test -bench: ns/op -> ms per benchmark (GOMAXPROCS suffix in the test case), custom metrics by their unit', async () => {
    const c = (name: string, tc: string | null, ns: number): Value => [name, 'cpu', null, tc, 'latency', ns / 1e6, 'ms']
    expectValues(await valuesOf('go_output.txt'), [
      c('BenchmarkFib10', 'procs=8', 325),
      c('BenchmarkFib20', null, 40537.123),
      c('BenchmarkFib/my_tabled_benchmark_-_10', 'procs=8', 325),
      c('BenchmarkFib/my_tabled_benchmark_-_20', null, 40537.123),
      c('BenchmarkFib/my/tabled/benchmark_-_20', null, 40537.456),
      c('BenchmarkFib/my/tabled/benchmark_-_20,var1=13,var2=14', null, 40537.456),
      c('BenchmarkFib11', 'procs=16', 262.7),
      c('BenchmarkFib22', 'procs=16', 31915),
      ['BenchmarkFib11', 'cpu', null, 'procs=16', 'auxmetricunits', 3, 'auxMetricUnits'],
      ['BenchmarkFib22', 'cpu', null, 'procs=16', 'auxmetricunits', 4, 'auxMetricUnits'],
    ])
    const it = await queryDb<{iterations: number}>(db, `SELECT pr.iterations FROM performance_results pr JOIN models USING (model_id) WHERE model_name = 'BenchmarkFib22'`)
    expect(it).toEqual([{iterations: 37653}])
  })

  test('cargo bench (libtest format): ns/iter -> ms, the +/- spread as latency_spread', async () => {
    const c = (name: string, ns: number, spread: number): Value[] => [
      [name, 'cpu', null, null, 'latency', ns / 1e6, 'ms'],
      [name, 'cpu', null, null, 'latency_spread', spread / 1e6, 'ms'],
    ]
    expectValues(await valuesOf('criterion_output.txt'), [
      ...c('Create Realm', 329, 4),
      ...c('Symbols (Execution)', 3268, 47),
      ...c('For loop (Execution)', 12314, 123),
      ...c('Fibonacci (Execution)', 1672496, 10166),
    ])
  })

  test('worker threads decide the same: the text files are read, claimed and skipped alike', async () => {
    const db2 = join(dir, 'workers.duckdb')
    const r = runCli(['db:convert', '--input-dir', join(dir, 'in'), '--db', db2, '--json'], undefined, {BENCHDB_CONVERT_WORKERS: '2'})
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).summary).toMatchObject({ingested: 9, skipped: 3, rejected: 0})
    const sql = "SELECT sf.shape, count(*)::INTEGER AS n, round(sum(mv.value), 6) AS s FROM metric_values mv JOIN source_files sf USING (source_file_id) GROUP BY ALL ORDER BY 1"
    expect(await queryDb(db2, sql)).toEqual(await queryDb(db, sql))
  })

  test('--explain reads a text file as db:convert would: the claiming reader, the rows; unclaimed text is skipped', () => {
    const go = runCliJson(['db:convert', '--explain', join(dir, 'in', 'go-bench', 'benchmark-action__github-action-benchmark__go_output.txt')])
    expect(go.code).toBe(0)
    expect(go.json).toMatchObject({status: 'ingested', adapter: 'go_bench', rowCounts: {performance_results: 8, result_metrics: 2}})
    expect(go.json.detection.filter((d: {passed: boolean}) => d.passed).map((d: {adapter: string}) => d.adapter)).toEqual(['go_bench'])
    expect(go.json.rows.performance_results[7]).toMatchObject({model_name: 'BenchmarkFib22', test_case: 'procs=16', average_latency_ms: 0.031915})
    expect(go.json.rows.result_metrics).toEqual([
      {performance_row: 6, metric: 'auxmetricunits', value: 3, unit: 'auxMetricUnits', higher_is_better: null, samples: null, source_pointer: 'line 9'},
      {performance_row: 7, metric: 'auxmetricunits', value: 4, unit: 'auxMetricUnits', higher_is_better: null, samples: null, source_pointer: 'line 10'},
    ])
    const notes = runCliJson(['db:convert', '--explain', join(dir, 'in', 'notes.txt')])
    expect(notes.json).toMatchObject({status: 'skipped', adapter: null, reason: 'not a result file: no text format claims this file'})
  })

  test('the unclaimed text files are reported as skipped, with why, and not in the ledger', async () => {
    const ledger = await queryDb<{n: number}>(db, "SELECT count(*)::INTEGER AS n FROM source_files WHERE path LIKE '%notes.txt' OR path LIKE '%events.jsonl' OR path LIKE '%empty.log'")
    expect(ledger).toEqual([{n: 0}])
    // A rerun reads them again and still records nothing.
    const again = runCliJson(['db:convert', '--input-dir', join(dir, 'in'), '--db', db])
    expect(again.code).toBe(0)
    expect(again.json.summary).toMatchObject({ingested: 0, unchanged: 9, skipped: 3, rejected: 0})
  })
})
