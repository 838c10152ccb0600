import {detect, validate} from '../../../schema/formats/llama_bench.js'
import {firstJsonLine, parseJsonLines} from '../json-lines.js'
import {newDocument, rest} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {latencySamples, MetricList} from '../normalize/metric-values.js'
import {timeRange} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, ModelRef, PerformanceRow, ShapeAdapter} from '../types.js'

type Rec = Record<string, unknown>

/**
 * llama.cpp's llama-bench (`-o json` array, `-o jsonl` lines). One row per test record:
 * - series: the model file x backend/device x quantisation (precision) x n_batch (batch size) x
 *   the test (`pp512`, `tg128`, `pp512+tg128`, `@d<depth>`) with the settings that change the
 *   numbers (`ngl=`, `threads=`, and ubatch / flash attention / KV cache type / split mode /
 *   no KV offload / mmap when not llama-bench's default), so two settings never share a series;
 * - avg_ts (tokens/s) -> tokens_per_second with samples_ts, stddev_ts -> tokens_per_second_stddev;
 * - avg_ns (time of one repetition) -> average_latency_ms, samples_ns -> per-repetition samples (ms),
 *   stddev_ns -> latency_stddev (ms);
 * - build_commit -> git_commit, cpu_info -> machine, test_time -> run time.
 */
export const llamaBenchAdapter: ShapeAdapter = {
  name: 'llama_bench',
  category: 'performance',
  priority: 60,
  description: 'llama.cpp llama-bench -o json / -o jsonl: tokens/s and time per repetition per test (pp/tg), model, quantisation, backend',
  detect,
  validate,
  text: {
    // Several lines of JSON objects whose first record is a llama-bench one (a single line is one JSON document).
    sniff: (text) => {
      const r = firstJsonLine(text)
      return r !== null && typeof r.model_type === 'string' && 'n_prompt' in r && 'n_gen' in r && 'avg_ts' in r
    },
    parse: parseJsonLines,
  },
  map(doc, ctx) {
    const records = (Array.isArray(doc) ? doc : [doc]) as Rec[]
    const first = records[0] ?? {}
    const {startedAt, completedAt} = timeRange(records.map((r) => r.test_time))
    const cpu = str(first.cpu_info)?.trim() || null
    const out = newDocument({
      testName: 'llama-bench',
      testType: 'llama_bench',
      startedAt,
      completedAt,
      gitCommit: str(first.build_commit),
      machine: cpu,
      tags: first.build_number !== undefined && first.build_number !== null ? {build_number: String(first.build_number)} : null,
      metadata: {tool: 'llama-bench', source: ctx.path.endsWith('.jsonl') ? 'jsonl' : 'json'},
    })
    records.forEach((r, i) => out.performance.push(row(r, Array.isArray(doc) ? `/${i}` : '')))
    return out
  },
}

const USED = ['model_filename', 'model_type', 'model_size', 'model_n_params', 'n_batch', 'n_prompt', 'n_gen', 'n_depth', 'avg_ns', 'stddev_ns', 'avg_ts', 'stddev_ts', 'samples_ns', 'samples_ts', 'test_time', 'build_commit', 'cpu_info', 'gpu_info']

function row(r: Rec, at: string): PerformanceRow {
  const {family, quant} = splitModelType(r.model_type as string)
  const metrics = new MetricList()
  metrics.add('tokens_per_second', num(r.avg_ts), 'tokens/s', `${at}/avg_ts`, {samples: numbers(r.samples_ts)})
  metrics.add('tokens_per_second_stddev', num(r.stddev_ts), 'tokens/s', `${at}/stddev_ts`)
  const stddevNs = num(r.stddev_ns)
  metrics.add('latency_stddev', stddevNs === null ? null : stddevNs / 1e6, 'ms', `${at}/stddev_ns`)
  const avgNs = num(r.avg_ns)
  const samplesMs = numbers(r.samples_ns)?.map((ns) => ns / 1e6)
  return {
    model: model(r, family),
    hardware: hardware(r),
    testCase: testCase(r),
    batchSize: num(r.n_batch),
    precision: quant,
    averageLatencyMs: avgNs === null ? null : avgNs / 1e6,
    iterations: samplesMs?.length ?? null,
    samples: latencySamples(samplesMs),
    metricValues: metrics.values,
    metrics: rest(r, USED) as JsonObject,
    simulated: false,
    sourcePointer: at || '/',
  }
}

function numbers(v: unknown): number[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : null
}

/** `llama 7B mostly Q4_0` / `qwen2 1.5B Q4_K - Medium` -> family `llama`, quant `Q4_0`. */
export function splitModelType(modelType: string): {family: string | null; size: string | null; quant: string | null} {
  const m = /^(\S+)\s+(\S+)\s+(?:mostly\s+)?(.+)$/.exec(modelType.trim())
  if (!m) return {family: modelType.split(/\s+/)[0] || null, size: null, quant: null}
  return {family: m[1].toLowerCase(), size: m[2], quant: m[3].trim()}
}

/**
 * The model file's name without extension; llama.cpp's convert scripts name every output
 * `ggml-model-<quant>`, so that generic name keeps its folder (`7B/ggml-model-q4_0`).
 */
function model(r: Rec, family: string | null): ModelRef {
  const file = str(r.model_filename)
  const parts = (file ?? '').split(/[\\/]/).filter(Boolean)
  const base = (parts.pop() ?? '').replace(/\.(gguf|ggml|bin)$/i, '')
  const name = base === '' ? (r.model_type as string) : /^ggml-model/i.test(base) && parts.length ? `${parts.pop()}/${base}` : base
  const params = num(r.model_n_params)
  return {
    name,
    family,
    modality: 'text',
    source: 'llama.cpp',
    parametersMillion: params === null ? null : params / 1e6,
    metadata: {modelType: r.model_type, modelFilename: file, modelSizeBytes: num(r.model_size)},
  }
}

/** Backend names (newer `backends`, older booleans) -> the canonical hardware types. */
const BACKENDS: Array<[RegExp, string]> = [
  [/cuda/i, 'cuda'],
  [/hip|rocm/i, 'rocm'],
  [/metal/i, 'mps'],
  [/vulkan/i, 'vulkan'],
  [/sycl/i, 'sycl'],
  [/opencl|clblast/i, 'opencl'],
  [/kompute/i, 'kompute'],
  [/cann/i, 'cann'],
]

/** The GPU when layers were offloaded to one, else the CPU (with the file's device names). */
function hardware(r: Rec) {
  const gpu = str(r.gpu_info)?.trim() || null
  const cpu = str(r.cpu_info)?.trim() || null
  const flags = str(r.backends) ?? Object.keys(r).filter((k) => r[k] === true && BACKENDS.some(([re]) => re.test(k))).join(',')
  const gpuType = BACKENDS.find(([re]) => re.test(flags))?.[1] ?? null
  const offloaded = (num(r.n_gpu_layers) ?? 0) > 0
  if (gpuType && offloaded) return hardwareRef(gpuType, {deviceName: gpu})
  return hardwareRef('cpu', {deviceName: cpu})
}

/** Settings beside ngl/threads that change the numbers, with llama-bench's defaults (left out when default). */
const SETTINGS: Array<[key: string, label: string, fallback: unknown]> = [
  ['n_ubatch', 'ub', 512],
  ['type_k', 'ctk', 'f16'],
  ['type_v', 'ctv', 'f16'],
  ['flash_attn', 'fa', false],
  ['split_mode', 'sm', 'layer'],
  ['no_kv_offload', 'nkvo', false],
  ['use_mmap', 'mmap', true],
  ['embeddings', 'embd', false],
]

export function testCase(r: Rec): string {
  const p = num(r.n_prompt) ?? 0
  const g = num(r.n_gen) ?? 0
  const d = num(r.n_depth) ?? 0
  let test = p > 0 && g > 0 ? `pp${p}+tg${g}` : p > 0 ? `pp${p}` : `tg${g}`
  if (d > 0) test += ` @d${d}`
  const parts = [test, `ngl=${num(r.n_gpu_layers) ?? 0}`, `threads=${num(r.n_threads) ?? 'auto'}`]
  for (const [key, label, fallback] of SETTINGS) {
    const v = r[key]
    if (v === undefined || v === null || v === fallback) continue
    parts.push(`${label}=${typeof v === 'boolean' ? (v ? 1 : 0) : String(v)}`)
  }
  return parts.join(' ')
}
