/**
 * Series that compare like with like (issue 14, items 3 and 4), on a database built through the
 * real ingest (`bench db:convert` of star_rows files, the layout of real/performance/
 * performance_results/bert_cpu_test.json):
 * - a trend over two cpu machines (an Intel i9 and an AMD EPYC, plus a second i9 host) is three
 *   lines, each holding only its own values, labelled by device and machine, commits as short hex;
 * - compare-hardware keeps fp32 and no-precision rows apart at the same batch size, pairs within a
 *   precision, names a cross-precision baseline, and refuses to pick among several;
 * - a tokens/s metric is reported in tokens/s, never in the items/s column or on its axis.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {BenchDb} from '../../src/lib/db/bench-db.js'
import type {BarChartSpec, LineChartSpec} from '../../src/lib/render/types.js'
import {
  compareHardware, performanceReport, primaryChart, refreshRollup, rollupCoverage, summaryReport, trend,
  type HardwareComparison, type SummaryReport, type Trend,
} from '../../src/lib/report/index.js'
import {bench, benchJson, tempDir} from '../helpers/cli.js'
import {parseCsv} from '../helpers/query.js'

const I9 = 'Intel Core i9-12900K'
const EPYC = 'AMD EPYC 7B13'
const A100 = 'NVIDIA A100-SXM4-80GB'
const COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'

type Row = Record<string, unknown>
const row = (model: string, hardware: string, device: string | null, batch: number, precision: string | null, extra: Row): Row => ({
  model_name: model, hardware_type: hardware, ...(device ? {device_name: device} : {}), batch_size: batch,
  ...(precision ? {precision} : {}), ...extra,
})
const bert = (device: string, tput: number) => [row('bert-base-uncased', 'cpu', device, 8, 'fp32', {throughput_items_per_second: tput})]

/** One file per run: its rows, and the context the setup gives the run (see beforeAll). */
const RUNS: {file: string; rows: Row[]; machine: string; startedAt: string | null; commit?: string}[] = [
  {file: 'intel_run1', rows: bert(I9, 430.0), machine: 'ci-intel', startedAt: '2025-03-01 10:00:00', commit: COMMIT},
  {file: 'amd_run1', rows: bert(EPYC, 109.0), machine: 'ci-amd', startedAt: '2025-03-02 10:00:00'},
  {file: 'intel_run2', rows: bert(I9, 425.5), machine: 'ci-intel', startedAt: '2025-03-03 10:00:00', commit: 'b2c3d4e'},
  {file: 'amd_run2', rows: bert(EPYC, 111.25), machine: 'ci-amd', startedAt: '2025-03-04 10:00:00'},
  {file: 'intel2_run1', rows: bert(I9, 300.0), machine: 'ci-intel-2', startedAt: '2025-03-05 10:00:00'},
  // No time anywhere: its point is listed first and never drawn on the time axis.
  {file: 'intel_undated', rows: bert(I9, 999.0), machine: 'ci-intel', startedAt: null},
  // Mixed precisions on one machine: cpu batch 8 has one fp32 row and three rows without precision.
  {
    file: 'prec_cpu', machine: 'lab-1', startedAt: '2025-03-06 10:00:00',
    rows: [
      row('bert-large-uncased', 'cpu', I9, 8, 'fp32', {throughput_items_per_second: 52.4}),
      ...[0, 1, 2].map(() => row('bert-large-uncased', 'cpu', I9, 8, null, {throughput_items_per_second: 3.56})),
      row('distilbert-base-uncased', 'cpu', I9, 8, 'fp32', {throughput_items_per_second: 100}),
    ],
  },
  {
    file: 'prec_cuda', machine: 'lab-1', startedAt: '2025-03-06 11:00:00',
    rows: [
      row('bert-large-uncased', 'cuda', A100, 8, 'fp16', {throughput_items_per_second: 1051.6}),
      row('bert-large-uncased', 'cuda', A100, 8, 'fp32', {throughput_items_per_second: 420}),
      row('distilbert-base-uncased', 'cuda', A100, 8, 'fp16', {throughput_items_per_second: 900}),
    ],
  },
  // An LLM: items/s in the contract column; its tokens/s and TTFT go to result_metrics (beforeAll).
  {file: 'llm_cpu', machine: 'lab-1', startedAt: '2025-03-07 10:00:00', rows: [row('meta-llama/Llama-3.2-1B', 'cpu', I9, 1, 'fp32', {throughput_items_per_second: 0.8, average_latency_ms: 1250})]},
  {file: 'llm_cuda', machine: 'lab-1', startedAt: '2025-03-07 11:00:00', rows: [row('meta-llama/Llama-3.2-1B', 'cuda', A100, 1, 'fp16', {throughput_items_per_second: 3.1, average_latency_ms: 322})]},
]
const TOKENS = {cpu: 21.5, cuda: 87.5}
const TTFT_P99_CUDA = 45

let tmp: ReturnType<typeof tempDir>
let dbPath: string
let lib: BenchDb
const q = (...args: string[]) => bench(['db:query', '--db', dbPath, ...args])
const qJson = <T>(...args: string[]) => benchJson<T>(['db:query', '--db', dbPath, ...args])

beforeAll(async () => {
  tmp = tempDir('benchdb-series-')
  dbPath = join(tmp.dir, 'series.duckdb')
  // One db:convert per run, as each CI job would: its machine and commit from the context flags.
  for (const r of RUNS) {
    const input = join(tmp.dir, 'results', r.file)
    mkdirSync(input, {recursive: true})
    writeFileSync(join(input, `${r.file}.json`), JSON.stringify(r.rows, null, 2))
    const converted = bench(['db:convert', '--input-dir', input, '--db', dbPath, '--machine', r.machine, ...(r.commit ? ['--git-commit', r.commit] : [])])
    expect(converted.status).toBe(0)
  }
  const db = await BenchDb.open(dbPath)
  try {
    for (const r of RUNS) {
      // star_rows files carry no time: the run's time is set here (a file without one stays undated).
      await db.db.run(`UPDATE test_runs SET started_at = ?::TIMESTAMP WHERE test_name = ?`, [r.startedAt, r.file])
    }
    // No adapter yet stores an LLM's tokens/s as its own metric (the ingest half of issue 14 routes
    // them through PerformanceRow.metricValues): the rows it would write into result_metrics.
    for (const [hardware, value] of Object.entries(TOKENS)) {
      await db.db.run(
        `INSERT INTO result_metrics (result_id, metric, value, unit, higher_is_better)
         SELECT pr.result_id, 'tokens_per_second', ?, 'tokens/s', true FROM performance_results pr
         JOIN models m USING (model_id) JOIN hardware_platforms hp USING (hardware_id)
         WHERE m.model_name = 'meta-llama/Llama-3.2-1B' AND hp.hardware_type = ?`,
        [value, hardware],
      )
    }
    await db.db.run(
      `INSERT INTO result_metrics (result_id, metric, value, unit, higher_is_better)
       SELECT pr.result_id, 'ttft_p99', ?, 'ms', false FROM performance_results pr
       JOIN models m USING (model_id) JOIN hardware_platforms hp USING (hardware_id)
       WHERE m.model_name = 'meta-llama/Llama-3.2-1B' AND hp.hardware_type = 'cuda'`,
      [TTFT_P99_CUDA],
    )
    const runs = await db.db.all<{n: number}>(`SELECT count(*)::INTEGER AS n FROM test_runs WHERE machine IS NOT NULL`)
    expect(runs[0].n).toBe(RUNS.length)
  } finally {
    db.close()
  }
  // As db:convert leaves it after the context is set: a refreshed rollup, keyed by machine.
  await refreshRollup(dbPath)
  lib = await BenchDb.open(dbPath, {readOnly: true})
}, 120_000)

afterAll(() => {
  lib?.close()
  tmp?.cleanup()
})

describe('a trend over two cpu machines', () => {
  test('three series (device x machine), each with only its own values in run order, undated point first and off the axis', () => {
    const {status, json: t} = qJson<Trend>('--trend', '--model', 'bert-base-uncased', '--hardware', 'cpu', '--metric', 'throughput')
    expect(status).toBe(0)
    expect(t.unit).toBe('items/s')
    expect(t.series.map((s) => [s.device, s.machine, s.precision, s.batchSize])).toEqual([
      [EPYC, 'ci-amd', 'fp32', 8],
      [I9, 'ci-intel', 'fp32', 8],
      [I9, 'ci-intel-2', 'fp32', 8],
    ])
    expect(t.series.map((s) => s.points.map((p) => p.value))).toEqual([[109, 111.25], [999, 430, 425.5], [300]])
    expect(t.series.map((s) => s.points.map((p) => p.measuredAt))).toEqual([
      ['2025-03-02T10:00:00.000Z', '2025-03-04T10:00:00.000Z'],
      [null, '2025-03-01T10:00:00.000Z', '2025-03-03T10:00:00.000Z'],
      ['2025-03-05T10:00:00.000Z'],
    ])
    expect(t.undatedPoints).toBe(1)
    // The legend names what tells the lines apart: device and machine (batch size always).
    expect(t.series.map((s) => s.label)).toEqual([
      `${EPYC} · on ci-amd · batch 8`, `${I9} · on ci-intel · batch 8`, `${I9} · on ci-intel-2 · batch 8`,
    ])
    // Commit labels: test_runs.git_commit as short hex; the stored value stays whole.
    const intel = t.series[1].points
    expect(intel.map((p) => p.commit)).toEqual([null, 'a1b2c3d', 'b2c3d4e'])
    expect(intel[1].gitCommit).toBe(COMMIT)
  })

  test('the chart draws one line per series, dated points only, each point labelled with its commit', async () => {
    const chart = primaryChart(await trend(lib, {filters: {model: 'bert-base-uncased', hardware: 'cpu'}})) as LineChartSpec
    expect(chart.kind).toBe('line')
    expect(chart.yUnit).toBe('items/s')
    expect(chart.series.map((s) => s.label)).toEqual([`${EPYC} · on ci-amd · batch 8`, `${I9} · on ci-intel · batch 8`, `${I9} · on ci-intel-2 · batch 8`])
    expect(chart.series.map((s) => s.points.map((p) => p.y))).toEqual([[109, 111.25], [430, 425.5], [300]])
    expect(chart.series[1].points.map((p) => p.label)).toEqual(['intel_run1, commit a1b2c3d', 'intel_run2, commit b2c3d4e'])
  })

  test('the performance report has one row per device and machine, never their average (read from the rollup)', async () => {
    // The rollup is keyed by machine (schema v8), so these rows come from it, not from a scan.
    expect(await rollupCoverage(lib)).toEqual({watermark: expect.any(Number), rowsAbove: 0, compact: true})
    const keyed = await lib.db.all<{machine: string; n: number}>(
      `SELECT machine, sum(n)::INTEGER AS n FROM perf_rollup_total WHERE machine LIKE 'ci-%' GROUP BY machine ORDER BY machine`)
    expect(keyed).toEqual([{machine: 'ci-amd', n: 2}, {machine: 'ci-intel', n: 3}, {machine: 'ci-intel-2', n: 1}])
    const r = await performanceReport(lib, {model: 'bert-base-uncased'})
    expect(r.rows.map((x) => [x.device, x.machine, x.results, x.throughput])).toEqual([
      [EPYC, 'ci-amd', 2, (109 + 111.25) / 2],
      [I9, 'ci-intel', 3, (999 + 430 + 425.5) / 3],
      [I9, 'ci-intel-2', 1, 300],
    ])
  })
})

describe('compare-hardware with mixed precisions', () => {
  test('fp32 and no-precision rows at the same batch size stay apart; pairing is within a precision, read back per row', () => {
    const {status, json: c} = qJson<HardwareComparison>('--compare-hardware', '--model', 'bert-large-uncased', '--metric', 'throughput')
    expect(status).toBe(0)
    const got = c.rows.map((r) => [r.hardware, r.precision, r.batchSize, r.value, r.results, r.pairing, r.baselinePrecision, r.baselineValue, r.speedup])
    expect(got).toEqual([
      ['cpu', 'fp32', 8, 52.4, 1, 'same-precision', 'fp32', 52.4, 1],
      ['cpu', null, 8, 3.56, 3, 'same-precision', null, 3.56, 1],
      // fp16 has no cpu fp16 baseline and two other precisions could be it: not compared.
      ['cuda', 'fp16', 8, 1051.6, 1, 'ambiguous', null, null, null],
      ['cuda', 'fp32', 8, 420, 1, 'same-precision', 'fp32', 52.4, 420 / 52.4],
    ])
    // The mean of the two cpu precisions (the old answer's baseline) appears nowhere.
    const mixed = (52.4 + 3 * 3.56) / 4
    expect(c.rows.some((r) => Math.abs(r.value - mixed) < 1e-9 || Math.abs((r.baselineValue ?? 0) - mixed) < 1e-9)).toBe(false)
    const cuda = c.summary.find((s) => s.hardware === 'cuda')!
    expect([cuda.pairs, cuda.crossPrecisionPairs]).toEqual([1, 0])
    expect(cuda.speedup).toBeCloseTo(420 / 52.4, 12)
  })

  test('a single baseline of another precision is used and named; a missing precision is shown as "unspecified"', () => {
    const {json: c} = qJson<HardwareComparison>('--compare-hardware', '--model', 'distilbert-base-uncased')
    const cuda = c.rows.find((r) => r.hardware === 'cuda')!
    expect([cuda.precision, cuda.pairing, cuda.baselinePrecision, cuda.baselineValue, cuda.speedup]).toEqual(['fp16', 'cross-precision', 'fp32', 100, 9])
    expect(c.summary.find((s) => s.hardware === 'cuda')!.crossPrecisionPairs).toBe(1)

    const csv = q('--compare-hardware', '--model', 'bert-large-uncased', '--format', 'csv')
    expect(csv.status).toBe(0)
    const [header, ...rows] = parseCsv(csv.stdout)
    const col = (name: string) => header.indexOf(name)
    const cell = (r: string[], name: string) => r[col(name)]
    const unspecified = rows.filter((r) => cell(r, 'Precision') === 'unspecified')
    expect(unspecified.map((r) => [cell(r, 'Hardware'), Number(cell(r, 'Throughput (items/s)')), Number(cell(r, 'Results'))])).toEqual([['cpu', 3.56, 3]])
    const fp16 = rows.find((r) => cell(r, 'Hardware') === 'cuda' && cell(r, 'Precision') === 'fp16')!
    expect(cell(fp16, 'Compared with')).toBe('several cpu series could be the baseline: not compared')
    expect(cell(fp16, 'Speed-up vs cpu')).toBe('')
  })

  test('--precision fp32 keeps only the fp32 series', async () => {
    const c = await compareHardware(lib, {filters: {model: 'bert-large-uncased', precision: 'fp32'}})
    expect(c.rows.map((r) => [r.hardware, r.precision, r.value])).toEqual([['cpu', 'fp32', 52.4], ['cuda', 'fp32', 420]])
  })
})

describe('units: a tokens/s metric is reported in tokens/s', () => {
  test('--metric tok/s (an alias) reads tokens_per_second from metric_values, in tokens/s', () => {
    const {status, json: c} = qJson<HardwareComparison>('--compare-hardware', '--model', 'meta-llama/Llama-3.2-1B', '--metric', 'tok/s')
    expect(status).toBe(0)
    expect([c.metric, c.unit, c.higherIsBetter]).toEqual(['tokens_per_second', 'tokens/s', true])
    expect(c.rows.map((r) => [r.hardware, r.value])).toEqual([['cpu', TOKENS.cpu], ['cuda', TOKENS.cuda]])
    expect(c.rows[1].speedup).toBeCloseTo(TOKENS.cuda / TOKENS.cpu, 12)
    const csv = q('--compare-hardware', '--model', 'meta-llama/Llama-3.2-1B', '--metric', 'tokens_per_second', '--format', 'csv')
    const header = parseCsv(csv.stdout)[0]
    expect(header).toContain('Tokens per second (tokens/s)')
    expect(header.filter((h) => h.includes('items/s'))).toEqual([])
  })

  test('the comparison of tokens/s charts its speed-ups (×) and tables tokens/s; the items/s column, the summary and its chart never hold tokens/s', async () => {
    const comparison = await compareHardware(lib, {metric: 'tokens_per_second', filters: {model: 'meta-llama/Llama-3.2-1B'}})
    expect(comparison.unit).toBe('tokens/s')
    expect(comparison.rows.map((r) => r.value)).toEqual([TOKENS.cpu, TOKENS.cuda])
    const chart = primaryChart(comparison) as BarChartSpec
    expect([chart.yLabel, chart.yUnit]).toEqual(['Speed-up vs cpu', '×'])
    expect(chart.datasets.map((d) => d.values)).toEqual([[1, TOKENS.cuda / TOKENS.cpu]])

    const perf = await performanceReport(lib, {model: 'meta-llama/Llama-3.2-1B'})
    expect(perf.rows.map((r) => [r.hardware, r.throughput])).toEqual([['cpu', 0.8], ['cuda', 3.1]])

    const {json: summary} = qJson<SummaryReport>('--report', 'summary')
    const llama = summary.models.find((m) => m.model === 'meta-llama/Llama-3.2-1B')!
    expect([llama.bestHardware, llama.bestThroughput]).toEqual(['cuda', 3.1])
    const summaryChart = primaryChart(await summaryReport(lib)) as BarChartSpec
    expect(summaryChart.yUnit).toBe('items/s')
    const values = summaryChart.datasets.flatMap((d) => d.values)
    expect(values).not.toContain(TOKENS.cuda)
    // One dataset per hardware type: the llama bar is in the cuda one, alone in its category.
    const at = summaryChart.categories.indexOf('meta-llama/Llama-3.2-1B')
    expect(summaryChart.datasets.filter((d) => d.values[at] !== null).map((d) => [d.label, d.values[at]])).toEqual([['cuda', 3.1]])
  })

  test('a statistic suffix (ttft_p99) is its own metric in ms; a typo is a usage error with "did you mean"', () => {
    const {status, json: t} = qJson<Trend>('--trend', '--model', 'meta-llama/Llama-3.2-1B', '--hardware', 'cuda', '--metric', 'ttft_p99')
    expect(status).toBe(0)
    expect([t.metric, t.unit, t.higherIsBetter]).toEqual(['ttft_p99', 'ms', false])
    expect(t.series.flatMap((s) => s.points.map((p) => p.value))).toEqual([TTFT_P99_CUDA])

    const typo = q('--compare-hardware', '--model', 'meta-llama/Llama-3.2-1B', '--metric', 'tokens_per_secnd')
    expect(typo.status).toBe(2)
    expect(typo.stderr).toContain('unknown metric "tokens_per_secnd"; did you mean "tokens_per_second"')
    expect(typo.stdout).toBe('')
  })
})
