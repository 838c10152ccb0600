import {formatFixed} from '../render/format.js'
import {compareHardwareNames} from './common.js'
import type {BarChartSpec, Block, ReportDocument, Table} from '../render/types.js'
import type {CompatibilityReport} from './compatibility.js'
import {matrixChart, matrixGridTable, withoutEmptyColumns} from './documents-analysis.js'
import type {HardwareReport} from './hardware.js'
import type {IntegrationReport} from './integration.js'
import {hiddenNote, shownTime, simulatedNote} from './meta.js'
import type {PerformanceReport} from './performance.js'
import {precisionText} from './series-label.js'
import type {SummaryModelRow, SummaryReport} from './summary.js'
import type {WebPlatformReport} from './web-platform.js'

type Rows = Record<string, unknown>[]
const doc = (title: string, subtitle: string, meta: ReportDocument['provenance'], sections: ReportDocument['sections']): ReportDocument => ({
  title, subtitle, sections, provenance: meta,
})
const empty = (rows: unknown[], what: string): Block[] => (rows.length === 0 ? [{kind: 'paragraph', text: `No ${what} match these filters.`}] : [])

export function performanceTable(r: PerformanceReport): Table {
  return {
    title: 'Performance per series: model, hardware, device, machine, batch size and precision (averages over runs)',
    columns: [
      {key: 'model', title: 'Model'},
      {key: 'hardware', title: 'Hardware'},
      {key: 'device', title: 'Device'},
      {key: 'machine', title: 'Machine'},
      {key: 'batchSize', title: 'Batch', format: 'integer'},
      {key: 'precision', title: 'Precision'},
      {key: 'results', title: 'Results', format: 'integer'},
      {key: 'throughput', title: 'Throughput', unit: 'items/s', format: 'number'},
      {key: 'latencyMs', title: 'Latency', unit: 'ms', format: 'number'},
      {key: 'latencyP50Ms', title: 'p50', unit: 'ms', format: 'number'},
      {key: 'latencyP99Ms', title: 'p99', unit: 'ms', format: 'number'},
      {key: 'memoryPeakMb', title: 'Peak memory', unit: 'MB', format: 'number'},
      {key: 'lastMeasured', title: 'Last measured', format: 'date'},
      {key: 'family', title: 'Family'},
    ],
    rows: r.rows.map((x) => ({...x, precision: precisionText(x.precision), lastMeasured: shownTime(x.lastMeasured, x.results > 0)})),
    notes: simulatedNote(r.meta),
  }
}

export function performanceDocument(r: PerformanceReport): ReportDocument {
  return doc('Performance report', `${r.rows.length} series from ${r.meta.rowsUsed} result(s)`, r.meta, [
    {heading: 'Performance', blocks: [...empty(r.rows, 'performance results'), {kind: 'table', table: withoutEmptyColumns(performanceTable(r), ['device', 'machine', 'latencyP50Ms', 'latencyP99Ms'])}]},
  ])
}

export function summaryOverviewTable(r: SummaryReport): Table {
  const o = r.overview
  const rows = [
    ['Models benchmarked', o.models], ['Hardware types benchmarked', o.hardwareTypes], ['Runs', o.runs],
    ['Runs without a time', o.undatedRuns],
    ['Performance results', o.performanceResults], ['Compatibility tests', o.compatibilityTests],
    ['Integration tests', o.integrationTests], ['Web platform results', o.webPlatformResults],
    // Undated runs never date the summary: with only those, the time is unknown, not the ingest time.
    ['First measured', shownTime(o.firstMeasured, o.runs > 0)], ['Last measured', shownTime(o.lastMeasured, o.runs > 0)],
  ].map(([item, value]) => ({item, value: typeof value === 'number' ? formatFixed(value, 0) : (value ?? null)}))
  return {title: 'Overview', columns: [{key: 'item', title: 'Item'}, {key: 'value', title: 'Value', format: 'text'}], rows, notes: simulatedNote(r.meta)}
}

export function summaryModelsTable(r: SummaryReport): Table {
  return {
    title: 'Models',
    columns: [
      {key: 'model', title: 'Model'},
      {key: 'family', title: 'Family'},
      {key: 'hardwareBenchmarked', title: 'Hardware benchmarked', format: 'integer'},
      {key: 'bestHardware', title: 'Fastest hardware'},
      {key: 'bestSeries', title: 'Its series'},
      {key: 'bestThroughput', title: 'Its throughput', unit: 'items/s', format: 'number'},
      {key: 'compatible', title: 'Compatible', format: 'integer'},
      {key: 'partial', title: 'Partial', format: 'integer'},
      {key: 'incompatible', title: 'Incompatible', format: 'integer'},
      {key: 'untested', title: 'Untested', format: 'integer'},
    ],
    rows: r.models.map((m) => ({...m, bestSeries: m.bestHardware === null ? null : bestSeriesText(m)})),
    notes: [
      'Fastest: the series (hardware device, machine, batch size, precision) with the highest average throughput in items/s over its runs; series are never averaged together. Counts are hardware types.',
      ...hiddenNote(r.hiddenModels, 'model'),
    ],
  }
}

/** The fastest series' parts other than its hardware type: device, machine, batch size, precision. */
export const bestSeriesText = (m: SummaryModelRow): string =>
  [m.bestDevice, m.bestMachine ? `on ${m.bestMachine}` : null, `batch ${m.bestBatchSize ?? 'n/a'}`, precisionText(m.bestPrecision)]
    .filter((x) => x !== null).join(' · ')

/**
 * Best throughput per model, one bar per model with a throughput, coloured by the hardware of its
 * fastest series (one dataset per hardware type, so the legend names each bar's hardware).
 */
export function summaryChart(r: Pick<SummaryReport, 'models'>): BarChartSpec {
  const drawn = r.models.filter((m) => m.bestThroughput !== null && m.bestHardware !== null)
  const hardware = [...new Set(drawn.map((m) => m.bestHardware!))].sort(compareHardwareNames)
  return {
    kind: 'bar', title: 'Best average throughput per model', subtitle: 'colour: the hardware of its fastest series',
    categories: drawn.map((m) => m.model), xLabel: 'Model', legendTitle: 'Fastest on', grouped: false,
    // items/s only: the throughput column holds nothing else (tokens/s and other rates are their own metrics).
    yLabel: 'Throughput', yUnit: 'items/s',
    datasets: hardware.map((hw) => ({label: hw, values: drawn.map((m) => (m.bestHardware === hw ? m.bestThroughput : null))})),
  }
}

export function summaryDocument(r: SummaryReport, charts: boolean): ReportDocument {
  const chart: Block[] = charts && r.models.some((m) => m.bestThroughput !== null) ? [{kind: 'chart', chart: summaryChart(r)}] : []
  return doc('Benchmark summary', `${r.overview.models} model(s) on ${r.overview.hardwareTypes} hardware type(s) over ${r.overview.runs} run(s)`, r.meta, [
    {heading: 'Overview', blocks: [{kind: 'table', table: summaryOverviewTable(r)}]},
    {heading: 'Models', blocks: [...chart, {kind: 'table', table: summaryModelsTable(r)}]},
  ])
}

export function hardwareTable(r: HardwareReport): Table {
  return {
    title: 'Hardware platforms',
    columns: [
      {key: 'hardware', title: 'Hardware'},
      {key: 'deviceList', title: 'Devices'},
      {key: 'memoryGb', title: 'Memory', unit: 'GB', format: 'number', decimals: 0},
      {key: 'results', title: 'Results', format: 'integer'},
      {key: 'modelsBenchmarked', title: 'Models', format: 'integer'},
      {key: 'speedupVsCpu', title: 'Throughput vs cpu', format: 'ratio'},
      {key: 'speedupModels', title: 'Models compared', format: 'integer'},
      {key: 'compatible', title: 'Compatible', format: 'integer'},
      {key: 'partial', title: 'Partial', format: 'integer'},
      {key: 'incompatible', title: 'Incompatible', format: 'integer'},
      {key: 'untested', title: 'Untested', format: 'integer'},
    ],
    rows: r.rows.map((x) => ({...x, deviceList: x.devices.join('; ')})),
    notes: ['Throughput vs cpu: geometric mean speed-up over the models measured on both.', ...simulatedNote(r.meta)],
  }
}

export function hardwareChart(r: HardwareReport): BarChartSpec {
  return {
    kind: 'bar', title: 'Throughput speed-up vs cpu', subtitle: 'geometric mean over models', categories: r.rows.map((x) => x.hardware),
    xLabel: 'Hardware', yLabel: 'Speed-up vs cpu', yUnit: '×', datasets: [{label: 'Geometric mean', values: r.rows.map((x) => x.speedupVsCpu)}],
  }
}

export function hardwareDocument(r: HardwareReport, charts: boolean): ReportDocument {
  const chart: Block[] = charts ? [{kind: 'chart', chart: hardwareChart(r)}] : []
  return doc('Hardware report', `${r.rows.length} hardware type(s)`, r.meta, [{heading: 'Hardware', blocks: [...chart, {kind: 'table', table: hardwareTable(r)}]}])
}

export function compatibilityFailuresTable(r: CompatibilityReport): Table {
  return {
    title: 'Failures (latest reason per cell)',
    columns: [
      {key: 'row', title: 'Model'},
      {key: 'hardware', title: 'Hardware'},
      {key: 'state', title: 'State'},
      {key: 'incompatible', title: 'Failures', format: 'integer'},
      {key: 'latestFailure', title: 'Latest failure'},
      {key: 'latestErrorType', title: 'Error type'},
      {key: 'latestFailureAt', title: 'Failed at', format: 'date'},
      {key: 'suggestedFix', title: 'Suggested fix'},
    ],
    rows: r.failures.map((x) => ({...x, latestFailureAt: shownTime(x.latestFailureAt, x.incompatible > 0)})),
  }
}

export function compatibilityTotalsTable(r: CompatibilityReport): Table {
  return {
    title: 'Models per hardware and state',
    columns: [
      {key: 'hardware', title: 'Hardware'},
      {key: 'compatible', title: 'Compatible', format: 'integer'},
      {key: 'partial', title: 'Partial', format: 'integer'},
      {key: 'incompatible', title: 'Incompatible', format: 'integer'},
      {key: 'untested', title: 'Untested', format: 'integer'},
    ],
    rows: r.perHardware as unknown as Rows,
  }
}

export function compatibilityDocument(r: CompatibilityReport, charts: boolean): ReportDocument {
  const grid: Block = charts ? {kind: 'chart', chart: matrixChart(r.matrix)} : {kind: 'table', table: matrixGridTable(r.matrix)}
  return doc('Compatibility report', `${r.matrix.rows.length} model(s) × ${r.matrix.hardware.length} hardware type(s)`, r.meta, [
    {heading: 'Matrix', blocks: [grid, ...(charts ? simulatedNote(r.meta).map((text) => ({kind: 'paragraph' as const, text})) : [])]},
    {heading: 'Per hardware', blocks: [{kind: 'table', table: compatibilityTotalsTable(r)}]},
    {heading: 'Failures', blocks: [...empty(r.failures, 'failures'), {kind: 'table', table: compatibilityFailuresTable(r)}]},
  ])
}

export function integrationTable(r: IntegrationReport): Table {
  return {
    title: 'Integration tests',
    columns: [
      {key: 'module', title: 'Module'},
      {key: 'test', title: 'Test'},
      {key: 'hardware', title: 'Hardware'},
      {key: 'runs', title: 'Runs', format: 'integer'},
      {key: 'passed', title: 'Passed', format: 'integer'},
      {key: 'failed', title: 'Failed', format: 'integer'},
      {key: 'errored', title: 'Errors', format: 'integer'},
      {key: 'skipped', title: 'Skipped', format: 'integer'},
      {key: 'passRate', title: 'Pass rate', format: 'percent'},
      {key: 'failedAssertions', title: 'Failed assertions', format: 'integer'},
      {key: 'latestStatus', title: 'Latest'},
      {key: 'latestError', title: 'Latest error'},
      {key: 'lastRun', title: 'Last run', format: 'date'},
    ],
    rows: r.tests as unknown as Rows,
    notes: [`${r.totals.runs} run(s): ${r.totals.passed} passed, ${r.totals.failed} failed, ${r.totals.errored} errors, ${r.totals.skipped} skipped.`, ...simulatedNote(r.meta)],
  }
}

export function integrationDocument(r: IntegrationReport): ReportDocument {
  return doc('Integration test report', `${r.tests.length} test(s), ${r.totals.runs} run(s)`, r.meta, [
    {heading: 'Tests', blocks: [...empty(r.tests, 'integration tests'), {kind: 'table', table: integrationTable(r)}]},
  ])
}

export function webPlatformTable(r: WebPlatformReport): Table {
  return {
    title: 'Web platform results (averages)',
    columns: [
      {key: 'model', title: 'Model'},
      {key: 'platform', title: 'Platform'},
      {key: 'browser', title: 'Browser'},
      {key: 'tests', title: 'Tests', format: 'integer'},
      {key: 'successful', title: 'Successful', format: 'integer'},
      {key: 'loadTimeMs', title: 'Load', unit: 'ms', format: 'number'},
      {key: 'initializationTimeMs', title: 'Init', unit: 'ms', format: 'number'},
      {key: 'inferenceTimeMs', title: 'Inference', unit: 'ms', format: 'number'},
      {key: 'shaderCompilationTimeMs', title: 'Shader compile', unit: 'ms', format: 'number'},
      {key: 'totalTimeMs', title: 'Total', unit: 'ms', format: 'number'},
      {key: 'maxMemoryMb', title: 'Max memory', unit: 'MB', format: 'number'},
    ],
    rows: r.rows as unknown as Rows,
    notes: simulatedNote(r.meta),
  }
}

export function webGpuFeaturesTable(r: WebPlatformReport): Table {
  return {
    title: 'WebGPU features per browser (tests with the feature)',
    columns: [
      {key: 'browser', title: 'Browser'},
      {key: 'tests', title: 'Tests', format: 'integer'},
      {key: 'computeShaderSupport', title: 'Compute shaders', format: 'integer'},
      {key: 'parallelCompilation', title: 'Parallel compilation', format: 'integer'},
      {key: 'shaderCacheHits', title: 'Shader cache hits', format: 'integer'},
      {key: 'preCompiledPipeline', title: 'Pre-compiled pipeline', format: 'integer'},
      {key: 'computePipelineTimeMs', title: 'Pipeline time', unit: 'ms', format: 'number'},
    ],
    rows: r.webgpuFeatures as unknown as Rows,
  }
}

export function webPlatformDocument(r: WebPlatformReport): ReportDocument {
  return doc('Web platform report', `${r.rows.length} model/platform/browser combination(s)`, r.meta, [
    {heading: 'Results', blocks: [...empty(r.rows, 'web platform results'), {kind: 'table', table: webPlatformTable(r)}]},
    {heading: 'WebGPU features', blocks: [{kind: 'table', table: webGpuFeaturesTable(r)}]},
  ])
}
