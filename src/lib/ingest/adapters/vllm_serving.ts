import {detect, validate} from '../../../schema/formats/vllm_serving.js'
import {fileStem, newDocument, rest} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {MetricList} from '../normalize/metric-values.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

type Rec = Record<string, unknown>

/** `<stat>_<metric>_ms`: vLLM's per-request latency statistics (p-values only with --metric-percentiles). */
const STAT_KEY = /^(mean|median|std|p(\d+(?:\.\d+)?))_([a-z0-9]+)_ms$/

/**
 * vLLM serving benchmark: one row per file (one load level against one model).
 * - request_throughput -> requests_per_second, output_throughput -> output_tokens_per_second,
 *   total_token_throughput -> tokens_per_second, input_throughput (old) -> input_tokens_per_second,
 *   request_goodput (also the `request_goodput:` typo of 0.6) -> goodput;
 * - TTFT/TPOT/ITL as ttft, ttft_median, ttft_stddev, ttft_p99 ... (ms); E2EL, the request's own
 *   latency, fills the latency columns (mean -> average_latency_ms, median/p90/p99 -> p50/p90/p99)
 *   and e2el_stddev / other percentiles go to result_metrics; `ttfts` (s) are kept as TTFT samples;
 * - duration -> total_time_seconds, completed -> iterations;
 * - series: the model x the server (hardware type `server`, device from a `hardware` key when
 *   present) x test case `rate=<request_rate> [concurrency=<n>] [burstiness=<b>]`.
 */
export const vllmServingAdapter: ShapeAdapter = {
  name: 'vllm_serving',
  category: 'performance',
  priority: 60,
  description: 'vLLM benchmark_serving --save-result: request/token throughput, TTFT/TPOT/ITL/E2EL statistics (ms), request rate, concurrency',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Rec
    const startedAt = toIsoUtc(typeof d.date === 'string' ? d.date.replace(/^(\d{8})-(\d{6})$/, '$1_$2') : null)
    const backend = str(d.backend)
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'vllm_serving',
      startedAt,
      success: num(d.completed) === null ? null : (num(d.completed) ?? 0) > 0,
      tags: backend ? {backend} : null,
      metadata: {tool: 'vllm benchmark_serving', backend, modelId: d.model_id ?? null, tokenizerId: d.tokenizer_id ?? null, numPrompts: d.num_prompts ?? null},
    })
    const m = new MetricList()
    m.add('requests_per_second', num(d.request_throughput), 'requests/s', '/request_throughput')
    m.add('output_tokens_per_second', num(d.output_throughput), 'tokens/s', '/output_throughput')
    m.add('tokens_per_second', num(d.total_token_throughput), 'tokens/s', '/total_token_throughput')
    m.add('input_tokens_per_second', num(d.input_throughput), 'tokens/s', '/input_throughput', {higherIsBetter: true})
    const goodputKey = 'request_goodput' in d ? 'request_goodput' : 'request_goodput:'
    m.add('goodput', num(d[goodputKey]), 'requests/s', `/${goodputKey.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    m.add('output_tokens_per_second_max', num(d.max_output_tokens_per_s), 'tokens/s', '/max_output_tokens_per_s')
    const columns: {averageLatencyMs?: number; latencyP50Ms?: number; latencyP90Ms?: number; latencyP99Ms?: number} = {}
    const used = new Set<string>(['request_throughput', 'output_throughput', 'total_token_throughput', 'input_throughput', goodputKey, 'max_output_tokens_per_s', 'duration', 'completed', 'date', 'ttfts', 'itls', 'generated_texts', 'input_lens', 'output_lens', 'errors'])
    for (const [key, value] of Object.entries(d)) {
      const k = STAT_KEY.exec(key)
      if (!k || typeof value !== 'number') continue
      used.add(key)
      const [, stat, pct, metric] = k
      const statName = stat === 'mean' ? '' : stat === 'median' ? 'median' : stat === 'std' ? 'stddev' : percentileName(pct)
      if (metric === 'e2el') {
        const column = stat === 'mean' ? 'averageLatencyMs' : stat === 'median' ? 'latencyP50Ms' : stat === 'p90' ? 'latencyP90Ms' : stat === 'p99' ? 'latencyP99Ms' : null
        if (column) {
          columns[column] = value
          continue
        }
        m.add(`latency_${statName}`, value, 'ms', `/${key}`, {higherIsBetter: stat === 'std' ? null : false})
        continue
      }
      const name = statName ? `${metric}_${statName}` : metric
      m.add(name, value, 'ms', `/${key}`, {higherIsBetter: stat === 'std' ? null : false})
    }
    const ttfts = Array.isArray(d.ttfts) ? (d.ttfts as unknown[]).filter((v): v is number => typeof v === 'number').map((s) => s * 1000) : []
    if (ttfts.length) {
      const mean = m.values.find((v) => v.metric === 'ttft')
      if (mean) mean.samples = ttfts
    }
    out.performance.push({
      model: model(d),
      hardware: hardwareRef('server', {deviceName: str(d.hardware)}),
      testCase: testCase(d),
      precision: null,
      batchSize: null,
      totalTimeSeconds: num(d.duration),
      iterations: num(d.completed),
      ...columns,
      metricValues: m.values,
      metrics: rest(d, [...used]) as JsonObject,
      simulated: false,
      sourcePointer: '/',
    })
    return out
  },
}

/** `99` -> `p99`, `99.9` -> `p999`, `50` -> `p50`. */
function percentileName(p: string): string {
  return `p${p.replace('.', '')}`
}

/** model_id as a Hub id; a local path keeps its last two folders (`Qwen/Qwen2.5-72B`), as the Hub would name it. */
function model(d: Rec) {
  const id = str(d.model_id) ?? str(d.model_name) ?? str(d.model) ?? 'unknown-model'
  const name = id.startsWith('/') || /^[A-Za-z]:\\/.test(id) ? id.split(/[\\/]/).filter(Boolean).slice(-2).join('/') : id
  return {name, modality: 'text', source: 'vllm', metadata: {modelId: id, modelName: d.model_name ?? null}}
}

function testCase(d: Rec): string {
  const rate = d.request_rate === undefined || d.request_rate === null ? 'inf' : String(d.request_rate)
  const parts = [`rate=${rate === 'Infinity' ? 'inf' : rate}`]
  if (typeof d.max_concurrency === 'number') parts.push(`concurrency=${d.max_concurrency}`)
  if (typeof d.burstiness === 'number' && d.burstiness !== 1) parts.push(`burstiness=${d.burstiness}`)
  return parts.join(' ')
}
