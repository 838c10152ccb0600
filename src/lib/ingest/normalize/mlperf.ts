import type {ModelRef, NormalizedDocument, PerformanceRow} from '../types.js'
import {newDocument} from './document.js'
import {hardwareRef} from './hardware.js'
import {MetricList} from './metric-values.js'
import {toIsoUtc} from './time.js'

/**
 * One MLPerf LoadGen run as both of its logs tell it (mlperf_log_summary.txt and
 * mlperf_log_detail.txt are read into this by their adapters, then mapped by mapMlperf).
 * `where` of each value: `line N` of the log it came from.
 */
export interface MlperfRun {
  log: 'summary' | 'detail'
  sut: string | null
  scenario: string
  mode: string | null
  validity: string | null
  datetime: string | null
  version: string | null
  /** Rates: samples_per_second, tokens_per_second, completed_samples_per_second, ... */
  rates: Array<{metric: string; value: number; where: string}>
  /** Latencies (the logs' ns / 1e6, in ms): kind latency / ttft / tpot, stat min / max / mean / p<percentile>. */
  latencies: Array<{kind: 'latency' | 'ttft' | 'tpot'; stat: string; ms: number; where: string}>
  /** Pass/fail checks (min duration, min queries, early stopping ...). */
  checks: Record<string, boolean>
  settings: Record<string, string | number | boolean>
}

export const mlperfRunSchema = {
  type: 'object',
  required: ['log', 'scenario', 'rates', 'latencies'],
  properties: {
    scenario: {type: 'string', minLength: 1},
    rates: {type: 'array', items: {type: 'object', required: ['metric', 'value'], properties: {value: {type: 'number'}}}},
    latencies: {type: 'array', items: {type: 'object', required: ['kind', 'stat', 'ms'], properties: {ms: {type: 'number'}}}},
  },
} as const

/** `50.00` -> `p50`, `99.90` -> `p999`, `97.00` -> `p97`. */
export function percentileStat(text: string): string {
  const v = Number(text)
  return `p${String(v).replace('.', '')}`
}

/** What a latency's statistic fills: the contract columns for mean/p50/p90/p99 of the query latency. */
const COLUMN: Record<string, keyof PerformanceRow> = {mean: 'averageLatencyMs', p50: 'latencyP50Ms', p90: 'latencyP90Ms', p99: 'latencyP99Ms'}

/**
 * One row: the benchmark (from the submission folder layout when the path has it, else the SUT
 * name) on the system under test, test case = scenario (plus the mode when it is not
 * PerformanceOnly). Rates go to their catalogue metrics, latencies ns -> ms (query latency into
 * the latency columns, first-token latency as ttft_*, time per output token as tpot_*).
 * Result validity: run success (VALID) and a `validity` tag.
 */
export function mapMlperf(r: MlperfRun, path: string): NormalizedDocument {
  const layout = submissionLayout(path)
  const out = newDocument({
    testName: `mlperf ${r.scenario}${r.mode ? ` ${r.mode}` : ''}`,
    testType: 'mlperf_loadgen',
    startedAt: toIsoUtc(r.datetime),
    success: r.validity === null ? null : r.validity === 'VALID',
    machine: layout?.system ?? r.sut,
    tags: {scenario: r.scenario, ...(r.mode ? {mode: r.mode} : {}), ...(r.validity ? {validity: r.validity} : {})},
    metadata: {tool: 'mlperf loadgen', log: r.log, loadgenVersion: r.version, sut: r.sut, checks: r.checks, settings: r.settings},
  })
  const m = new MetricList()
  for (const rate of r.rates) {
    const unit = rate.metric.startsWith('tokens') || rate.metric.includes('_tokens') ? 'tokens/s' : rate.metric.includes('queries') ? 'queries/s' : 'samples/s'
    m.add(rate.metric, rate.value, unit, rate.where, {higherIsBetter: true})
  }
  const row: PerformanceRow = {
    model: model(layout, r),
    hardware: hardwareRef('unknown', {deviceName: r.sut}),
    testCase: r.mode && r.mode !== 'PerformanceOnly' ? `${r.scenario} ${r.mode}` : r.scenario,
    simulated: false,
    sourcePointer: r.log,
  }
  for (const l of r.latencies) {
    const ms = l.ms
    const column = l.kind === 'latency' ? COLUMN[l.stat] : undefined
    if (column) (row as unknown as Record<string, number>)[column] = ms
    else m.add(l.stat === 'mean' ? l.kind : `${l.kind}_${l.stat}`, ms, 'ms', l.where, {higherIsBetter: false})
  }
  row.metricValues = m.values
  out.performance.push(row)
  return out
}

/** results/<system>/<benchmark>/<Scenario>/<performance|accuracy>/run_N/: the submission tree. */
function submissionLayout(path: string): {system: string; benchmark: string} | null {
  const parts = path.split(/[\\/]/)
  const i = parts.findIndex((p, k) => /^(Offline|Server|SingleStream|MultiStream)$/.test(p) && k >= 2 && /^(performance|accuracy|compliance)/i.test(parts[k + 1] ?? ''))
  return i >= 2 ? {system: parts[i - 2], benchmark: parts[i - 1]} : null
}

function model(layout: {benchmark: string} | null, r: MlperfRun): ModelRef {
  const name = layout?.benchmark ?? `mlperf:${r.sut ?? 'unknown-sut'}`
  return {name, modality: 'benchmark', source: 'mlperf', family: null, metadata: layout ? null : {namedAfterSut: true}}
}
