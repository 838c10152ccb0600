/**
 * Where each measurement of each known layout must land, written from the layouts' documentation
 * (docs/formats.md), independently of the adapters: for every number, the table and column it
 * belongs in, the JSON pointer it is read from, and the documented unit factor (seconds -> ms
 * x1000). The golden test reads the number at the pointer, multiplies, and compares it with the
 * value read back from that column of the matching row, so a swapped latency/throughput mapping
 * or a missed unit conversion fails.
 */
export type Table = 'performance_results' | 'web_platform_results' | 'performance_batch_results'

export interface Expectation {
  table: Table
  /** Which row: columns of the joined row (model_name, hardware_type, batch_size, test_case, platform, batch_index). */
  row: Record<string, string | number | null>
  column: string
  pointer: string
  factor: number
}

type Doc = any
type Oracle = (doc: Doc) => Expectation[]

const esc = (s: string | number) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')
const ptr = (...segs: Array<string | number>) => '/' + segs.map(esc).join('/')
const isNum = (v: unknown) => typeof v === 'number'

/** One expectation per measurement key present in `obj` (absent or null: nothing to check). */
function columns(table: Table, row: Expectation['row'], obj: Record<string, unknown>, base: Array<string | number>, map: Array<[string, string, number]>): Expectation[] {
  return map.filter(([key]) => isNum(obj[key])).map(([key, column, factor]) => ({table, row, column, pointer: ptr(...base, key), factor}))
}

const S_TO_MS = 1000

const ORACLES: Record<string, Oracle> = {
  // [{model_name, hardware_type, batch_size, test_case, average_latency_ms, throughput_items_per_second, memory_peak_mb, total_time_seconds}]
  star_rows: (doc) =>
    (doc as Array<Record<string, unknown>>).flatMap((r, i) =>
      columns('performance_results', {model_name: r.model_name as string, batch_size: (r.batch_size as number) ?? null, test_case: (r.test_case as string) ?? null}, r, [i], [
        ['throughput_items_per_second', 'throughput_items_per_second', 1],
        ['average_latency_ms', 'average_latency_ms', 1],
        ['memory_peak_mb', 'memory_peak_mb', 1],
        ['total_time_seconds', 'total_time_seconds', 1],
      ]),
    ),
  // {model_path, hardware_key, batch_sizes: {<B>: {throughput, latency_ms, memory_usage_mb}}}
  batch_size_map: (doc) =>
    Object.entries(doc.batch_sizes as Record<string, Record<string, unknown>>).flatMap(([b, r]) =>
      columns('performance_results', {model_name: doc.model_path, batch_size: Number(b)}, r, ['batch_sizes', b], [
        ['throughput', 'throughput_items_per_second', 1],
        ['latency_ms', 'average_latency_ms', 1],
        ['memory_usage_mb', 'memory_peak_mb', 1],
      ]),
    ),
  // results.<model>.benchmark_data.batch_results.<B> = {avg_latency_ms, throughput_items_per_second, memory_mb, latencies_ms[]}
  direct_batch_benchmarks: (doc) =>
    Object.entries(doc.results as Record<string, any>).flatMap(([model, m]) =>
      Object.entries(m.benchmark_data.batch_results as Record<string, any>).flatMap(([b, r]) => {
        const base = ['results', model, 'benchmark_data', 'batch_results', b]
        const row = {model_name: model, batch_size: Number(b)}
        return [
          ...columns('performance_results', row, r, base, [
            ['avg_latency_ms', 'average_latency_ms', 1],
            ['throughput_items_per_second', 'throughput_items_per_second', 1],
            ['memory_mb', 'memory_peak_mb', 1],
          ]),
          ...((r.latencies_ms ?? []) as unknown[]).map((_, j) => ({table: 'performance_batch_results' as const, row: {...row, batch_index: j}, column: 'latency_ms', pointer: ptr(...base, 'latencies_ms', j), factor: 1})),
        ]
      }),
    ),
  // benchmarks.<family>.<model>.<hw>.benchmark_results.<config> = {avg_latency (s), throughput, total_time (s), memory_mb, latencies (s)[]}
  nested_benchmark_suite: (doc) =>
    Object.entries(doc.benchmarks as Record<string, any>).flatMap(([family, models]) =>
      Object.entries(models as Record<string, any>).flatMap(([model, perHw]) =>
        Object.entries(perHw as Record<string, any>).flatMap(([hw, res]) =>
          Object.entries(res.benchmark_results as Record<string, any>).flatMap(([config, r]) => {
            const base = ['benchmarks', family, model, hw, 'benchmark_results', config]
            const row = {model_name: res.model_name ?? model, hardware_type: res.hardware ?? hw, test_case: config}
            return [
              ...columns('performance_results', row, r, base, [
                ['avg_latency', 'average_latency_ms', S_TO_MS],
                ['throughput', 'throughput_items_per_second', 1],
                ['total_time', 'total_time_seconds', 1],
                ['memory_mb', 'memory_peak_mb', 1],
              ]),
              ...((r.latencies ?? []) as unknown[]).map((_, j) => ({table: 'performance_batch_results' as const, row: {...row, batch_index: j}, column: 'latency_ms', pointer: ptr(...base, 'latencies', j), factor: S_TO_MS})),
            ]
          }),
        ),
      ),
    ),
  // model_families.<family> = {models_tested[i], hardware_results.<hw> = {latency_ms[i], throughput[i]}}
  family_benchmark_summary: (doc) =>
    Object.entries(doc.model_families as Record<string, any>).flatMap(([family, f]) =>
      Object.entries((f.hardware_results ?? {}) as Record<string, any>).flatMap(([hw, r]) =>
        (f.models_tested as string[]).flatMap((model, i) =>
          [
            ['latency_ms', 'average_latency_ms'],
            ['throughput', 'throughput_items_per_second'],
          ]
            .filter(([key]) => isNum(r[key]?.[i]))
            .map(([key, column]) => ({table: 'performance_results' as const, row: {model_name: model, hardware_type: hw}, column, pointer: ptr('model_families', family, 'hardware_results', hw, key, i), factor: 1})),
        ),
      ),
    ),
  // models[i] = {model, response_time (s), tokens_per_second (tokens/s: result_metrics, not this table)}
  api_model_latency: (doc) =>
    (doc.models as Array<Record<string, unknown>>).flatMap((m, i) => columns('performance_results', {model_name: m.model as string}, m, ['models', i], [['response_time', 'average_latency_ms', S_TO_MS]])),
  // metadata.model; performance.<method>_<device> = {avg_time (s)}
  transformers_method_benchmark: (doc) =>
    Object.entries(doc.performance as Record<string, Record<string, unknown>>).flatMap(([key, p]) =>
      columns('performance_results', {model_name: doc.metadata.model, test_case: key.replace(/_[^_]+$/, ''), hardware_type: key.split('_').pop()!}, p, ['performance', key], [['avg_time', 'average_latency_ms', S_TO_MS]]),
    ),
  // status.<platform>_benchmark = {average_inference_time (s), <platform>_memory_used_mb}
  skill_test_result: (doc) =>
    Object.entries((doc.status ?? {}) as Record<string, any>)
      .filter(([k, v]) => k.endsWith('_benchmark') && v && typeof v === 'object')
      .flatMap(([k, v]) => {
        const hw = k.replace(/_benchmark$/, '')
        const memKey = Object.keys(v).find((x) => /memory.*_mb$/.test(x))
        return columns('performance_results', {hardware_type: hw}, v, ['status', k], [
          ['average_inference_time', 'average_latency_ms', S_TO_MS],
          ...(memKey ? [[memKey, 'memory_peak_mb', 1] as [string, string, number]] : []),
        ])
      }),
  // {model_name, platform (stored lower-case), metrics: {inference_time_ms, load_time_ms, memory_mb}}
  web_platform_result: (doc) => webMetrics(doc, []),
  web_platform_batch: (doc) => (doc.results as Doc[]).flatMap((r, i) => webMetrics(r, ['results', i])),
  // results_by_modality.<modality>[i] = {model, <platform>: {time_ms, memory_mb}}
  web_platform_comparison: (doc) =>
    Object.entries(doc.results_by_modality as Record<string, Doc[]>).flatMap(([modality, rows]) =>
      rows.flatMap((r, i) =>
        Object.entries(r)
          .filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v))
          .flatMap(([platform, v]) =>
            columns('web_platform_results', {model_name: r.model, platform}, v as Record<string, unknown>, ['results_by_modality', modality, i, platform], [
              ['time_ms', 'inference_time_ms', 1],
              ['memory_mb', 'memory_usage_mb', 1],
            ]),
          ),
      ),
    ),
}

function webMetrics(r: Doc, base: Array<string | number>): Expectation[] {
  if (!r.metrics || typeof r.metrics !== 'object') return []
  return columns('web_platform_results', {model_name: r.model_name ?? r.model_key, platform: String(r.platform).toLowerCase()}, r.metrics, [...base, 'metrics'], [
    ['inference_time_ms', 'inference_time_ms', 1],
    ['load_time_ms', 'load_time_ms', 1],
    ['initialization_time_ms', 'initialization_time_ms', 1],
    ['total_time_ms', 'total_time_ms', 1],
    ['shader_compilation_time_ms', 'shader_compilation_time_ms', 1],
    ['memory_mb', 'memory_usage_mb', 1],
    ['memory_usage_mb', 'memory_usage_mb', 1],
  ])
}

/** The expectations of a document of shape `shape`; [] for layouts that carry no column measurements. */
export function expectationsFor(shape: string, doc: Doc): Expectation[] {
  return ORACLES[shape]?.(doc) ?? []
}

export const SHAPES_WITH_COLUMN_MEASUREMENTS = Object.keys(ORACLES)

/** The value at a JSON pointer. */
export function at(doc: Doc, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((v, s) => (v == null ? undefined : v[s]), doc)
}
