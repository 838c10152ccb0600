/**
 * A chart's data as a Table, so renderers that cannot show images (terminal, Markdown) still
 * show the numbers behind the chart instead of dropping it.
 */
import type {BarChartSpec, ChartSpec, Column, HeatmapSpec, LineChartSpec, Table} from './types.js'

function valueColumns(labels: string[], unit: string | undefined): Column[] {
  // Keys are positional: dataset labels are free text and may collide with the first column's key.
  return labels.map((label, index) => ({key: `v${index}`, title: label, unit, format: 'number' as const}))
}

function barTable(spec: BarChartSpec): Table {
  const labels = spec.datasets.map((d) => (spec.legendTitle ? `${spec.legendTitle} ${d.label}` : d.label))
  return {
    title: spec.title,
    columns: [{key: 'x', title: spec.xLabel ?? 'Category'}, ...valueColumns(labels, spec.yUnit)],
    rows: spec.categories.map((category, i) => {
      const row: Record<string, unknown> = {x: category}
      spec.datasets.forEach((d, j) => (row[`v${j}`] = d.values[i] ?? null))
      return row
    }),
    notes: [`Values: ${spec.yLabel}${spec.yUnit ? ` (${spec.yUnit})` : ''}`],
  }
}

/** Union of all x values, in order: ISO strings sort chronologically, numbers numerically. */
export function lineXValues(spec: LineChartSpec): (string | number)[] {
  const all = new Set(spec.series.flatMap((s) => s.points.map((p) => p.x)))
  return [...all].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0))
}

function lineTable(spec: LineChartSpec): Table {
  const xs = lineXValues(spec)
  const lookups = spec.series.map((s) => new Map(s.points.map((p) => [p.x, p.y])))
  return {
    title: spec.title,
    columns: [
      {key: 'x', title: spec.xLabel, format: spec.xType === 'time' ? 'date' : undefined},
      ...valueColumns(spec.series.map((s) => s.label), spec.yUnit),
    ],
    rows: xs.map((x) => {
      const row: Record<string, unknown> = {x}
      lookups.forEach((lookup, j) => (row[`v${j}`] = lookup.get(x) ?? null))
      return row
    }),
    notes: [`Values: ${spec.yLabel}${spec.yUnit ? ` (${spec.yUnit})` : ''}`],
  }
}

function heatmapTable(spec: HeatmapSpec): Table {
  return {
    title: spec.title,
    columns: [
      {key: 'row', title: spec.rowLabel ?? ''},
      ...spec.columns.map((title, index) => ({key: `c${index}`, title, format: 'text' as const})),
    ],
    rows: spec.rows.map((row, r) => {
      const record: Record<string, unknown> = {row}
      spec.columns.forEach((_c, c) => (record[`c${c}`] = spec.cells[r]?.[c] ?? 'untested'))
      return record
    }),
  }
}

export function chartAsTable(spec: ChartSpec): Table {
  switch (spec.kind) {
    case 'bar':
      return barTable(spec)
    case 'line':
      return lineTable(spec)
    case 'heatmap':
      return heatmapTable(spec)
  }
}
