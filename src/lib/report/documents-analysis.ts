import type {BarChartSpec, Block, HeatmapSpec, LineChartSpec, ReportDocument, Table} from '../render/types.js'
import type {ComparisonRow, HardwareComparison} from './compare.js'
import type {CompatibilityMatrix} from './matrix.js'
import {hiddenNote, shownTime, simulatedNote, TIME_UNKNOWN} from './meta.js'
import type {SqlResult} from './sandbox-sql.js'
import {precisionText} from './series-label.js'
import type {Trend} from './trend.js'

type Rows = Record<string, unknown>[]

/** Short, unambiguous grid labels: untested is spelled out, never blank or 0. */
export const STATE_LABELS = {compatible: '✓ yes', incompatible: '✗ no', partial: '~ partial', untested: 'untested'} as const

/** Drops columns that have no value in any row (e.g. percentiles where no samples exist). */
export function withoutEmptyColumns(table: Table, keys: string[]): Table {
  const empty = keys.filter((k) => table.rows.every((r) => r[k] === null || r[k] === undefined))
  return {...table, columns: table.columns.filter((c) => !empty.includes(c.key))}
}

/** Grid of states as words (never blank, never 0 for untested), for text, Markdown and CSV-less views. */
export function matrixGridTable(m: CompatibilityMatrix): Table {
  return {
    title: `Compatibility by ${m.by} and hardware`,
    columns: [{key: 'row', title: m.by === 'family' ? 'Family' : 'Model'}, ...m.hardware.map((h, j) => ({key: `h${j}`, title: h, format: 'text' as const}))],
    rows: m.rows.map((row, i) => {
      const r: Record<string, unknown> = {row}
      m.hardware.forEach((_h, j) => (r[`h${j}`] = STATE_LABELS[m.cells[i * m.hardware.length + j].state]))
      return r
    }),
    notes: [
      'Legend: ✓ yes = compatible, ✗ no = incompatible, ~ partial = mixed evidence, untested = no evidence.',
      `${m.totals.compatible} compatible, ${m.totals.partial} partial (mixed evidence), ${m.totals.incompatible} incompatible, ${m.totals.untested} untested.`,
      ...hiddenNote(m.hiddenRows, m.by),
      ...simulatedNote(m.meta),
    ],
  }
}

/** Every cell with its evidence, latest failure and dates (the drill-down, and the CSV of a matrix). */
export function matrixCellsTable(m: CompatibilityMatrix): Table {
  return {
    title: 'Evidence per cell',
    columns: [
      {key: 'row', title: m.by === 'family' ? 'Family' : 'Model'},
      {key: 'hardware', title: 'Hardware'},
      {key: 'state', title: 'State'},
      {key: 'compatible', title: 'Positive', format: 'integer'},
      {key: 'incompatible', title: 'Negative', format: 'integer'},
      {key: 'benchmarks', title: 'Benchmarks', format: 'integer'},
      ...(m.by === 'family' ? [{key: 'models', title: 'Models', format: 'integer' as const}] : []),
      {key: 'latestEvidenceAt', title: 'Latest evidence', format: 'date'},
      {key: 'latestFailure', title: 'Latest failure'},
      {key: 'latestFailureAt', title: 'Failed at', format: 'date'},
      {key: 'suggestedFix', title: 'Suggested fix'},
    ],
    rows: m.cells.map((c) => ({
      ...c, latestEvidenceAt: shownTime(c.latestEvidenceAt, c.compatible + c.incompatible > 0), latestFailureAt: shownTime(c.latestFailureAt, c.incompatible > 0),
    })),
  }
}

export function matrixChart(m: CompatibilityMatrix): HeatmapSpec {
  return {
    kind: 'heatmap',
    title: `Compatibility by ${m.by} and hardware`,
    subtitle: m.meta.simulatedIncluded ? 'simulated results included' : `simulated results excluded (${m.meta.simulatedExcluded} rows)`,
    rows: m.rows,
    columns: m.hardware,
    cells: m.rows.map((_r, i) => m.hardware.map((_h, j) => m.cells[i * m.hardware.length + j].state)),
    rowLabel: m.by === 'family' ? 'Family' : 'Model',
    columnLabel: 'Hardware',
  }
}

/**
 * The grid, then the evidence: every tested cell when drilling down into one model, otherwise only
 * the cells with failures (their latest reason and date).
 */
export function matrixDocument(m: CompatibilityMatrix, charts: boolean): ReportDocument {
  const drill = m.rows.length === 1
  const cells = m.cells.filter((c) => (drill ? c.state !== 'untested' : c.incompatible > 0))
  const full = matrixCellsTable(m)
  // Without drill-down, the failures table keeps to what explains them, so the reason stays readable.
  const failureKeys = ['row', 'hardware', 'state', 'incompatible', 'latestFailure', 'latestFailureAt']
  const columns = drill ? full.columns : full.columns.filter((c) => failureKeys.includes(c.key))
  const tested = {...full, columns, title: drill ? `Evidence for ${m.rows[0]}` : 'Cells with failures', rows: cells as unknown as Rows}
  const grid: Block = charts ? {kind: 'chart', chart: matrixChart(m)} : {kind: 'table', table: matrixGridTable(m)}
  const notes: Block[] = charts ? matrixGridTable(m).notes!.map((text) => ({kind: 'paragraph' as const, text})) : []
  return {
    title: 'Hardware compatibility matrix',
    subtitle: `${m.rows.length} ${m.by === 'family' ? 'families' : 'models'} × ${m.hardware.length} hardware types`,
    sections: [
      {heading: 'Matrix', blocks: [grid, ...notes]},
      {heading: drill ? 'Evidence' : 'Failures', blocks: cells.length ? [{kind: 'table', table: tested}] : [{kind: 'paragraph', text: 'No failures recorded.'}]},
    ],
    provenance: m.meta,
  }
}

/** What a row's speed-up was computed against, when that is not simply the same precision. */
export function pairingText(r: ComparisonRow, baseline: string): string | null {
  switch (r.pairing) {
    case 'same-precision':
      return null
    case 'cross-precision':
      return `${baseline} ${precisionText(r.baselinePrecision)} (no ${precisionText(r.precision)} baseline)`
    case 'ambiguous':
      return `several ${baseline} series could be the baseline: not compared`
    case 'none':
      return `no ${baseline} result`
  }
}

export function comparisonTable(c: HardwareComparison): Table {
  const table: Table = {
    title: `${c.metricLabel} per hardware, precision and batch size`,
    columns: [
      {key: 'model', title: 'Model'},
      {key: 'hardware', title: 'Hardware'},
      {key: 'device', title: 'Device'},
      {key: 'machine', title: 'Machine'},
      {key: 'precisionText', title: 'Precision'},
      {key: 'batchSize', title: 'Batch', format: 'integer'},
      {key: 'value', title: c.metricLabel, unit: c.unit, format: 'number'},
      {key: 'results', title: 'Results', format: 'integer'},
      {key: 'baselineValue', title: `${c.baseline} value`, unit: c.unit, format: 'number'},
      {key: 'speedup', title: `Speed-up vs ${c.baseline}`, format: 'ratio'},
      {key: 'pairedWith', title: 'Compared with'},
    ],
    rows: c.rows.map((r) => ({...r, precisionText: precisionText(r.precision), pairedWith: pairingText(r, c.baseline)})),
    notes: [
      c.higherIsBetter
        ? `Speed-up = value / ${c.baseline} value of the same model, batch size and precision (${c.metricLabel.toLowerCase()}: higher is better).`
        : `Speed-up = ${c.baseline} value / value of the same model, batch size and precision (${c.metricLabel.toLowerCase()}: lower is better).`,
      'Precisions, devices and machines are never averaged together; a missing precision is "unspecified". Without a baseline of the same precision, a single one of another precision is used and named.',
      ...simulatedNote(c.meta),
    ],
  }
  return withoutEmptyColumns(table, ['device', 'machine', 'pairedWith'])
}

export function comparisonSummaryTable(c: HardwareComparison): Table {
  return {
    title: `Geometric mean speed-up vs ${c.baseline}`,
    columns: [
      {key: 'hardware', title: 'Hardware'},
      {key: 'speedup', title: 'Speed-up', format: 'ratio'},
      {key: 'models', title: 'Models', format: 'integer'},
      {key: 'pairs', title: 'Paired series', format: 'integer'},
      {key: 'crossPrecisionPairs', title: 'Of which across precisions', format: 'integer'},
    ],
    rows: c.summary as unknown as Rows,
    notes: ['Geometric mean over each model’s paired series, then over models (each model weighs the same).'],
  }
}

const scopeText = (c: HardwareComparison) =>
  c.scope.model ? c.scope.model
  : c.scope.models ? `models ${c.scope.models.join(', ')}`
  : c.scope.family ? `family ${c.scope.family}`
  : c.scope.families ? `families ${c.scope.families.join(', ')}`
  : 'all models'

/**
 * One model: bars of each series' speed-up against the baseline series it was paired with, grouped
 * by batch size (the chart says "vs cpu", so it shows ratios: the baseline's own bars are 1.00;
 * the absolute values are in the table); several models: bars of the geometric mean speed-up.
 */
export function comparisonChart(c: HardwareComparison): BarChartSpec {
  const yLabel = `Speed-up vs ${c.baseline}`
  if (c.scope.model) {
    const categories = [...new Set(c.rows.map((r) => r.series))]
    return {
      kind: 'bar', title: `${c.metricLabel} of ${c.scope.model}: speed-up vs ${c.baseline}`,
      subtitle: c.higherIsBetter
        ? `value ÷ paired ${c.baseline} value (above 1 is better); the values are in the table`
        : `paired ${c.baseline} value ÷ value (above 1 is better); the values are in the table`,
      categories, xLabel: 'Hardware', yLabel, yUnit: '×', legendTitle: 'Batch size',
      datasets: c.batchSizes.map((b) => ({
        label: b === null ? 'n/a' : String(b),
        values: categories.map((label) => c.rows.find((r) => r.series === label && r.batchSize === b)?.speedup ?? null),
      })),
    }
  }
  return {
    kind: 'bar', title: `${c.metricLabel}: speed-up vs ${c.baseline} (${scopeText(c)})`, subtitle: 'geometric mean over models',
    categories: c.summary.map((s) => s.hardware), xLabel: 'Hardware', yLabel, yUnit: '×',
    datasets: [{label: 'Geometric mean', values: c.summary.map((s) => s.speedup)}],
  }
}

export function comparisonDocument(c: HardwareComparison, charts: boolean): ReportDocument {
  const blocks: Block[] = charts ? [{kind: 'chart', chart: comparisonChart(c)}] : []
  return {
    title: `Hardware comparison: ${c.metricLabel.toLowerCase()} of ${scopeText(c)}`,
    subtitle: `baseline ${c.baseline}; ${c.rows.length} series value(s)`,
    sections: [
      {heading: 'Speed-up', blocks: [...blocks, {kind: 'table', table: comparisonSummaryTable(c)}]},
      {heading: 'Values', blocks: [{kind: 'table', table: comparisonTable(c)}]},
    ],
    provenance: c.meta,
  }
}

export function trendTable(t: Trend): Table {
  const rows = t.series.flatMap((s) => s.points.map((p) => ({...p, series: s.label})))
  const table: Table = {
    title: `${t.metricLabel} of ${t.model} on ${t.hardware} per run`,
    columns: [
      {key: 'series', title: 'Series'},
      {key: 'measuredAt', title: 'Measured at', format: 'date'},
      {key: 'runName', title: 'Run'},
      {key: 'commit', title: 'Commit'},
      {key: 'device', title: 'Device'},
      {key: 'machine', title: 'Machine'},
      {key: 'batchSize', title: 'Batch', format: 'integer'},
      {key: 'precision', title: 'Precision'},
      {key: 'value', title: t.metricLabel, unit: t.unit, format: 'number'},
      {key: 'results', title: 'Results', format: 'integer'},
    ],
    rows: rows.map((r) => ({...r, measuredAt: r.measuredAt ?? TIME_UNKNOWN, precision: precisionText(r.precision)})) as unknown as Rows,
    notes: [
      ...(t.undatedPoints ? [`${t.undatedPoints} point(s) from runs whose time is unknown (listed first, not on the chart's time axis).`] : []),
      ...simulatedNote(t.meta),
    ],
  }
  return withoutEmptyColumns(table, ['commit', 'device', 'machine'])
}

function pointLabel(runName: string | null, commit: string | null): string | undefined {
  const parts = [runName, commit ? `commit ${commit}` : null].filter(Boolean)
  return parts.length ? parts.join(', ') : undefined
}

export function trendChart(t: Trend): LineChartSpec {
  return {
    kind: 'line', title: `${t.metricLabel} of ${t.model} on ${t.hardware}`,
    subtitle: `one point per run${t.undatedPoints ? `; ${t.undatedPoints} undated point(s) not shown` : ''}`,
    xType: 'time', xLabel: 'Run date', yLabel: t.metricLabel, yUnit: t.unit, legendTitle: 'Series',
    series: t.series.map((s) => ({
      label: s.label,
      // Dated points only (an undated run has no place on a time axis); each point's hover label
      // names its run and, where known, its commit (short hex).
      points: s.points.filter((p) => p.measuredAt !== null).map((p) => ({x: p.measuredAt!, y: p.value, label: pointLabel(p.runName, p.commit)})),
    })),
  }
}

export function trendDocument(t: Trend, charts: boolean): ReportDocument {
  const blocks: Block[] = charts ? [{kind: 'chart', chart: trendChart(t)}] : []
  const points = t.series.reduce((s, x) => s + x.points.length, 0)
  return {
    title: `Trend: ${t.metricLabel.toLowerCase()} of ${t.model} on ${t.hardware}`,
    subtitle: `${points} point(s) in ${t.series.length} series`,
    sections: [{heading: 'Trend', blocks: [...blocks, {kind: 'table', table: trendTable(t)}]}],
    provenance: t.meta,
  }
}

export function sqlTable(r: SqlResult): Table {
  return {
    columns: r.columns.map((c) => ({key: c.name, title: c.name, format: /^(VARCHAR|JSON|UUID|BLOB)/.test(c.type) ? ('text' as const) : undefined})),
    rows: r.rows as Rows,
    notes: r.truncated ? [`Truncated to the first ${r.limit} rows (raise --limit to see more).`] : [],
  }
}

export function sqlDocument(r: SqlResult): ReportDocument {
  return {
    title: 'SQL query',
    subtitle: r.sql,
    sections: [{heading: `${r.rowCount} row(s)${r.truncated ? ' (truncated)' : ''}`, blocks: [{kind: 'table', table: sqlTable(r)}]}],
    provenance: r.meta,
  }
}
