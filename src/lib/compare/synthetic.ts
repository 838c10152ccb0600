/**
 * Synthetic benchmark series whose truth is known, for the tests and bench/compare.ts: a seeded
 * PRNG and a latency series generator with the noise real benchmarks show: run-to-run shifts
 * (normal or heavy-tailed), occasional slow runs, two machines under one name, slow drift, a step
 * change, and iterations inside a run. Deterministic for a given seed.
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

export interface SeriesModel {
  /** Runs in the series. */
  runs: number
  /** Run-to-run noise: standard deviation of a run's log level (0.01 = about 1 %). */
  noise: number
  /** `t3`: Student's t with 3 df, scaled to the same interquartile range as the normal (heavy tails). */
  tails?: 'normal' | 't3'
  /** Share of runs that are slow outliers, and how much slower (0.25 = +25 %). */
  outlierRuns?: {rate: number; size: number}
  /** A second machine `gap` slower, on alternate runs, on a random 30 % of runs, or on the runs `of` marks 1 (shared by many series). */
  machines?: {gap: number; pattern: 'alternate' | 'mix'; of?: readonly number[]}
  /** From run index `at` on, the level is `size` higher (0.1 = 10 % slower). */
  step?: {at: number; size: number}
  /** Relative change per run (0.005 = +0.5 %/run). */
  drift?: number
  /** Iterations per run (the run's value is their median) and their log-normal jitter. */
  iterations?: number
  iterationCv?: number
}

export interface SyntheticSeries {
  values: number[]
  samples: number[][]
  /** Which machine ran each run (0 or 1). */
  machine: number[]
}

/** A latency-like series (higher is worse) at base level `level`. */
export function generateSeries(model: SeriesModel, rand: () => number, level = 100): SyntheticSeries {
  const normal = gaussian(rand)
  // t3 has IQR 1.533 x the normal's; dividing keeps the body of the noise comparable.
  const t3 = () => normal() / Math.sqrt((normal() ** 2 + normal() ** 2 + normal() ** 2) / 3) / 1.533 * 1.349
  const out: SyntheticSeries = {values: [], samples: [], machine: []}
  for (let i = 0; i < model.runs; i++) {
    let log = Math.log(level) + model.noise * (model.tails === 't3' ? t3() : normal())
    const mm = model.machines
    const m = !mm ? 0 : mm.of ? mm.of[i] : mm.pattern === 'alternate' ? i % 2 : rand() < 0.3 ? 1 : 0
    if (m === 1) log += Math.log1p(model.machines!.gap)
    if (model.outlierRuns && rand() < model.outlierRuns.rate) log += Math.log1p(model.outlierRuns.size)
    if (model.step && i >= model.step.at) log += Math.log1p(model.step.size)
    if (model.drift) log += i * Math.log1p(model.drift)
    let value = Math.exp(log)
    let samples: number[] = []
    if (model.iterations) {
      samples = Array.from({length: model.iterations}, () => value * Math.exp((model.iterationCv ?? 0.02) * normal()))
      const sorted = [...samples].sort((a, b) => a - b)
      const mid = sorted.length >> 1
      value = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
    out.values.push(value)
    out.samples.push(samples)
    out.machine.push(m)
  }
  return out
}
