import {generateSeries, prng} from '../../src/lib/compare/synthetic.js'
import type {SynthResult, SynthRun} from '../helpers/compare.js'

/**
 * 45 hourly runs with known truth (latency, ms; seeded 1 % noise):
 *   alpha, beta   +15 % from run 30 on (one change, two series: one alert)
 *   gamma         -20 % from run 38 on (an improvement, the newest alert)
 *   delta         +0.5 % per run (drift, no step)
 *   quiet         noise only
 */
export const HISTORY_RUNS = 45
const RUNS = HISTORY_RUNS
const at = (n: number) => new Date(Date.UTC(2025, 2, 1) + n * 3_600_000).toISOString()

export function historyRuns(model = (name: string) => name): SynthRun[] {
  const rand = prng(2024)
  const make = (spec: Parameters<typeof generateSeries>[0]) => generateSeries(spec, rand).values
  const values: Record<string, number[]> = {
    alpha: make({runs: RUNS, noise: 0.01, step: {at: 30, size: 0.15}}),
    beta: make({runs: RUNS, noise: 0.01, step: {at: 30, size: 0.15}}),
    gamma: make({runs: RUNS, noise: 0.01, step: {at: 38, size: -0.2}}),
    delta: make({runs: RUNS, noise: 0.01, drift: 0.005}),
    quiet: make({runs: RUNS, noise: 0.01}),
  }
  return Array.from({length: RUNS}, (_, i) => ({
    startedAt: at(i), branch: 'main', commit: `feed${String(i).padStart(4, '0')}`,
    results: Object.entries(values).map(([name, v]): SynthResult => ({model: model(name), family: 'synthetic', hardware: 'cpu', latencyMs: v[i], throughput: 1000 / v[i]})),
  }))
}

