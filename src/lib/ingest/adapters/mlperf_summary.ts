import {mapMlperf, mlperfRunSchema, percentileStat, type MlperfRun} from '../normalize/mlperf.js'
import {parseNumber} from '../normalize/metric-values.js'
import {TEXT_ONLY, textLines} from '../text-input.js'
import type {ShapeAdapter, TextParse} from '../types.js'

/**
 * MLPerf LoadGen's `mlperf_log_summary.txt`: `key : value` lines under the "MLPerf Results
 * Summary", "Additional Stats" and "Test Parameters Used" banners. Carries no date (the detail
 * log does). Mapping in normalize/mlperf.ts.
 */
export const mlperfSummaryAdapter: ShapeAdapter = {
  name: 'mlperf_summary',
  category: 'performance',
  priority: 60,
  description: 'MLPerf LoadGen mlperf_log_summary.txt: scenario, mode, samples/s or tokens/s, latency percentiles (ns -> ms), result validity',
  detect: TEXT_ONLY,
  validate: mlperfRunSchema,
  text: {
    sniff: (text) => /^=+\r?\nMLPerf Results Summary\r?\n=+/m.test(text.slice(0, 4096)) && /^SUT name\s*:/m.test(text) && /^Scenario\s*:/m.test(text),
    parse: parseSummary,
  },
  map: (doc, ctx) => mapMlperf(doc as MlperfRun, ctx.path),
}

/** Rate lines of the first section -> catalogue or custom metric names. */
const RATES: Record<string, string> = {
  'samples per second': 'samples_per_second',
  'tokens per second': 'tokens_per_second',
  'completed samples per second': 'samples_per_second',
  'completed tokens per second': 'tokens_per_second',
  'scheduled samples per second': 'scheduled_samples_per_second',
  'qps w/ loadgen overhead': 'queries_per_second',
  'qps w/o loadgen overhead': 'queries_per_second_without_overhead',
}

const CHECK = /^(min duration satisfied|min queries satisfied|early stopping satisfied|performance constraints satisfied|latency constraints satisfied|ttft constraints satisfied|tpot constraints satisfied)$/

function parseSummary(text: string): TextParse {
  const lines = textLines(text)
  const run: MlperfRun = {log: 'summary', sut: null, scenario: '', mode: null, validity: null, datetime: null, version: null, rates: [], latencies: [], checks: {}, settings: {}}
  let section = ''
  const seen = new Set<string>()
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    const no = i + 1
    if (/^=+$/.test(line) || line === '') continue
    if (/^(MLPerf Results Summary|Additional Stats|Test Parameters Used)$/.test(line)) {
      section = line
      seen.add(line)
      continue
    }
    const kv = /^([^:]+?)\s*:\s*(.*)$/.exec(line)
    // Prose (warnings, recommendations, "No errors encountered during test.") is not data.
    if (!kv || !section) continue
    const key = kv[1].trim()
    const value = kv[2].trim()
    const lower = key.toLowerCase()
    const where = `line ${no}`
    if (section === 'Test Parameters Used') {
      const n = parseNumber(value)
      run.settings[key] = n ?? value
      continue
    }
    if (lower === 'sut name') run.sut = value || null
    else if (lower === 'scenario') run.scenario = value
    else if (lower === 'mode') run.mode = value || null
    else if (lower === 'result is') run.validity = value || null
    else if (CHECK.test(lower)) run.checks[key] = /^yes$/i.test(value)
    else {
      const latency = latencyKey(lower)
      const rate = RATES[lower]
      if (!latency && !rate) {
        run.settings[key] = parseNumber(value) ?? value
        continue
      }
      const n = parseNumber(value)
      if (n === null) return {ok: false, line: no, reason: `"${key}" has no number ("${value}")`, expected: 'key : number'}
      if (rate) run.rates.push({metric: rate, value: n, where})
      else run.latencies.push({...latency!, ms: n / 1e6, where})
    }
  }
  const end = lines.length
  if (!run.scenario) return {ok: false, line: end, reason: 'no "Scenario :" line', expected: 'the MLPerf Results Summary section'}
  for (const s of ['Additional Stats', 'Test Parameters Used']) {
    if (!seen.has(s)) return {ok: false, line: end, reason: `the log ends before its "${s}" section (truncated?)`, expected: `a complete mlperf_log_summary.txt`}
  }
  if (run.validity === null) return {ok: false, line: end, reason: 'no "Result is :" line', expected: 'VALID or INVALID'}
  return {ok: true, value: run}
}

/** `mean latency (ns)`, `99.00 percentile first token latency (ns)`, `90th percentile latency (ns)`, ... */
function latencyKey(key: string): {kind: 'latency' | 'ttft' | 'tpot'; stat: string} | null {
  if (!key.endsWith('(ns)') || key.startsWith('target') || key.includes('early stopping')) return null
  const kind = key.includes('first token') ? 'ttft' : key.includes('time to output token') || key.includes('tpot') ? 'tpot' : key.includes('latency') ? 'latency' : null
  if (!kind) return null
  const pct = /^(\d+(?:\.\d+)?)(?:th)? percentile/.exec(key)
  if (pct) return {kind, stat: percentileStat(pct[1])}
  const s = /^(min|max|mean)\b/.exec(key)
  return s ? {kind, stat: s[1]} : null
}
