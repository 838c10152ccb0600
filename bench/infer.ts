/**
 * The inferring fallback's cost per row, beside the known-layout path on the same rows measured in
 * the same run: N rows as star_rows (a real adapter detects and maps them) and the same numbers in a
 * layout no adapter knows (array of {model_id, backend, batch, latency_s, samples_per_sec}), both
 * through classifyDocument (detection + mapping, no database). Also a wide document keyed by model.
 * Prints ms per 10,000 rows and the ratio. `npx tsx bench/infer.ts [rows]`.
 */
import {classifyDocument} from '../src/lib/ingest/classify.js'

const N = Number(process.argv[2] ?? 50_000)
const ctx = {path: 'bench.json', mtime: new Date()}

const known = Array.from({length: N}, (_, i) => ({model_name: `model-${i % 50}`, hardware_type: 'cpu', batch_size: (i % 64) + 1, average_latency_ms: 10 + (i % 7), throughput_items_per_second: 100 + (i % 13)}))
const unknown = Array.from({length: N}, (_, i) => ({model_id: `bert-${i % 50}`, backend: 'CPUExecutionProvider', batch: (i % 64) + 1, latency_s: (10 + (i % 7)) / 1000, samples_per_sec: 100 + (i % 13)}))
const wide: Record<string, unknown> = {hardware: 'cpu'}
for (let i = 0; i < N; i++) wide[`bert-variant-${i}`] = {latency_ms: 10 + (i % 7), tok_s: 100 + (i % 13)}

function median(doc: unknown, expectShape: string): number {
  const times: number[] = []
  for (let k = 0; k < 5; k++) {
    const t = performance.now()
    const c = classifyDocument(doc, ctx)
    times.push(performance.now() - t)
    if (c.kind !== 'mapped' || c.adapter.name !== expectShape || c.doc.performance.length !== N) throw new Error(`unexpected classification ${c.kind}`)
  }
  return times.sort((a, b) => a - b)[2]
}

// Warm-up of both paths (JIT), then interleaved medians.
median(known, 'star_rows')
median(unknown, 'inferred')
const base = median(known, 'star_rows')
const rows = median(unknown, 'inferred')
const keyed = median(wide, 'inferred')
const per10k = (ms: number) => ((ms / N) * 10_000).toFixed(0)
console.log(`rows: ${N}`)
console.log(`known layout (star_rows)         ${per10k(base).padStart(6)} ms / 10k rows  (baseline)`)
console.log(`inferred, array of rows          ${per10k(rows).padStart(6)} ms / 10k rows  ${(rows / base).toFixed(1)}x baseline`)
console.log(`inferred, object keyed by model  ${per10k(keyed).padStart(6)} ms / 10k rows  ${(keyed / base).toFixed(1)}x baseline`)
