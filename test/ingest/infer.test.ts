/**
 * The inferring fallback on layouts no adapter knows (test/fixtures/inferred/): every stored value
 * is read back from its column or result_metrics row, in its unit, with the JSON pointer it came
 * from; documents with nothing storable stay unrecognized with their reason; the fallback never
 * takes a document a real adapter detects; reports show or hide inferred rows.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {classifyDocument} from '../../src/lib/ingest/classify.js'
import {ingestDocuments, type IngestDocumentsResult} from '../../src/lib/ingest/ingest-documents.js'
import {firstAdapter} from '../../src/lib/ingest/registry.js'
import {keyMeaning} from '../../src/lib/ingest/infer/key-names.js'
import {performanceReport} from '../../src/lib/report/performance.js'
import {cleanup, tempDir} from '../helpers/convert.js'
import {FIXTURES, MTIME} from '../ingest/helpers.js'

const DIR = join(FIXTURES, 'inferred')
const text = (name: string) => readFileSync(join(DIR, name), 'utf8')
const json = (name: string) => JSON.parse(text(name)) as any

let dir: string
let bench: BenchDb
let result: IngestDocumentsResult

type PerfRow = {
  result_id: number
  model_name: string
  hardware_type: string
  device_name: string | null
  test_case: string | null
  batch_size: number | null
  precision: string | null
  average_latency_ms: number | null
  latency_p99_ms: number | null
  throughput_items_per_second: number | null
  memory_peak_mb: number | null
  total_time_seconds: number | null
  is_inferred: boolean
  source_pointer: string | null
  metrics: string | null
  file: string
}

async function rowsOf(file: string): Promise<PerfRow[]> {
  return bench.db.all<PerfRow>(
    `SELECT pr.result_id, m.model_name, hp.hardware_type, hp.device_name, pr.test_case, pr.batch_size, pr.precision,
            pr.average_latency_ms, pr.latency_p99_ms, pr.throughput_items_per_second, pr.memory_peak_mb, pr.total_time_seconds,
            pr.is_inferred, pr.source_pointer, pr.metrics::VARCHAR AS metrics, sf.path AS file
     FROM performance_results pr JOIN models m USING (model_id) JOIN hardware_platforms hp USING (hardware_id)
     JOIN source_files sf ON sf.source_file_id = pr.source_file_id
     WHERE sf.path = ? ORDER BY pr.source_pointer`,
    [file],
  )
}

async function extrasOf(resultId: number): Promise<Array<{metric: string; value: number; unit: string; higher_is_better: boolean | null; source_pointer: string}>> {
  return bench.db.all(`SELECT metric, value, unit, higher_is_better, source_pointer FROM result_metrics WHERE result_id = ? ORDER BY metric`, [resultId])
}

/** The pointer -> raw number list the row keeps for values that went into contract columns. */
const inferredFrom = (r: PerfRow) => (JSON.parse(r.metrics!) as {inferredFrom: {model: string; hardware: string; values: Array<{metric: string; pointer: string; raw: number; factor: number}>}}).inferredFrom

beforeAll(async () => {
  dir = tempDir()
  bench = await BenchDb.open(join(dir, 'infer.duckdb'))
  const names = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
  // One known-layout document beside them: the flag that hides inferred rows must keep it.
  const known = JSON.stringify([{model_name: 'bert-base-uncased', hardware_type: 'cuda', batch_size: 1, throughput_items_per_second: 500, average_latency_ms: 2}])
  result = await ingestDocuments(bench, [
    ...names.map((n) => ({path: n, bytes: readFileSync(join(DIR, n)), mtime: MTIME})),
    {path: 'known.json', bytes: known, mtime: MTIME},
  ])
})

afterAll(() => {
  bench?.close()
  cleanup(dir)
})

describe('inferring fallback: layouts no adapter knows', () => {
  test('every fixture is decided as expected, by shape "inferred" or unrecognized', () => {
    const by = Object.fromEntries(result.documents.map((d) => [d.path, [d.status, d.shape]]))
    expect(by).toEqual({
      'by_hardware.json': ['ingested', 'inferred'],
      'by_model.json': ['ingested', 'inferred'],
      'metric_list.json': ['ingested', 'inferred'],
      'nested.json': ['ingested', 'inferred'],
      'rows.json': ['ingested', 'inferred'],
      'unit_keys.json': ['ingested', 'inferred'],
      'nothing.json': ['unrecognized', null],
      'no_hardware.json': ['unrecognized', null],
      'known.json': ['ingested', 'star_rows'],
    })
  })

  test('nested: model, hardware and precision from a setup object beside the measurements; statistics object; tokens/s kept apart', async () => {
    const doc = json('nested.json')
    const [r] = await rowsOf('nested.json')
    expect(r).toMatchObject({
      model_name: 'bert-base-uncased', hardware_type: 'cuda', device_name: doc.experiment.setup.gpu_name, precision: 'fp16',
      test_case: 'experiment', is_inferred: true, source_pointer: '/experiment',
      average_latency_ms: doc.experiment.measurements.latency.mean, latency_p99_ms: doc.experiment.measurements.latency.p99,
      memory_peak_mb: doc.experiment.measurements.peak_memory_mb,
      // tokens/s is not items/s: the throughput column stays empty.
      throughput_items_per_second: null,
    })
    expect(await extrasOf(r.result_id)).toEqual([
      {metric: 'tokens_per_second', value: doc.experiment.measurements.throughput_tok_s, unit: 'tokens/s', higher_is_better: true, source_pointer: '/experiment/measurements/throughput_tok_s'},
    ])
    const from = inferredFrom(r)
    expect(from.model).toBe('/experiment/model')
    expect(from.hardware).toBe('/experiment/setup/device')
    expect(from.values.map((v) => [v.metric, v.pointer, v.raw, v.factor])).toEqual([
      ['latency', '/experiment/measurements/latency/mean', 12.5, 1],
      ['latency_p99', '/experiment/measurements/latency/p99', 20.1, 1],
      ['tokens_per_second', '/experiment/measurements/throughput_tok_s', 850.2, 1],
      ['memory_peak', '/experiment/measurements/peak_memory_mb', 1234, 1],
    ])
    const [run] = await bench.db.all<{machine: string; started_at: string; git_commit: string; time_source: string; test_type: string}>(
      `SELECT tr.machine, strftime(tr.started_at, '%Y-%m-%dT%H:%M:%SZ') AS started_at, tr.git_commit, tr.time_source, tr.test_type
       FROM test_runs tr JOIN source_files sf ON sf.source_file_id = tr.source_file_id WHERE sf.path = 'nested.json'`)
    expect(run).toEqual({machine: 'box-7', started_at: '2026-03-01T10:00:00Z', git_commit: 'abc1234', time_source: 'file', test_type: 'inferred'})
  })

  test('array of rows: one row per element, seconds converted to ms, samples/s in result_metrics', async () => {
    const doc = json('rows.json') as Array<{batch: number; latency_s: number; samples_per_sec: number}>
    const rows = await rowsOf('rows.json')
    expect(rows.map((r) => [r.source_pointer, r.model_name, r.hardware_type, r.batch_size])).toEqual([['/0', 'gpt2', 'cpu', 8], ['/1', 'gpt2', 'cpu', 16]])
    for (const [i, r] of rows.entries()) {
      expect(r.average_latency_ms).toBeCloseTo(doc[i].latency_s * 1000, 10)
      expect(r.throughput_items_per_second).toBeNull()
      expect(await extrasOf(r.result_id)).toEqual([
        {metric: 'samples_per_second', value: doc[i].samples_per_sec, unit: 'samples/s', higher_is_better: true, source_pointer: `/${i}/samples_per_sec`},
      ])
      expect(inferredFrom(r).values.find((v) => v.metric === 'latency')).toEqual({metric: 'latency', pointer: `/${i}/latency_s`, raw: doc[i].latency_s, factor: 1000})
    }
  })

  test('keyed by model: the key is the model (also an org/name id), a numeric string is read as its number', async () => {
    const doc = json('by_model.json')
    const rows = await rowsOf('by_model.json')
    expect(rows.map((r) => [r.source_pointer, r.model_name, r.hardware_type])).toEqual([
      ['/models/my-org~1tiny-llm', 'my-org/tiny-llm', 'mps'],
      ['/models/phi-3-mini', 'phi-3-mini', 'mps'],
    ])
    const tiny = await extrasOf(rows[0].result_id)
    expect(tiny).toEqual([
      {metric: 'tokens_per_second', value: Number(doc.models['my-org/tiny-llm'].tok_per_sec), unit: 'tokens/s', higher_is_better: true, source_pointer: '/models/my-org~1tiny-llm/tok_per_sec'},
      {metric: 'ttft', value: doc.models['my-org/tiny-llm'].ttft_ms, unit: 'ms', higher_is_better: false, source_pointer: '/models/my-org~1tiny-llm/ttft_ms'},
    ])
    expect(inferredFrom(rows[1]).model).toBe('/models/phi-3-mini')
    const [run] = await bench.db.all<{d: string}>(`SELECT strftime(tr.started_at, '%Y-%m-%d %H:%M') AS d FROM test_runs tr JOIN source_files sf ON sf.source_file_id = tr.source_file_id WHERE sf.path = 'by_model.json'`)
    expect(run.d).toBe('2026-02-01 00:00')
  })

  test('keyed by hardware: the key is the hardware, bytes are MB (10^6), a unitless latency is left out and says why', async () => {
    const doc = json('by_hardware.json')
    const rows = await rowsOf('by_hardware.json')
    expect(rows.map((r) => [r.source_pointer, r.model_name, r.hardware_type, r.precision, r.average_latency_ms, r.memory_peak_mb])).toEqual([
      ['/results/cpu', 'resnet50', 'cpu', 'fp16', doc.results.cpu.avg_time_ms, doc.results.cpu.mem_bytes / 1e6],
      ['/results/cuda', 'resnet50', 'cuda', 'fp16', doc.results.cuda.avg_time_ms, doc.results.cuda.mem_bytes / 1e6],
    ])
    expect(inferredFrom(rows[1]).hardware).toBe('/results/cuda')
    // The unitless "latency": 5 is nowhere: not in a column, not in result_metrics.
    expect(await extrasOf(rows[1].result_id)).toEqual([])
    const explained = classifyDocument(doc, {path: 'by_hardware.json', mtime: MTIME})
    expect(explained.kind === 'mapped' && explained.doc.unmapped).toEqual([
      {pointer: '/results/cuda/latency', reason: expect.stringMatching(/neither its name nor a sibling "unit" says in which unit/)},
    ])
  })

  test('units in key names: s, ms -> s, kJ, GiB, us; a qualified name is its own metric; raw arrays are not summarised', async () => {
    const doc = json('unit_keys.json')
    const [r] = await rowsOf('unit_keys.json')
    expect(r).toMatchObject({model_name: 'openai/whisper-small', hardware_type: 'cpu', device_name: 'Intel Xeon Gold 6338', source_pointer: '/'})
    expect(r.average_latency_ms).toBeCloseTo(doc.latency_s * 1000, 10)
    expect(r.total_time_seconds).toBeCloseTo(doc.duration_ms / 1000, 10)
    expect(r.memory_peak_mb).toBeCloseTo((doc.mem_gib * 1024 ** 3) / 1e6, 10)
    const extras = await extrasOf(r.result_id)
    expect(extras.map((e) => [e.metric, e.unit, e.higher_is_better, e.source_pointer])).toEqual([
      ['energy', 'J', false, '/energy_kj'],
      ['prefill_latency', 'ms', false, '/prefill_latency_us'],
    ])
    expect(extras[0].value).toBeCloseTo(doc.energy_kj * 1000, 10)
    expect(extras[1].value).toBeCloseTo(doc.prefill_latency_us / 1000, 10)
    // 3 raw latencies: no mean is computed from them.
    const stored = [r.average_latency_ms, r.total_time_seconds, r.memory_peak_mb, ...extras.map((e) => e.value)]
    const mean = doc.sample_latencies_ms.reduce((a: number, b: number) => a + b, 0) / doc.sample_latencies_ms.length
    expect(stored).not.toContain(mean)
  })

  test('a list of named metrics with units belongs to one row; a sibling unit "tok/s" makes throughput tokens/s', async () => {
    const doc = json('metric_list.json')
    const [r, ...more] = await rowsOf('metric_list.json')
    expect(more).toEqual([])
    expect(r).toMatchObject({model_name: 'distilbert-base-uncased', hardware_type: 'openvino', batch_size: 4, source_pointer: '/', throughput_items_per_second: null})
    expect(r.average_latency_ms).toBeCloseTo(doc.metrics[0].value * 1000, 10)
    expect(await extrasOf(r.result_id)).toEqual([
      {metric: 'tokens_per_second', value: doc.metrics[1].value, unit: 'tokens/s', higher_is_better: true, source_pointer: '/metrics/1/value'},
    ])
  })

  test('nothing recognisable, or measurements without hardware: unrecognized, with the reason, and no rows', async () => {
    const reasons = await bench.db.all<{path: string; status: string; reason: string}>(
      `SELECT path, status, reason FROM source_files WHERE path IN ('nothing.json', 'no_hardware.json') ORDER BY path`)
    expect(reasons[0]).toMatchObject({path: 'no_hardware.json', status: 'unrecognized'})
    expect(reasons[0].reason).toMatch(/^no adapter recognised the document; closest is .*; inference: measurements found but none could be stored: \/ \(latency_ms, throughput: no hardware in the object, its ancestors or the keys above it\)$/)
    expect(reasons[1]).toMatchObject({path: 'nothing.json', status: 'unrecognized'})
    expect(reasons[1].reason).toMatch(/inference: no measurement found either/)
    expect(await rowsOf('nothing.json')).toEqual([])
    expect(await rowsOf('no_hardware.json')).toEqual([])
  })

  test('performance report: inferred rows included by default, left out with excludeInferred (known rows stay)', async () => {
    const all = await performanceReport(bench)
    const hidden = await performanceReport(bench, {excludeInferred: true})
    const key = (r: {model: string; hardware: string}) => `${r.model}@${r.hardware}`
    expect(all.rows.map(key)).toEqual(expect.arrayContaining(['resnet50@cpu', 'resnet50@cuda', 'gpt2@cpu', 'bert-base-uncased@cuda']))
    expect(hidden.rows.map(key)).toEqual(['bert-base-uncased@cuda'])
    const cpu = all.rows.find((r) => key(r) === 'resnet50@cpu')!
    expect(cpu.latencyMs).toBe(json('by_hardware.json').results.cpu.avg_time_ms)
  })
})

describe('the fallback never takes a document from a real adapter', () => {
  const real = join(FIXTURES, 'real')
  const files: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e)
      if (statSync(p).isDirectory()) walk(p)
      else if (e.endsWith('.json')) files.push(p)
    }
  }
  walk(real)

  test.each(files.map((f) => [relative(real, f)]))('%s', (rel) => {
    const doc = JSON.parse(readFileSync(join(real, rel), 'utf8'))
    const c = classifyDocument(doc, {path: rel, mtime: MTIME})
    const detected = firstAdapter(doc)
    expect(detected).not.toBeNull()
    expect(c.kind === 'mapped' || c.kind === 'rejected' ? c.adapter?.name : c.kind).toBe(detected!.name)
  })

  test('a pathologically deep document is not walked past 64 levels, and says so', () => {
    let deep: unknown = {model: 'bert-base-uncased', hardware: 'cpu', latency_ms: 1}
    for (let i = 0; i < 100; i++) deep = {level: deep}
    const c = classifyDocument(deep, {path: 'deep.json', mtime: MTIME})
    expect(c.kind).toBe('unrecognized')
    expect(c.kind === 'unrecognized' && c.reason).toMatch(/inference: measurements found but none could be stored: (\/level){64} \(nested deeper than 64 objects: not read\)$/)
  })

  test('a detected document that fails validation is rejected, not inferred', () => {
    const c = classifyDocument([{model_name: 'bert', hardware_type: 'cpu', throughput_items_per_second: 'fast', latency_ms: 3}], {path: 'x.json', mtime: MTIME})
    expect(c).toMatchObject({kind: 'rejected', adapter: {name: 'star_rows'}, pointer: '/0/throughput_items_per_second'})
  })
})

describe('inference details', () => {
  test('a GPU row takes the GPU name, never the CPU model beside it; memory: {peak_mb} is peak memory in MB', () => {
    const c = classifyDocument({model: 'gpt2', hardware: 'cuda', cpu_model: 'Intel Xeon', gpu_name: 'NVIDIA A10G', latency_ms: 2, memory: {peak_mb: 9}}, {path: 'x.json', mtime: MTIME})
    expect(c.kind).toBe('mapped')
    const p = c.kind === 'mapped' ? c.doc.performance[0] : null
    expect(p?.hardware).toMatchObject({type: 'cuda', deviceName: 'NVIDIA A10G'})
    expect(p?.metricValues?.map((v) => [v.metric, v.value, v.unit, v.pointer])).toEqual([['latency', 2, 'ms', '/latency_ms'], ['memory_peak', 9, 'MB', '/memory/peak_mb']])
  })
})

describe('key names', () => {
  test.each([
    ['latency_s', 'latency', 's'], ['p99_latency_ms', 'latency_p99', 'ms'], ['throughput_tok_s', 'tokens_per_second', 'tokens/s'],
    ['mem_bytes', 'memory_peak', 'bytes'], ['ttft_p99_ms', 'ttft_p99', 'ms'], ['latencyMs', 'latency', 'ms'],
    ['items_per_second', 'throughput', 'items/s'], ['decode_tok_s', 'decode_tokens_per_second', 'tokens/s'],
    ['latency_min', 'latency_min', null], ['latency', 'latency', null], ['Latency (ms)', 'latency', 'ms'],
  ])('%s -> %s in %s', (key, metric, unit) => {
    expect(keyMeaning(key)).toMatchObject({metric, unit})
  })

  test.each(['batch_size', 'seed', 'iterations', 'num_tokens', 'timestamp', 'id', 'loss', 'epochs'])('%s is not a measurement', (key) => {
    expect(keyMeaning(key)).toBeNull()
  })
})
