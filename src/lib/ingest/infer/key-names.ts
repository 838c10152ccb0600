import {METRICS, resolveMetric, type MetricEntry, type ResolvedMetric} from '../../metrics/catalogue.js'

/**
 * What a key's name says about the number under it: which metric (through the catalogue) and in
 * which unit. `throughput_tok_s` is tokens/s, `latency_s` a latency in seconds, `mem_bytes` a
 * memory size in bytes, `p99_latency_ms` the latency's p99 in ms. A name that means nothing
 * measurable (`batch_size`, `seed`, `id`) gives null; a time or size without a unit in its name
 * (`latency`, `memory`) gives its metric with unit null, and the caller looks for a sibling
 * `unit` key or leaves the number out: a unit is never assumed.
 */
export interface KeyMeaning {
  /** Canonical metric name (catalogue name, with statistic suffix), or a custom `<qualifier>_<metric>`. */
  metric: string
  entry: MetricEntry
  /** Whether the name is the catalogue's (else a qualified custom metric with the entry's unit and direction). */
  catalogued: boolean
  direction: 'higher' | 'lower' | null
  /** The unit the name states, or null. */
  unit: string | null
}

/** Unit words at the end of a name. `s` alone is seconds unless a rate noun precedes it. */
const UNIT_TOKENS: Record<string, string> = {
  ns: 'ns', nsec: 'ns', nanoseconds: 'ns', us: 'us', usec: 'us', µs: 'us', μs: 'us', microseconds: 'us',
  ms: 'ms', msec: 'ms', millis: 'ms', milliseconds: 'ms', s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  // `_min` is the minimum (`latency_min`), never minutes: only spelled-out minutes are a unit.
  mins: 'min', minutes: 'min',
  b: 'bytes', byte: 'bytes', bytes: 'bytes', kb: 'kb', mb: 'mb', gb: 'gb', tb: 'tb', kib: 'kib', mib: 'mib', gib: 'gib',
  j: 'j', joules: 'j', kj: 'kj', wh: 'wh', kwh: 'kwh', w: 'W', watts: 'W',
  pct: '%', percent: '%',
}

/** Rate nouns (`tok` in `tok_s`, `tokens_per_sec`) and the catalogue metric of their rate. */
const RATE_NOUNS: Record<string, string> = {
  tok: 'tokens_per_second', tokens: 'tokens_per_second', token: 'tokens_per_second',
  it: 'throughput', items: 'throughput', item: 'throughput',
  req: 'requests_per_second', reqs: 'requests_per_second', requests: 'requests_per_second', request: 'requests_per_second',
  samples: 'samples_per_second', sample: 'samples_per_second',
  ops: 'ops_per_second', op: 'ops_per_second',
}
const PER_SECOND = new Set(['s', 'sec', 'second', 'seconds'])
const RATE_WORDS: Record<string, string> = {tps: 'tokens_per_second', qps: 'requests_per_second', rps: 'requests_per_second'}

/** Names files use that the catalogue does not list (inference only; kept out of `--metric`). */
const INFER_ALIASES: Record<string, string> = {
  avg_latency: 'latency', average_latency: 'latency', mean_latency: 'latency', latency_avg: 'latency', latency_mean: 'latency',
  inference_latency: 'latency', avg_time: 'latency', mean_time: 'latency', time_per_iteration: 'latency', per_iteration: 'latency',
  elapsed: 'total_time', elapsed_time: 'total_time', wall_time: 'total_time', runtime: 'total_time', total_duration: 'total_time',
  mem: 'memory_peak', memory_usage: 'memory_peak', mem_usage: 'memory_peak', peak_mem: 'memory_peak', peak_memory_usage: 'memory_peak',
  max_rss: 'memory_peak', peak_rss: 'memory_peak', rss: 'memory_peak', gpu_memory: 'memory_peak', vram: 'memory_peak', memory_used: 'memory_peak',
  throughput: 'throughput', latencies: 'latency',
}

/** Leading words that only describe (`avg_latency`): dropped. Statistic words become suffixes. */
const NOISE = new Set(['avg', 'average', 'mean', 'overall'])
const STAT_WORDS: Record<string, string> = {median: 'median', min: 'min', max: 'max', p50: 'p50', p90: 'p90', p95: 'p95', p99: 'p99', p999: 'p999', std: 'stddev', stddev: 'stddev', stdev: 'stddev'}

/**
 * Memo of a pure function of a key: documents repeat a handful of key names on every row, and a
 * 100,000-row document must not re-tokenise them 100,000 times. Bounded: cleared when full.
 */
function memo<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>()
  return (key) => {
    let v = cache.get(key)
    if (v === undefined && !cache.has(key)) {
      if (cache.size >= 10_000) cache.clear()
      cache.set(key, (v = fn(key)))
    }
    return v as T
  }
}

/** `throughputTokS`, `Latency (ms)` -> ['throughput', 'tok', 's'], ['latency', 'ms']. */
export const tokens = memo(tokenize)

/** A key in snake_case (`modelName` -> `model_name`). */
export const snakeKey = memo((key: string) => tokens(key).join('_'))

function tokenize(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9µμ%]+/)
    .filter(Boolean)
    .map((t) => (t === '%' ? 'pct' : t))
}

function lookup(name: string): ResolvedMetric | null {
  return resolveMetric(name) ?? (INFER_ALIASES[name] ? resolveMetric(INFER_ALIASES[name]) : null)
}

function meaning(r: ResolvedMetric, unit: string | null, qualifier: string[]): KeyMeaning {
  const custom = qualifier.length > 0
  return {metric: custom ? `${qualifier.join('_')}_${r.name}` : r.name, entry: r.entry, catalogued: !custom, direction: r.direction, unit}
}

/** A metric named by the tokens, trying statistic words anywhere and qualifiers in front. */
function resolveTokens(words: string[]): {r: ResolvedMetric; qualifier: string[]} | null {
  const stats = words.filter((w) => STAT_WORDS[w])
  const rest = words.filter((w) => !STAT_WORDS[w] && !NOISE.has(w))
  if (rest.length === 0) return null
  const withStat = (base: string) => (stats.length === 1 ? `${base}_${STAT_WORDS[stats[0]]}` : base)
  if (stats.length > 1) return null
  // Longest tail first: `prefill_latency` -> qualifier prefill + latency.
  for (let i = 0; i < rest.length; i++) {
    const base = rest.slice(i).join('_')
    const r = lookup(withStat(base)) ?? (stats.length ? null : lookup(base))
    if (r) return {r, qualifier: rest.slice(0, i)}
  }
  return null
}

/** What a key's name means (memoised: see memo). Callers must not mutate the result. */
export const keyMeaning = memo(readKeyMeaning)

/**
 * Every word a measurement name can be built on (catalogue names and aliases, inference aliases,
 * rate nouns): a key with none of them (`bert-variant-17`, `seed`) is not one, decided without
 * trying the catalogue on each of its tails.
 */
const HEAD_WORDS = new Set(
  [...METRICS.flatMap((m) => [m.name, ...(m.aliases ?? [])]), ...Object.keys(INFER_ALIASES), ...Object.keys(RATE_NOUNS), ...Object.keys(RATE_WORDS)]
    .flatMap((name) => name.toLowerCase().split(/[^a-z0-9]+/)).filter(Boolean),
)

function readKeyMeaning(key: string): KeyMeaning | null {
  const t = tokens(key)
  if (t.length === 0 || !t.some((w) => HEAD_WORDS.has(w))) return null
  // Whole name in the catalogue (tokens_per_second, latency_ms, memory_peak_mb ...).
  const whole = lookup(t.join('_'))
  if (whole) {
    // A rate's name states its unit (`items_per_second`: the `second` is not a time unit here).
    // A bare `throughput` states no unit: a sibling `unit` may still say tokens/s.
    if (whole.entry.kind === 'throughput') return meaning(whole, t.length > 1 ? whole.entry.unit : null, [])
    // `latency_ms` names its unit; in `latency_p99` or `total_time_max` the last word is a statistic.
    const unit = whole.statistic === null ? UNIT_TOKENS[t[t.length - 1]] ?? null : null
    return meaning(whole, unit && t.length > 1 ? unit : null, [])
  }
  const last = t[t.length - 1]
  // A rate: <noun>_s, <noun>_per_s(ec), or tps/qps.
  if (RATE_WORDS[last] && t.length <= 2) {
    const r = resolveMetric(RATE_WORDS[last])!
    // `prefill_tps`: a qualified rate, kept apart from the plain one.
    return meaning(r, r.entry.unit, t.length === 2 && t[0] !== 'throughput' ? [t[0]] : [])
  }
  if (PER_SECOND.has(last) && t.length >= 2) {
    const per = t[t.length - 2] === 'per' ? 3 : 2
    const noun = t[t.length - per]
    if (noun && RATE_NOUNS[noun]) {
      const words = t.slice(0, t.length - per).filter((w) => w !== 'throughput')
      const output = words[words.length - 1] === 'output'
      const r = resolveMetric(output && noun.startsWith('tok') ? 'output_tokens_per_second' : RATE_NOUNS[noun])!
      const found = resolveTokens([...(output ? words.slice(0, -1) : words), r.name])
      return found ? meaning(found.r, r.entry.unit, found.qualifier) : meaning(r, r.entry.unit, words)
    }
  }
  // A plain unit at the end: latency_s, mem_bytes, ttft_p99_ms.
  const unit = UNIT_TOKENS[last]
  const words = unit && t.length > 1 ? t.slice(0, -1) : t
  const found = resolveTokens(words)
  if (!found) return null
  return meaning(found.r, unit && t.length > 1 ? unit : null, found.qualifier)
}

/** Units a sibling `unit` key may give (`"unit": "ms"`, `"units": "seconds"`). */
export function unitWord(text: string): string | null {
  const t = text.trim()
  if (t.includes('/')) return t
  return UNIT_TOKENS[t.toLowerCase()] ?? null
}

/** The catalogue rate metric a rate unit names (`tok/s` -> tokens_per_second), or null. */
export function rateMetricOfUnit(unit: string): string | null {
  const [num, den] = unit.toLowerCase().split('/')
  if (!num || !den || !PER_SECOND.has(den.trim())) return null
  return RATE_NOUNS[num.trim()] ?? null
}
