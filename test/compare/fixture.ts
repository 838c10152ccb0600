import {day, type SynthResult, type SynthRun} from '../helpers/compare.js'

/**
 * Eleven nightly runs (10 on main, then the candidate on branch `feature`) plus one run without
 * performance results, with series whose truth is known:
 *   A bert-base-uncased/cpu   latency 10 % worse, low noise, raw samples; peak memory 512 -> 600 MB
 *   B bert-base-uncased/cuda  10 % faster (latency down, throughput up), low noise, raw samples
 *   C t5-small/cpu            10 % worse inside +-20 % run-to-run noise, no samples
 *   D google/vit-base/cpu     baseline only;  E openai/whisper-tiny/cpu  candidate only
 *   F bert-base-uncased/qnn   simulated, 30 % worse (excluded unless simulated results are included)
 */

export const A_LATENCY = [20.0, 20.1, 19.9, 20.05, 19.95, 20.02, 19.98, 20.08, 19.92, 20.0]
export const A_CANDIDATE = 22.0
export const B_LATENCY = [1.0, 1.004, 0.996, 1.002, 0.998, 1.001, 0.999, 1.003, 0.997, 1.0]
export const B_CANDIDATE = 0.9
export const C_LATENCY = [100, 118, 83, 109, 91, 120, 80, 104, 96, 113]
export const C_CANDIDATE = 110.5

/** Ten iterations around `level`, +-1 %, deterministic. */
const samples = (level: number) => Array.from({length: 10}, (_, i) => +(level * (1 + ((i * 7) % 10 - 4.5) * 0.002)).toFixed(5))

function results(latencyA: number, latencyB: number, latencyC: number, memoryA: number, withD: boolean, withE: boolean, simulatedF: number): SynthResult[] {
  const out: SynthResult[] = [
    {model: 'bert-base-uncased', family: 'bert', hardware: 'cpu', latencyMs: latencyA, throughput: 1000 / latencyA, memoryMb: memoryA, samples: samples(latencyA)},
    {model: 'bert-base-uncased', family: 'bert', hardware: 'cuda', precision: 'fp16', latencyMs: latencyB, throughput: 1000 / latencyB, memoryMb: 900, samples: samples(latencyB)},
    {model: 't5-small', family: 't5', hardware: 'cpu', latencyMs: latencyC, throughput: 1000 / latencyC, memoryMb: 300},
    {model: 'bert-base-uncased', family: 'bert', hardware: 'qnn', latencyMs: simulatedF, throughput: 1000 / simulatedF, memoryMb: 200, simulated: true},
  ]
  if (withD) out.push({model: 'google/vit-base-patch16-224', family: 'vit', hardware: 'cpu', latencyMs: 40, throughput: 25, memoryMb: 350})
  if (withE) out.push({model: 'openai/whisper-tiny', family: 'whisper', hardware: 'cpu', latencyMs: 60, throughput: 16.7, memoryMb: 150})
  return out
}

export const COMMIT = (n: number) => `abc${String(n).padStart(4, '0')}`

export function fixtureRuns(): SynthRun[] {
  const runs: SynthRun[] = A_LATENCY.map((_, i) => ({
    startedAt: day(i + 1), commit: COMMIT(i + 1), branch: 'main',
    results: results(A_LATENCY[i], B_LATENCY[i], C_LATENCY[i], 512, true, false, 50 + (i % 2)),
  }))
  runs.push({startedAt: day(11), commit: COMMIT(11), branch: 'feature',
    results: results(A_CANDIDATE, B_CANDIDATE, C_CANDIDATE, 600, false, true, 65)})
  // A later run with no performance results: `latest` and `window:N` must skip it.
  runs.push({startedAt: day(12), commit: COMMIT(12), branch: 'main', results: []})
  return runs
}

/** A model name that is markup: every page and format must show it as text. */
export const XSS_MODEL = '<img src=x onerror=alert(1)>'
export const XSS_LATENCY = [30, 30.1, 29.9, 30.05, 29.95, 30.02, 29.98, 30.08, 29.92, 30]
export const XSS_CANDIDATE = 36

/**
 * fixtureRuns() plus series X: XSS_MODEL on cpu, 20 % slower in the candidate with low noise (no
 * samples, so the robust z decides): a second known regression, under a hostile name.
 */
export function fixtureRunsWithHostileModel(): SynthRun[] {
  const runs = fixtureRuns()
  const add = (run: SynthRun, latencyMs: number) =>
    run.results.push({model: XSS_MODEL, family: 'xss', hardware: 'cpu', latencyMs, throughput: 1000 / latencyMs, memoryMb: 100})
  XSS_LATENCY.forEach((latency, i) => add(runs[i], latency))
  add(runs[10], XSS_CANDIDATE)
  return runs
}
