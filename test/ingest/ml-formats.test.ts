import {describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {classifyBytes, type Classification} from '../../src/lib/ingest/classify.js'
import type {MetricValue, NormalizedDocument, PerformanceRow} from '../../src/lib/ingest/types.js'
import {FIXTURES, MTIME} from './helpers.js'

/**
 * The ML and text-format adapters on versions the shared files do not cover (newer and older key
 * sets, other scenarios, -count repetitions, Criterion's own console), plus the ways a file can
 * be wrong: cut short (rejected with its line or JSON pointer) or only looking like a format
 * (falls through to the other adapters, never half-ingested). Bytes in, classification out, as the
 * engine sees them.
 */
const VARIANTS = join(FIXTURES, 'variants')
const SHARED = join(FIXTURES, 'formats')

function classify(bytes: string | Buffer, path: string): Classification {
  return classifyBytes(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, {path, mtime: MTIME}).classification
}

function mapped(rel: string, root = VARIANTS): {shape: string; doc: NormalizedDocument} {
  const c = classify(readFileSync(join(root, rel)), `/data/${rel}`)
  if (c.kind !== 'mapped') throw new Error(`${rel}: ${c.kind} ${'reason' in c ? c.reason : ''}`)
  return {shape: c.adapter.name, doc: c.doc}
}

function metric(row: PerformanceRow, name: string): MetricValue | undefined {
  return row.metricValues?.find((m) => m.metric === name)
}

const text = (rel: string, root = SHARED) => readFileSync(join(root, rel), 'utf8')

describe('llama-bench, newer builds (backends, n_ubatch, type_k, flash_attn, n_depth) as JSON Lines', () => {
  const {shape, doc} = mapped('llama_bench/b5400-flash-attn.jsonl')
  test('every record is a row; settings that change the numbers make distinct series', () => {
    expect(shape).toBe('llama_bench')
    expect(doc.performance.map((p) => [p.model.name, p.hardware.type, p.hardware.deviceName, p.testCase, p.precision, p.batchSize])).toEqual([
      ['qwen2.5-1.5b-instruct-q4_k_m', 'cuda', 'NVIDIA GeForce RTX 4090', 'pp512 ngl=99 threads=16 ctk=q8_0 ctv=q8_0 fa=1', 'Q4_K - Medium', 2048],
      ['qwen2.5-1.5b-instruct-q4_k_m', 'cuda', 'NVIDIA GeForce RTX 4090', 'tg128 @d4096 ngl=99 threads=16 ctk=q8_0 ctv=q8_0 fa=1', 'Q4_K - Medium', 2048],
      ['qwen2.5-1.5b-instruct-q4_k_m', 'cpu', 'AMD Ryzen 9 7950X 16-Core Processor', 'pp512+tg128 ngl=0 threads=8', 'Q4_K - Medium', 2048],
    ])
  })
  test('values in catalogue units, samples kept, context from the first record', () => {
    const [pp, tg, cpu] = doc.performance
    expect(pp.averageLatencyMs).toBeCloseTo(30418000 / 1e6, 12)
    expect(pp.samples?.map((s) => s.latencyMs)).toEqual([30.1, 30.5, 30.654])
    expect(metric(pp, 'tokens_per_second')).toMatchObject({value: 16832.1, unit: 'tokens/s', samples: [17009.9, 16786.9, 16702.3], pointer: '/0/avg_ts'})
    expect(metric(tg, 'tokens_per_second_stddev')).toMatchObject({value: 0.87, unit: 'tokens/s'})
    expect(metric(cpu, 'latency_stddev')?.value).toBeCloseTo(21, 12)
    expect(doc.run).toMatchObject({gitCommit: 'e5c834f7', startedAt: '2025-05-20T08:15:02Z', completedAt: '2025-05-20T08:16:30Z', machine: 'AMD Ryzen 9 7950X 16-Core Processor', tags: {build_number: '5400'}})
    expect(pp.model.parametersMillion).toBeCloseTo(1543.714304, 9)
  })
  test('a JSONL file cut in the middle of a record is rejected with that line', () => {
    const full = readFileSync(join(VARIANTS, 'llama_bench/b5400-flash-attn.jsonl'), 'utf8')
    const cut = full.slice(0, full.indexOf('"avg_ts":304.4'))
    const c = classify(cut, '/data/run.jsonl')
    expect(c).toMatchObject({kind: 'rejected', pointer: 'line 2'})
    expect(c.kind === 'rejected' && c.reason).toContain('line 2: not a complete JSON record')
  })
  test('a JSONL record of the wrong type is rejected at its line and key', () => {
    const bad = text('llama-bench/ggerganov__llama.cpp__DOC-EXAMPLE_readme_b1275.jsonl').replace('"avg_ts":130.965708', '"avg_ts":"fast"')
    expect(classify(bad, '/data/run.jsonl')).toMatchObject({kind: 'rejected', pointer: 'line 2 /avg_ts', expected: 'number'})
  })
  test('a truncated -o json array is rejected with its JSON pointer', () => {
    const json = text('llama-bench/ggerganov__llama.cpp__DOC-EXAMPLE_readme_b1275.json')
    const c = classify(json.slice(0, json.indexOf('"samples_ts"', 1200)), '/data/run.json')
    expect(c).toMatchObject({kind: 'rejected', adapter: null, pointer: '/1/samples_ns'})
  })
})

describe('vLLM serving results across versions', () => {
  test('0.8: e2el fills the latency columns, percentiles and goodput kept, ttfts as TTFT samples in ms', () => {
    const {doc} = mapped('vllm_serving/vllm-0.8-concurrency16.json')
    const [p] = doc.performance
    expect(p).toMatchObject({testCase: 'rate=4 concurrency=16', averageLatencyMs: 1840.5, latencyP50Ms: 1802.2, latencyP90Ms: 2011, latencyP99Ms: 2203.7, totalTimeSeconds: 52.5, iterations: 200})
    expect(p.model.name).toBe('meta-llama/Llama-3.1-8B-Instruct')
    expect(metric(p, 'latency_stddev')).toMatchObject({value: 120.4, unit: 'ms'})
    expect(metric(p, 'latency_p999')).toMatchObject({value: 2290.1, unit: 'ms', higherIsBetter: false})
    expect(metric(p, 'ttft_p90')).toMatchObject({value: 60.3, unit: 'ms'})
    expect(metric(p, 'goodput')).toMatchObject({value: 3.5, unit: 'requests/s'})
    expect(metric(p, 'ttft')?.samples?.map((v) => Number(v.toFixed(9)))).toEqual([41.2, 45.5, 61.1])
    expect(doc.run.startedAt).toBe('2025-04-12T09:15:00Z')
  })
  test('0.4: input_throughput kept as input tokens/s, no date (time unknown), no e2el', () => {
    const {doc} = mapped('vllm_serving/vllm-0.4-old-keys.json')
    const [p] = doc.performance
    expect(p.averageLatencyMs).toBeUndefined()
    expect(metric(p, 'input_tokens_per_second')).toMatchObject({value: 2000, unit: 'tokens/s', higherIsBetter: true})
    expect(metric(p, 'tpot_p99')).toMatchObject({value: 12, unit: 'ms'})
    expect(metric(p, 'tokens_per_second')).toBeUndefined()
    expect(doc.run.startedAt).toBeNull()
  })
  test('a JSON object with request_throughput that is not vLLM falls through (unrecognized, not half-ingested)', () => {
    const c = classify(JSON.stringify({request_throughput: 12, results: [{name: 'x'}], mean_ttft_ms: 'n/a'}), '/data/other.json')
    expect(c.kind).toBe('unrecognized')
    const d = classify(JSON.stringify({results: [{request_throughput: 1}], summary: {mean_ttft_ms: 3}}), '/data/other.json')
    expect(d.kind).toBe('unrecognized')
  })
  test('a vLLM file with a statistic of the wrong type is rejected at its pointer', () => {
    const bad = text('vllm-bench/moguizhizi__learning_project__openai-chat-infqps-Qwen2.5-VL-72B-20250923-143003.json').replace('"p99_tpot_ms": 66.27649122484677', '"p99_tpot_ms": "66.3 ms"')
    expect(classify(bad, '/data/v.json')).toMatchObject({kind: 'rejected', pointer: '/p99_tpot_ms'})
  })
})

describe('optimum-benchmark on an accelerator with memory, energy and efficiency', () => {
  const {doc} = mapped('optimum_benchmark/cuda-llm-benchmark.json')
  const [load, prefill, decode] = doc.performance
  test('phases are test cases on the config device with its GPU name, dtype as precision, batch size from the input shapes', () => {
    expect(doc.performance.map((p) => [p.testCase, p.hardware.type, p.hardware.deviceName, p.precision, p.batchSize])).toEqual([
      ['load', 'cuda', 'NVIDIA A10G', 'float16', 4],
      ['prefill', 'cuda', 'NVIDIA A10G', 'float16', 4],
      ['decode', 'cuda', 'NVIDIA A10G', 'float16', 4],
    ])
  })
  test('memory MB: the process VRAM peak is memory_peak, the other counters custom; energy kWh -> J; efficiency per J', () => {
    expect(load.memoryPeakMb).toBe(2900)
    expect(metric(load, 'memory_max_ram')).toMatchObject({value: 1500.5, unit: 'MB', higherIsBetter: false})
    expect(metric(load, 'memory_max_allocated')).toMatchObject({value: 2480.25, unit: 'MB'})
    expect(metric(prefill, 'energy')?.value).toBeCloseTo(4.2e-6 * 3.6e6, 9)
    expect(metric(prefill, 'energy_gpu')?.value).toBeCloseTo(3.0e-6 * 3.6e6, 9)
    expect(metric(prefill, 'efficiency')?.value).toBeCloseTo(243809523.8 / 3.6e6, 6)
    expect(metric(prefill, 'tokens_per_second')).toMatchObject({value: 47627.9, unit: 'tokens/s'})
    expect(decode.memoryPeakMb).toBeUndefined()
    expect(prefill.samples?.map((s) => Number(s.latencyMs!.toFixed(9)))).toEqual([20, 22, 21, 23])
  })
  test('a report with a phase whose latency values are not numbers is rejected at the pointer', () => {
    const bad = text('optimum-benchmark/huggingface__optimum-benchmark__benchmark_report.json').replace('11.477741526905447', '"11.47 ms"')
    expect(classify(bad, '/data/benchmark_report.json')).toMatchObject({kind: 'rejected', pointer: '/forward/latency/values/0'})
  })
  test('a truncated benchmark.json is rejected with its JSON pointer', () => {
    const json = text('optimum-benchmark/huggingface__optimum-benchmark__benchmark.json')
    const c = classify(json.slice(0, json.indexOf('"p90"', json.indexOf('"forward"'))), '/data/benchmark.json')
    expect(c).toMatchObject({kind: 'rejected', adapter: null, pointer: '/report/forward/latency/p50'})
  })
})

describe('MLPerf LoadGen logs', () => {
  test('Server summary of an LLM: completed samples and tokens per second, TTFT and TPOT, INVALID run', () => {
    const {doc, shape} = mapped('mlperf_summary/server-invalid-llm_mlperf_log_summary.txt')
    expect(shape).toBe('mlperf_summary')
    const [p] = doc.performance
    expect(doc.run).toMatchObject({success: false, tags: {scenario: 'Server', mode: 'PerformanceOnly', validity: 'INVALID'}})
    expect(p).toMatchObject({testCase: 'Server', averageLatencyMs: 21500, latencyP50Ms: 19000, latencyP90Ms: 38000, latencyP99Ms: 80000})
    expect(metric(p, 'samples_per_second')).toMatchObject({value: 9.87, unit: 'samples/s'})
    expect(metric(p, 'tokens_per_second')).toMatchObject({value: 2841.52, unit: 'tokens/s'})
    expect(metric(p, 'scheduled_samples_per_second')).toMatchObject({value: 10.01, higherIsBetter: true})
    expect(metric(p, 'ttft')).toMatchObject({value: 812, unit: 'ms', pointer: 'line 32'})
    expect(metric(p, 'ttft_p99')?.value).toBe(3900)
    expect(metric(p, 'tpot')?.value).toBe(105)
    expect(metric(p, 'tpot_p99')?.value).toBe(240)
    expect((doc.run.metadata as {checks: Record<string, boolean>}).checks).toMatchObject({'Performance constraints satisfied': false, 'Min duration satisfied': true})
  })
  test('a submission-tree path names the benchmark and the system', () => {
    const bytes = readFileSync(join(SHARED, 'mlperf/thien-lm__MlPerfLogExample__mlperf_log_summary.txt'))
    const c = classify(bytes, '/sub/closed/Acme/results/acme-8xh100/resnet50/Offline/performance/run_1/mlperf_log_summary.txt')
    expect(c.kind === 'mapped' && [c.doc.performance[0].model.name, c.doc.run.machine]).toEqual(['resnet50', 'acme-8xh100'])
  })
  test('a summary cut before its Additional Stats is rejected at its last line', () => {
    const full = text('mlperf/thien-lm__MlPerfLogExample__mlperf_log_summary.txt')
    const cut = full.slice(0, full.indexOf('Additional Stats'))
    const lines = cut.split('\n').length
    expect(classify(cut, '/data/mlperf_log_summary.txt')).toMatchObject({kind: 'rejected', pointer: `line ${lines}`})
  })
  test('a summary with a latency value that is not a number is rejected at that line', () => {
    const bad = text('mlperf/thien-lm__MlPerfLogExample__mlperf_log_summary.txt').replace('Mean latency (ns)               : 33431331185', 'Mean latency (ns)               : n/a')
    expect(classify(bad, '/data/s.txt')).toMatchObject({kind: 'rejected', pointer: 'line 18'})
  })
  test('a detail log cut mid-event is rejected with the line of the broken event', () => {
    const full = text('mlperf/thien-lm__MlPerfLogExample__mlperf_log_detail.txt')
    const at = full.indexOf(':::MLLOG {"key": "result_mean_latency_ns"')
    const cut = full.slice(0, at + 30)
    expect(classify(cut, '/data/mlperf_log_detail.txt')).toMatchObject({kind: 'rejected', pointer: `line ${cut.split('\n').length}`})
  })
  test('a detail log that ends before result_validity (run still going) is rejected', () => {
    const full = text('mlperf/thien-lm__MlPerfLogExample__mlperf_log_detail.txt')
    const cut = full.slice(0, full.indexOf(':::MLLOG {"key": "result_validity"'))
    const c = classify(cut, '/data/mlperf_log_detail.txt')
    expect(c.kind === 'rejected' && c.reason).toContain('ends before its result_validity event')
  })
})

describe('go test -bench output', () => {
  const {doc} = mapped('go_bench/two-packages-count3.txt')
  test('-count repetitions are one row with samples; packages and GOMAXPROCS split series', () => {
    expect(doc.performance.map((p) => [p.model.name, p.testCase, p.hardware.deviceName])).toEqual([
      ['BenchmarkDecode/small', 'github.com/acme/codec/json procs=4', 'Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz'],
      ['BenchmarkDecode/size', 'github.com/acme/codec/json procs=1024', 'Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz'],
      ['BenchmarkDecode/small', 'github.com/acme/codec/xml procs=4', 'Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz'],
    ])
    const [json] = doc.performance
    expect(json.averageLatencyMs).toBeCloseTo((2400 + 2600 + 2500) / 3 / 1e6, 15)
    expect(json.samples?.map((s) => Number(s.latencyMs!.toPrecision(12)))).toEqual([0.0024, 0.0026, 0.0025])
    expect(json.iterations).toBe(1500000)
    expect(metric(json, 'bytes_per_second')).toMatchObject({unit: 'MB/s', samples: [125, 115.38, 120]})
    expect(metric(json, 'bytes_per_second')?.value).toBeCloseTo((125 + 115.38 + 120) / 3, 12)
    expect(metric(json, 'memory_allocated')?.value).toBeCloseTo(512 / 1e6, 15)
    expect(metric(json, 'allocations')).toMatchObject({value: 7, unit: 'count'})
    expect(doc.run.tags).toEqual({goos: 'linux', goarch: 'amd64'})
  })
  test('other time units per op convert to ms; custom metrics keep their unit and a direction only where the unit says', () => {
    const xml = doc.performance[2]
    expect(xml.averageLatencyMs).toBeCloseTo(0.0125, 15)
    expect(metric(xml, 'items_per_s')).toMatchObject({value: 42, unit: 'items/s', higherIsBetter: true})
    expect(metric(xml, 'ns_per_key')).toMatchObject({value: 1.5, unit: 'ns/key', higherIsBetter: false})
  })
  test('a result line cut before its unit is rejected with its line number', () => {
    const full = text('go-bench/benchmark-action__github-action-benchmark__go_output.txt')
    const cut = full.slice(0, full.indexOf('31915') + 5)
    expect(classify(cut, '/data/bench.txt')).toMatchObject({kind: 'rejected', pointer: 'line 10'})
  })
  test('a .txt that mentions Benchmark but is not Go output is left alone', () => {
    const c = classify('Benchmark results for BenchmarkFib: 10 runs, see ns/op in the wiki.\nBenchmark 2024 was fine.\n', '/data/notes.txt')
    expect(c.kind).toBe('unclaimed')
  })
  test('recognised by content, not by name: Go output saved as .log is claimed', () => {
    const c = classify(readFileSync(join(SHARED, 'go-bench/benchmark-action__github-action-benchmark__go_output.txt')), '/data/ci-output.log')
    expect(c.kind === 'mapped' && c.adapter.name).toBe('go_bench')
  })
})

describe('Criterion console output', () => {
  const {doc, shape} = mapped('criterion_console/criterion-0.5-console.txt')
  test('time: [lo est hi] in µs/ms/ps -> ms with the interval; thrpt elem/s -> items/s, MiB/s -> MB/s; change lines ignored', () => {
    expect(shape).toBe('criterion_console')
    expect(doc.performance.map((p) => p.model.name)).toEqual(['fib 20', 'parse/a_rather_long_benchmark_name_that_does_not_fit', 'tiny'])
    const [fib, parse, tiny] = doc.performance
    expect(fib.averageLatencyMs).toBeCloseTo(0.026251, 15)
    expect(metric(fib, 'latency_ci_lower')?.value).toBeCloseTo(0.026029, 15)
    expect(metric(fib, 'latency_ci_upper')?.value).toBeCloseTo(0.026505, 15)
    expect(fib.throughputItemsPerSecond).toBeCloseTo(38094, 9)
    expect(parse.averageLatencyMs).toBe(1.25)
    expect(metric(parse, 'bytes_per_second')?.value).toBeCloseTo((800 * 1024 * 1024) / 1e6, 9)
    expect(tiny.averageLatencyMs).toBeCloseTo(852.1e-9, 18)
    expect(doc.performance).toHaveLength(3)
  })
  test('an estimate cut mid-line is rejected with its line number', () => {
    const full = readFileSync(join(VARIANTS, 'criterion_console/criterion-0.5-console.txt'), 'utf8')
    const cut = full.slice(0, full.indexOf('1.2500 ms'))
    expect(classify(cut, '/data/bench.txt')).toMatchObject({kind: 'rejected', pointer: `line ${cut.split('\n').length}`})
  })
  test('a libtest line cut after "bench:" is rejected with its line number', () => {
    const full = text('criterion-text/benchmark-action__github-action-benchmark__criterion_output.txt')
    const cut = full.slice(0, full.indexOf('1672496'))
    expect(classify(cut, '/data/bench.txt')).toMatchObject({kind: 'rejected', pointer: `line ${cut.split('\n').length}`})
  })
})

describe('documents that only look like an ML format fall through', () => {
  test('an array of records with avg_ts but no model_type or n_prompt/n_gen is not llama-bench', () => {
    const c = classify(JSON.stringify([{name: 'x', avg_ts: 5, samples: [1, 2]}]), '/data/x.json')
    expect(c.kind === 'mapped' ? c.adapter.name : c.kind).not.toBe('llama_bench')
    expect(c.kind).toBe('unrecognized')
  })
  test('an object of objects with a latency key that are not optimum phases is not optimum-benchmark', () => {
    const c = classify(JSON.stringify({cpu: {latency: 3, memory: 10}, gpu: {latency: 1, memory: 20}}), '/data/x.json')
    expect(c.kind).toBe('unrecognized')
  })
  test('an optimum-looking report whose phase lacks the energy block is not optimum-benchmark (detect needs every block key)', () => {
    const c = classify(JSON.stringify({forward: {latency: null, memory: null, throughput: null}}), '/data/x.json')
    expect(c.kind).toBe('unrecognized')
  })
  test('a text whose first line is a :::MLLOG banner but whose events are broken is rejected, not half-ingested', () => {
    const c = classify(':::MLLOG {"key": "effective_scenario", "value": "Offline"}\n:::MLLOG {"key": "result_samples_per_second", "value": 3.2\n', '/data/mlperf_log_detail.txt')
    expect(c).toMatchObject({kind: 'rejected', pointer: 'line 2'})
  })
  test('a JSON Lines file of another tool is left alone (its first record is not llama-bench)', () => {
    expect(classify('{"name":"a","value":1}\n{"name":"b","value":2}\n', '/data/results.jsonl').kind).toBe('unclaimed')
  })
})

describe('text inputs in general', () => {
  test('a .json file that is not JSON and no text format is rejected with its parse error; the same text as .txt is left alone', () => {
    expect(classify('hello, world\n', '/data/x.json')).toMatchObject({kind: 'rejected', adapter: null})
    expect(classify('hello, world\n', '/data/x.txt')).toMatchObject({kind: 'unclaimed'})
  })
  test('a .txt holding JSON that no adapter knows is left alone (a JSON log line is not a result)', () => {
    expect(classify('{"level":"info","msg":"started"}', '/data/x.log').kind).toBe('unclaimed')
  })
  test('binary bytes named .log are left alone', () => {
    expect(classify(Buffer.from([0x00, 0xff, 0x10, 0x42]), '/data/core.log')).toMatchObject({kind: 'unclaimed', reason: 'not UTF-8 text'})
  })
  test('CRLF line ends and a UTF-8 BOM are read like plain text', () => {
    const crlf = '\ufeff' + text('go-bench/benchmark-action__github-action-benchmark__go_output.txt').replace(/\n/g, '\r\n')
    const c = classify(crlf, '/data/bench.txt')
    expect(c.kind === 'mapped' && c.doc.performance.map((p) => p.averageLatencyMs)).toEqual([325e-6, 40537.123e-6, 325e-6, 40537.123e-6, 40537.456e-6, 40537.456e-6, 262.7e-6, 31915e-6].map((v) => expect.closeTo(v, 15)))
  })
})
