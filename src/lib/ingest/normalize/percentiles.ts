/**
 * Latency percentiles from raw samples, by LINEAR INTERPOLATION between closest ranks (the
 * method numpy.percentile uses by default, "type 7"): for p in [0,100] over n sorted samples,
 * h = (n-1)*p/100 and the result is s[floor(h)] + (h-floor(h)) * (s[floor(h)+1] - s[floor(h)]).
 * One method everywhere, so percentiles from different files are comparable; the predecessor
 * was Python, whose users would reproduce numbers with numpy.
 */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null
  if (p < 0 || p > 100) throw new RangeError(`percentile out of range: ${p}`)
  const s = [...samples].sort((a, b) => a - b)
  const h = ((s.length - 1) * p) / 100
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, s.length - 1)
  return s[lo] + (h - lo) * (s[hi] - s[lo])
}

export interface LatencyPercentiles {
  latencyP50Ms: number | null
  latencyP90Ms: number | null
  latencyP99Ms: number | null
}

export function latencyPercentiles(samplesMs: readonly number[]): LatencyPercentiles {
  return {
    latencyP50Ms: percentile(samplesMs, 50),
    latencyP90Ms: percentile(samplesMs, 90),
    latencyP99Ms: percentile(samplesMs, 99),
  }
}
