import type {SeriesEvidence} from './verdict.js'

/**
 * Synthetic benchmark series whose truth is known, for the tests and the false-alarm benchmark
 * (bench/compare.ts): a seeded PRNG, and a noise model with the two layers real benchmarks have:
 * run-to-run shifts (machine state, thermal, neighbours) and per-iteration jitter with occasional
 * slow outliers (GC, interrupts). Deterministic for a given seed.
 */

export {prng} from '../util/prng.js'

/** Standard normal deviates from a uniform source (Box-Muller). */
export function gaussian(rand: () => number): () => number {
  return () => {
    let u = 0
    while (u === 0) u = rand()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand())
  }
}

export interface NoiseModel {
  /** Relative standard deviation of a whole run's level (0.01 = 1 %). */
  runCv: number
  /** Relative (log-normal) jitter of one iteration. */
  iterationCv: number
  /** Share of iterations that are slow outliers, and how much slower they are (0.3 = +30 %). */
  outlierRate: number
  outlierSlowdown: number
  /** Iterations per run; 0 means the run has no raw samples. */
  iterations: number
}

export const REALISTIC_NOISE: NoiseModel = {runCv: 0.01, iterationCv: 0.05, outlierRate: 0.01, outlierSlowdown: 0.3, iterations: 30}

export interface SyntheticRun {
  /** The run's value (mean latency of its iterations, or the noisy level when it has none). */
  value: number
  /** Per-iteration latencies (empty when the model has no iterations). */
  samples: number[]
}

/** One run of a latency series with true level `level` (ms). */
export function syntheticRun(level: number, noise: NoiseModel, rand: () => number, normal = gaussian(rand)): SyntheticRun {
  const runLevel = level * (1 + noise.runCv * normal())
  if (noise.iterations === 0) return {value: runLevel, samples: []}
  const samples = Array.from({length: noise.iterations}, () =>
    runLevel * Math.exp(noise.iterationCv * normal()) * (rand() < noise.outlierRate ? 1 + noise.outlierSlowdown : 1))
  return {value: samples.reduce((s, v) => s + v, 0) / samples.length, samples}
}

export interface ScenarioOptions {
  noise: NoiseModel
  /** Baseline runs (the history). */
  baselineRuns: number
  /** True relative change of the candidate's latency (0.1 = 10 % slower). */
  trueChange: number
  /** Base latency level, ms. */
  level?: number
}

/**
 * Evidence for one latency series: `baselineRuns` runs at the base level and one candidate run at
 * level * (1 + trueChange), exactly as compareRuns hands it to `decide`.
 */
export function latencyScenario(options: ScenarioOptions, rand: () => number): SeriesEvidence {
  const normal = gaussian(rand)
  const level = options.level ?? 100
  const base = Array.from({length: options.baselineRuns}, () => syntheticRun(level, options.noise, rand, normal))
  const cand = syntheticRun(level * (1 + options.trueChange), options.noise, rand, normal)
  return {
    better: 'lower',
    baselineRuns: base.map((r) => r.value),
    candidateRuns: [cand.value],
    baselineSamples: base.flatMap((r) => r.samples),
    candidateSamples: cand.samples,
    baselineRunSamples: base.map((r) => r.samples),
  }
}
