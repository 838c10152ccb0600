/**
 * benchdb result format v1: the examples in docs/formats.md validate against the shipped schema;
 * a native document round-trips through the library (values read back through the report
 * functions and from their columns, in their units); a malformed one is rejected with the JSON
 * pointer and the expectation, and nothing of it is written.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {Ajv} from 'ajv'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {classifyDocument} from '../../src/lib/ingest/classify.js'
import {ingestDocuments} from '../../src/lib/ingest/ingest-documents.js'
import {performanceReport} from '../../src/lib/report/performance.js'
import {nativeSchemaPath} from '../../src/schema/formats/benchdb_result.js'
import {cleanup, ROOT, tempDir} from '../helpers/convert.js'

const SCHEMA_FILE = join(ROOT, 'src', 'schema', 'formats', 'benchdb-result-v1.schema.json')
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object

/** Every ```json benchdb-result block of docs/formats.md, parsed. */
function docExamples(): Array<Record<string, any>> {
  const md = readFileSync(join(ROOT, 'docs', 'formats.md'), 'utf8')
  return [...md.matchAll(/```json benchdb-result\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]))
}

/** numpy's default percentile (linear between closest ranks), computed here independently of the engine. */
function numpyPercentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  const h = ((s.length - 1) * p) / 100
  const lo = Math.floor(h)
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo]
}

describe('the schema and the documented examples', () => {
  const examples = docExamples()

  test('the package ships the schema file the adapter uses, and docs/formats.md has a minimal and a full example', () => {
    expect(nativeSchemaPath()).toBe(SCHEMA_FILE)
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {files: string[]}
    expect(pkg.files).toContain('/src/schema')
    expect(examples).toHaveLength(2)
    expect(Object.keys(examples[0]).sort()).toEqual(['format', 'results', 'version'])
  })

  test.each(docExamples().map((e, i) => [i, e]))('example %i validates against benchdb-result-v1.schema.json', (_i, example) => {
    const validate = new Ajv({allErrors: true, strict: false}).compile(schema)
    expect(validate(example)).toBe(true)
    expect(validate.errors ?? null).toBeNull()
  })

  test('the schema itself rejects what the format forbids (a fresh ajv, not the engine)', () => {
    const validate = new Ajv({allErrors: false, strict: false}).compile(schema)
    const base = docExamples()[0]
    const bad: Array<[unknown, string]> = [
      [{...base, version: 2}, '/version'],
      [{...base, results: [{model: 'm', metrics: {latency: 1}}]}, '/results/0'],
      [{...base, results: [{model: 'm', hardware: 'cpu', metrics: {latency: {value: '12'}}}]}, '/results/0/metrics/latency/value'],
      [{...base, results: [{model: 'm', hardware: 'cpu', status: 'ok'}]}, '/results/0/status'],
      [{format: base.format, version: base.version}, ''],
    ]
    for (const [doc, pointer] of bad) {
      expect(validate(doc)).toBe(false)
      expect(validate.errors![0].instancePath).toBe(pointer)
    }
    expect(validate({...base, 'x-runner': {anything: true}})).toBe(true)
    // A later 1.x writer's keys are accepted (and ignored), and null is "not measured".
    expect(validate({...base, runner_info: {version: '1.1'}, results: [{model: 'm', hardware: 'cpu', device_uuid: 'u', batch_size: null, metrics: {latency: null, throughput: {value: null}}}]})).toBe(true)
  })
})

describe('tolerance: a later 1.x writer, null, numeric strings', () => {
  test('unknown keys are kept in metadata, null metrics store nothing, a numeric string is its number', () => {
    const doc = {
      format: 'benchdb-result', version: 1, runner_info: {version: '1.1'},
      run: {name: 'r', host_uptime_s: 12},
      results: [
        {model: 'm', hardware: 'cpu', device_uuid: 'GPU-1', batch_size: null, metrics: {latency: null, throughput: {value: null}, memory_peak: '512.5'}},
        {model: 'm', hardware: 'cuda', metrics: {latency: {value: null, unit: 'ms'}}},
      ],
    }
    const c = classifyDocument(doc, {path: 'runs/v1x.json', mtime: new Date(0)})
    if (c.kind !== 'mapped') throw new Error(JSON.stringify(c))
    expect(c.doc.run.metadata).toEqual({runner_info: {version: '1.1'}, host_uptime_s: 12, fileMtime: '1970-01-01T00:00:00.000Z'})
    const [cpu, cuda] = c.doc.performance
    expect(cpu.metrics).toEqual({device_uuid: 'GPU-1'})
    expect(cpu.batchSize).toBeNull()
    expect(cpu.metricValues!.map((v) => [v.metric, v.value, v.unit])).toEqual([['memory_peak', 512.5, 'MB']])
    // Listed but not measured: still a performance row (the series ran), with no value.
    expect(cuda.hardware.type).toBe('cuda')
    expect(cuda.metricValues).toEqual([])
    expect(c.doc.integration).toEqual([])
  })

  test('metric values are stored in catalogue order whatever order the file lists them in', () => {
    const metrics = {gc_pauses: {value: 2, unit: 'count', higher_is_better: false}, latency_p99: 9, memory_peak: 100, latency: 3, throughput: 50, ttft: 4}
    const orders = [metrics, Object.fromEntries(Object.entries(metrics).reverse())].map((m) => {
      const c = classifyDocument({format: 'benchdb-result', version: 1, results: [{model: 'm', hardware: 'cpu', metrics: m}]}, {path: 'o.json', mtime: new Date(0)})
      if (c.kind !== 'mapped') throw new Error(JSON.stringify(c))
      return c.doc.performance[0].metricValues!.map((v) => v.metric)
    })
    // The catalogue lists throughput, then latency and its p99, ttft, memory; custom names last.
    expect(orders[0]).toEqual(['throughput', 'latency', 'latency_p99', 'ttft', 'memory_peak', 'gc_pauses'])
    expect(orders[1]).toEqual(orders[0])
  })
})

describe('round trip through the library', () => {
  let dir: string
  let bench: BenchDb
  const full = docExamples()[1]
  const llama = full.results[0]
  const bench2 = full.results[1]
  const gemma = full.results[2]

  beforeAll(async () => {
    dir = tempDir()
    bench = await BenchDb.open(join(dir, 'native.duckdb'))
    const r = await ingestDocuments(bench, [{path: 'runs/nightly.json', bytes: JSON.stringify(full, null, 2)}, {path: 'runs/minimal.json', bytes: JSON.stringify(docExamples()[0])}])
    expect(r.documents.map((d) => [d.status, d.shape])).toEqual([['ingested', 'benchdb_result'], ['ingested', 'benchdb_result']])
  })
  afterAll(() => {
    bench?.close()
    cleanup(dir)
  })

  test('the performance report gives back latency (s -> ms), memory (GB -> MB) and the percentiles of the raw samples', async () => {
    const report = await performanceReport(bench, {model: llama.model.name})
    expect(report.rows).toHaveLength(1)
    const row = report.rows[0]
    const samplesMs = llama.metrics.latency.samples.map((s: number) => s * 1000)
    expect(row).toMatchObject({model: llama.model.name, family: 'llama', hardware: 'cuda', batchSize: 8, precision: 'bf16', results: 1, throughput: null})
    expect(row.latencyMs).toBeCloseTo(llama.metrics.latency.value * 1000, 9)
    expect(row.memoryPeakMb).toBeCloseTo(llama.metrics.memory_peak.value * 1000, 9)
    expect(row.latencyP50Ms).toBeCloseTo(numpyPercentile(samplesMs, 50), 9)
    expect(row.latencyP99Ms).toBeCloseTo(numpyPercentile(samplesMs, 99), 9)
    expect(row.lastMeasured).toMatch(/^2026-03-01T02:00:00/)

    const minimal = await performanceReport(bench, {model: 'bert-base-uncased'})
    expect(minimal.rows.map((r) => [r.hardware, r.latencyMs])).toEqual([['cpu', docExamples()[0].results[0].metrics.latency]])
  })

  test('metrics outside the contract columns are result_metrics rows in their catalogue unit, with their pointer and direction', async () => {
    const rows = await bench.db.all<{model_name: string; metric: string; value: number; unit: string; higher_is_better: boolean | null; source_pointer: string}>(
      `SELECT m.model_name, mv.metric, mv.value, mv.unit, mv.higher_is_better, mv.source_pointer
       FROM metric_values mv JOIN models m USING (model_id) JOIN source_files sf ON sf.source_file_id = mv.source_file_id
       WHERE sf.path = 'runs/nightly.json' ORDER BY m.model_name, mv.metric`)
    const benchName = 'tokenizer_encode[lang=en,length=4096]'
    const samplesMs = llama.metrics.latency.samples.map((s: number) => s * 1000)
    expect(rows).toEqual([
      {model_name: llama.model.name, metric: 'kv_cache_hit_rate', value: llama.metrics.kv_cache_hit_rate.value, unit: 'ratio', higher_is_better: true, source_pointer: '/results/0/metrics/kv_cache_hit_rate'},
      {model_name: llama.model.name, metric: 'latency', value: expect.closeTo(llama.metrics.latency.value * 1000, 9), unit: 'ms', higher_is_better: false, source_pointer: '/results/0'},
      {model_name: llama.model.name, metric: 'latency_p50', value: expect.closeTo(numpyPercentile(samplesMs, 50), 9), unit: 'ms', higher_is_better: false, source_pointer: '/results/0'},
      {model_name: llama.model.name, metric: 'latency_p90', value: expect.closeTo(numpyPercentile(samplesMs, 90), 9), unit: 'ms', higher_is_better: false, source_pointer: '/results/0'},
      {model_name: llama.model.name, metric: 'latency_p99', value: expect.closeTo(numpyPercentile(samplesMs, 99), 9), unit: 'ms', higher_is_better: false, source_pointer: '/results/0'},
      {model_name: llama.model.name, metric: 'memory_peak', value: expect.closeTo(llama.metrics.memory_peak.value * 1000, 9), unit: 'MB', higher_is_better: false, source_pointer: '/results/0'},
      {model_name: llama.model.name, metric: 'tokens_per_second', value: llama.metrics.tokens_per_second.value, unit: 'tokens/s', higher_is_better: true, source_pointer: '/results/0/metrics/tokens_per_second'},
      {model_name: llama.model.name, metric: 'ttft_p99', value: llama.metrics.ttft_p99.value, unit: 'ms', higher_is_better: false, source_pointer: '/results/0/metrics/ttft_p99'},
      {model_name: benchName, metric: 'allocations', value: bench2.metrics.allocations, unit: 'count', higher_is_better: false, source_pointer: '/results/1/metrics/allocations'},
      {model_name: benchName, metric: 'ops_per_second', value: bench2.metrics.ops_per_second.value, unit: 'ops/s', higher_is_better: true, source_pointer: '/results/1/metrics/ops_per_second'},
    ])
  })

  test('a benchmark is its own series: name with sorted parameters, modality benchmark, source = tool, on the cpu it names', async () => {
    const [m] = await bench.db.all(`SELECT m.model_name, m.model_family, m.modality, m.source, hp.hardware_type, hp.device_name
      FROM performance_results pr JOIN models m USING (model_id) JOIN hardware_platforms hp USING (hardware_id) WHERE m.modality = 'benchmark'`)
    expect(m).toEqual({model_name: 'tokenizer_encode[lang=en,length=4096]', model_family: null, modality: 'benchmark', source: full.tool, hardware_type: 'cpu', device_name: bench2.hardware.device})
  })

  test('the run context lands in test_runs', async () => {
    const [run] = await bench.db.all(`SELECT tr.test_name, tr.run_name, tr.machine, tr.git_commit, tr.git_branch, tr.git_repository, tr.ci_provider, tr.ci_run,
        tr.ci_run_url, tr.tags::VARCHAR AS tags, tr.time_source, tr.execution_time_seconds, tr.command_line, tr.success,
        strftime(tr.started_at, '%Y-%m-%dT%H:%M:%SZ') AS started_at, strftime(tr.completed_at, '%Y-%m-%dT%H:%M:%SZ') AS completed_at
      FROM test_runs tr JOIN source_files sf ON sf.source_file_id = tr.source_file_id WHERE sf.path = 'runs/nightly.json'`)
    const r = full.run
    expect(run).toEqual({
      test_name: r.name, run_name: r.name, machine: r.machine, git_commit: r.git.commit, git_branch: r.git.branch, git_repository: r.git.repository,
      ci_provider: r.ci.provider, ci_run: r.ci.run_id, ci_run_url: r.ci.url, tags: JSON.stringify(r.tags), time_source: 'file',
      execution_time_seconds: r.duration_s, command_line: r.command, success: false, started_at: r.started_at, completed_at: r.completed_at,
    })
  })

  test('a failed result is an integration row with its error, its compatibility verdict a hardware_compatibility row; no performance row', async () => {
    const itr = await bench.db.all(`SELECT itr.test_module, itr.test_name, itr.status, itr.error_message, hp.hardware_type, m.model_name
      FROM integration_test_results itr JOIN models m USING (model_id) JOIN hardware_platforms hp USING (hardware_id)`)
    expect(itr).toEqual([{test_module: full.run.name, test_name: gemma.model, status: 'error', error_message: gemma.error.message, hardware_type: 'rocm', model_name: gemma.model}])
    const hc = await bench.db.all(`SELECT m.model_name, hp.hardware_type, hc.is_compatible, hc.error_type, hc.error_message
      FROM hardware_compatibility hc JOIN models m USING (model_id) JOIN hardware_platforms hp USING (hardware_id)`)
    expect(hc).toEqual([{model_name: gemma.model, hardware_type: 'rocm', is_compatible: false, error_type: gemma.error.type, error_message: gemma.error.message}])
    const perf = await bench.db.all(`SELECT count(*)::INTEGER AS n FROM performance_results pr JOIN models m USING (model_id) WHERE m.model_name = ?`, [gemma.model])
    expect(perf).toEqual([{n: 0}])
  })

  test('malformed documents are rejected with the JSON pointer and the expectation, and nothing of them is written', async () => {
    const count = async () => (await bench.db.all<{n: number}>(`SELECT (SELECT count(*) FROM performance_results) + (SELECT count(*) FROM test_runs) + (SELECT count(*) FROM result_metrics) + (SELECT count(*) FROM integration_test_results) AS n`))[0].n
    const before = await count()
    const base = {format: 'benchdb-result', version: 1}
    const cases: Array<[unknown, string, string]> = [
      [{...base, version: 2, results: []}, '/version', '1'],
      [{...base, results: [{model: 'm', metrics: {latency: 1}}]}, '/results/0/hardware', 'key "hardware"'],
      [{...base, results: [{model: 'm', hardware: 'cpu', metrics: {latency: {value: 3, unit: 'tokens/s'}}}]}, '/results/0/metrics/latency/unit', 'a time unit convertible to ms'],
      [{...base, results: [{model: 'm', hardware: 'cpu', metrics: {gc_pauses: {value: 3, unit: 'count'}}}]}, '/results/0/metrics/gc_pauses/higher_is_better', '"higher_is_better": true or false for a metric outside the catalogue'],
      [{...base, results: [{model: 'm', hardware: 'cpu', metrics: {throughput: {value: 3, higher_is_better: false}}}]}, '/results/0/metrics/throughput/higher_is_better', 'higher_is_better: true (or leave it out)'],
      [{...base, results: [{model: 'm', hardware: 'cpu', batch_size: 0, metrics: {latency: 1}}]}, '/results/0/batch_size', '>= 1'],
      [{...base, results: {model: 'm'}}, '/results', 'array'],
    ]
    const r = await ingestDocuments(bench, cases.map(([doc], i) => ({path: `bad/${i}.json`, bytes: JSON.stringify(doc)})))
    expect(r.documents.map((d) => [d.status, d.shape, d.pointer, d.expected])).toEqual(cases.map(([, pointer, expected]) => ['rejected', 'benchdb_result', pointer, expected]))
    expect(await count()).toBe(before)
  })
})
