import {mapMlperf, mlperfRunSchema, percentileStat, type MlperfRun} from '../normalize/mlperf.js'
import {TEXT_ONLY, textLines} from '../text-input.js'
import type {ShapeAdapter, TextParse} from '../types.js'

/**
 * MLPerf LoadGen's `mlperf_log_detail.txt`: one `:::MLLOG {json}` event per line (settings,
 * warnings, errors, results). A line that is not a whole event (a log cut mid-write) rejects the
 * file with its line number; so does a log that ends before its `result_validity` event. Carries
 * the run's date (`test_datetime`). Mapping in normalize/mlperf.ts.
 */
export const mlperfDetailAdapter: ShapeAdapter = {
  name: 'mlperf_detail',
  category: 'performance',
  priority: 60,
  description: 'MLPerf LoadGen mlperf_log_detail.txt (:::MLLOG events): scenario, mode, test date, samples/s or tokens/s, latency percentiles (ns -> ms), validity',
  detect: TEXT_ONLY,
  validate: mlperfRunSchema,
  text: {
    sniff: (text) => /^\s*:::MLLOG \{"key": ?"/.test(text.slice(0, 256)),
    parse: parseDetail,
  },
  map: (doc, ctx) => mapMlperf(doc as MlperfRun, ctx.path),
}

const RATES: Record<string, string> = {
  result_samples_per_second: 'samples_per_second',
  result_tokens_per_second: 'tokens_per_second',
  result_completed_samples_per_second: 'samples_per_second',
  result_completed_tokens_per_second: 'tokens_per_second',
  result_scheduled_samples_per_second: 'scheduled_samples_per_second',
  result_qps_with_loadgen_overhead: 'queries_per_second',
  result_qps_without_loadgen_overhead: 'queries_per_second_without_overhead',
}

function parseDetail(text: string): TextParse {
  const lines = textLines(text)
  const run: MlperfRun = {log: 'detail', sut: null, scenario: '', mode: null, validity: null, datetime: null, version: null, rates: [], latencies: [], checks: {}, settings: {}}
  let errors = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (!line.startsWith(':::MLLOG')) continue
    let ev: {key?: unknown; value?: unknown; metadata?: {is_error?: unknown}}
    try {
      ev = JSON.parse(line.slice(':::MLLOG'.length)) as typeof ev
    } catch (err) {
      return {ok: false, line: i + 1, reason: `not a complete :::MLLOG event: ${(err as Error).message}`, expected: ':::MLLOG followed by one JSON object'}
    }
    if (typeof ev.key !== 'string') return {ok: false, line: i + 1, reason: 'event without a "key"', expected: ':::MLLOG {"key": ..., "value": ...}'}
    if (ev.metadata?.is_error === true) errors++
    const where = `line ${i + 1}`
    const {key, value} = ev
    if (key === 'sut_name') run.sut = typeof value === 'string' ? value : null
    else if (key === 'effective_scenario') run.scenario = String(value)
    else if (key === 'effective_test_mode') run.mode = String(value)
    else if (key === 'result_validity') run.validity = String(value)
    else if (key === 'test_datetime') run.datetime = typeof value === 'string' ? value : null
    else if (key === 'loadgen_version') run.version = typeof value === 'string' ? value : null
    else if (key.startsWith('effective_') && (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')) run.settings[key.slice('effective_'.length)] = value
    else if (key.startsWith('result_') && typeof value === 'boolean') run.checks[key.slice('result_'.length)] = value
    else if (key === 'early_stopping_met' && typeof value === 'boolean') run.checks.early_stopping_met = value
    else if (key.startsWith('result_') && typeof value === 'number') {
      if (RATES[key]) run.rates.push({metric: RATES[key], value, where})
      else {
        const lat = latencyKey(key)
        if (lat) run.latencies.push({...lat, ms: value / 1e6, where})
        else run.settings[key] = value
      }
    }
  }
  if (errors) run.settings.error_events = errors
  const end = lines.length
  if (!run.scenario) return {ok: false, line: end, reason: 'no effective_scenario event', expected: 'a LoadGen detail log'}
  if (run.validity === null) return {ok: false, line: end, reason: 'the log ends before its result_validity event (truncated, or the run did not finish)', expected: 'a complete mlperf_log_detail.txt'}
  return {ok: true, value: run}
}

/** result_mean_latency_ns, result_99.00_percentile_latency_ns, result_first_token_mean_latency_ns, ... */
function latencyKey(key: string): {kind: 'latency' | 'ttft' | 'tpot'; stat: string} | null {
  if (!key.endsWith('_ns')) return null
  const kind = key.includes('first_token') || key.includes('ttft') ? 'ttft' : key.includes('time_to_output_token') || key.includes('tpot') || key.includes('time_per_output_token') ? 'tpot' : key.includes('latency') ? 'latency' : null
  if (!kind) return null
  const pct = /_(\d+(?:\.\d+)?)_percentile_/.exec(key)
  if (pct) return {kind, stat: percentileStat(pct[1])}
  const s = /_(min|max|mean)_/.exec(key)
  return s ? {kind, stat: s[1]} : null
}
