import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/**
 * Realistic result files in the simplest shape (a top-level list of star-schema rows, like
 * performance_results/bert_cpu_test.json), deterministic from a seed so tests and the benchmark
 * can regenerate them. Pretty-printed like the real files: 3-5 rows, 2-3 KB each.
 */
const MODELS = [
  ['bert-base-uncased', 'bert', 'text'], ['t5-small', 't5', 'text'], ['gpt2', 'gpt', 'text'],
  ['vit-base-patch16-224', 'vit', 'vision'], ['whisper-tiny', 'whisper', 'audio'], ['clip-vit-base-patch32', 'clip', 'multimodal'],
  ['llama-3-8b', 'llama', 'text'], ['roberta-base', 'roberta', 'text'], ['wav2vec2-base', 'wav2vec2', 'audio'],
] as const
const HARDWARE = [
  ['cpu', 'Intel Core i9-12900K'], ['cuda', 'NVIDIA RTX 4090'], ['cuda', 'NVIDIA A100-SXM4-80GB'], ['rocm', 'AMD MI250X'],
  ['mps', 'Apple M2 Max'], ['openvino', 'Intel Arc A770'], ['webgpu', 'Chrome 124 WebGPU'], ['qnn', 'Snapdragon 8 Gen 3'],
] as const
const CASES = ['embedding', 'generation', 'classification', 'transcription']
const PRECISIONS = ['fp32', 'fp16', 'int8']

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s / 0x100000000
  }
}

const round = (x: number, d: number) => Number(x.toFixed(d))

export interface StarRow {
  model_name: string
  hardware_type: string
  device_name: string
  batch_size: number
  throughput_items_per_second: number
  average_latency_ms: number
  memory_peak_mb: number
  [k: string]: unknown
}

/** `rowCount` result rows (default 3-5, drawn from the seed); ~530 bytes of pretty-printed JSON each. */
export function starRowsDocument(seed: number, rowCount?: number): StarRow[] {
  const r = rng(seed * 2654435761)
  const [model, family, modality] = MODELS[Math.floor(r() * MODELS.length)]
  const [type, device] = HARDWARE[Math.floor(r() * HARDWARE.length)]
  const drawn = 3 + Math.floor(r() * 3)
  const n = rowCount ?? drawn
  const rows: StarRow[] = []
  for (let i = 0; i < n; i++) {
    const batch = 2 ** ((i % 10) + Math.floor(r() * 2))
    const latency = round(2 + r() * 80, 2)
    rows.push({
      model_name: model,
      model_family: family,
      modality,
      hardware_type: type,
      device_name: device,
      batch_size: batch,
      precision: PRECISIONS[Math.floor(r() * PRECISIONS.length)],
      test_case: CASES[Math.floor(r() * CASES.length)],
      total_time_seconds: round(20 + r() * 300, 3),
      average_latency_ms: latency,
      throughput_items_per_second: round((1000 / latency) * batch, 3),
      memory_peak_mb: round(256 + r() * 8000, 1),
      iterations: 100,
      warmup_iterations: 10,
      metrics: {cpu_util_percent: round(r() * 100, 1), memory_util_percent: round(r() * 100, 1), run_seed: seed},
    })
  }
  return rows
}

export function starRowsText(seed: number, rows?: number): string {
  return JSON.stringify(starRowsDocument(seed, rows), null, 2) + '\n'
}

/** Pretty-printed bytes of one star row, for sizing files (measured on generated rows). */
export const STAR_ROW_BYTES = 530

/**
 * Writes files of the sizes `sizeOf` draws (bytes, from a uniform random number) into `dir` until
 * `totalBytes` are written, in sub-directories of 100; returns the file count and bytes written.
 */
export function writeSizedCorpus(dir: string, totalBytes: number, sizeOf: (u: number) => number, firstSeed = 1): {files: number; bytes: number} {
  const r = rng(firstSeed * 7919)
  let bytes = 0
  let i = 0
  for (; bytes < totalBytes; i++) {
    const sub = join(dir, `batch_${String(Math.floor(i / 100)).padStart(4, '0')}`)
    if (i % 100 === 0) mkdirSync(sub, {recursive: true})
    const text = starRowsText(firstSeed + i, Math.max(1, Math.round(sizeOf(r()) / STAR_ROW_BYTES)))
    writeFileSync(join(sub, `perf_${String(i).padStart(7, '0')}.json`), text)
    bytes += Buffer.byteLength(text)
  }
  return {files: i, bytes}
}

/** Writes `count` files into `dir` (spread over sub-directories of 100), returns their paths. */
export function writeCorpus(dir: string, count: number, firstSeed = 1): string[] {
  const paths: string[] = []
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `batch_${String(Math.floor(i / 100)).padStart(3, '0')}`)
    if (i % 100 === 0) mkdirSync(sub, {recursive: true})
    const p = join(sub, `perf_${String(i).padStart(6, '0')}.json`)
    writeFileSync(p, starRowsText(firstSeed + i))
    paths.push(p)
  }
  return paths
}
