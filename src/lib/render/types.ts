/**
 * The render data model: report functions produce these plain, JSON-serialisable values and the
 * CLI / REST API hand them to a renderer (text, Markdown, CSV, HTML, PNG). Nothing here knows
 * about the database, so a report can be tested by comparing data, not strings.
 */

/**
 * How a column's values are shown to humans. CSV keeps raw values regardless.
 * - number: fixed decimals (default 2), thousands separators
 * - integer: rounded, thousands separators
 * - percent: the value is a FRACTION (0.125 is shown as 12.5 %), as SQL ratios produce it
 * - ratio: a multiplier (1.5 is shown as 1.50×), e.g. speed-ups
 * - text: String(value)
 * - date: ISO-8601; Date objects and ISO strings are shown as `YYYY-MM-DD HH:MM:SS` (UTC)
 * Without a format, numbers are shown as integer or number depending on the value.
 */
export type ColumnFormat = 'number' | 'integer' | 'percent' | 'ratio' | 'text' | 'date'

export interface Column {
  /** Property name in each row. */
  key: string
  /** Human header. The unit, when given, is appended as `Title (unit)`. */
  title: string
  unit?: string
  /** Defaults to right for numeric formats (or numeric values when format is absent), else left. */
  align?: 'left' | 'right'
  format?: ColumnFormat
  /** Decimals for number/percent/ratio; default 2 (1 for percent). */
  decimals?: number
}

export interface Table {
  title?: string
  columns: Column[]
  rows: Record<string, unknown>[]
  /** Short remarks shown under the table (e.g. "3 simulated rows excluded"). */
  notes?: string[]
}

/** Grouped bars: one bar group per category (e.g. hardware), one dataset per group key (e.g. batch size). */
export interface BarChartSpec {
  kind: 'bar'
  title: string
  subtitle?: string
  categories: string[]
  /** `values[i]` belongs to `categories[i]`; null leaves a gap. */
  datasets: {label: string; values: (number | null)[]}[]
  xLabel?: string
  yLabel: string
  yUnit?: string
  /** Title above the legend, e.g. "Batch size". */
  legendTitle?: string
  /** Log scale: forced on or off; absent = automatic (when positive values span two decades). */
  logScale?: boolean
  /**
   * false: each category has a value in one dataset only (the datasets name what each bar is, e.g.
   * its hardware), so bars take the whole slot instead of a group's share. Default true.
   */
  grouped?: boolean
}

/**
 * Trends. `xType: 'time'` treats x as ISO-8601 strings placed on a category axis in sorted order
 * (no date adapter needed, and runs are events rather than a continuous signal);
 * `xType: 'linear'` treats x as numbers such as a run index.
 */
export interface LineChartSpec {
  kind: 'line'
  title: string
  subtitle?: string
  xType: 'time' | 'linear'
  xLabel: string
  yLabel: string
  yUnit?: string
  /** `label`: what a point's hover shows besides its value (its run, its commit). */
  series: {label: string; points: {x: string | number; y: number | null; label?: string}[]}[]
  legendTitle?: string
  /** Horizontal bands (a threshold, a noise band), drawn behind the lines in interactive charts. */
  bands?: {label: string; low: number; high: number}[]
  /** Vertical markers at x values (a change point), with a label. */
  markers?: {x: string | number; label: string}[]  /** Log scale: forced on or off; absent = automatic (when positive values span two decades). */
  logScale?: boolean
}

export type CompatibilityState = 'compatible' | 'incompatible' | 'partial' | 'untested'

/** A rows × columns grid, e.g. models × hardware. */
export interface HeatmapSpec {
  kind: 'heatmap'
  title: string
  subtitle?: string
  rows: string[]
  columns: string[]
  /** `cells[r][c]`; missing or null cells are drawn as untested. */
  cells: (CompatibilityState | null | undefined)[][]
  rowLabel?: string
  columnLabel?: string
}

export type ChartSpec = BarChartSpec | LineChartSpec | HeatmapSpec

export type Block =
  | {kind: 'paragraph'; text: string}
  | {kind: 'table'; table: Table}
  /** `width`/`height` are the PNG size in pixels; each chart kind has its own default. */
  | {kind: 'chart'; chart: ChartSpec; width?: number; height?: number}

/** Blocks are ordered so a report can interleave prose, tables and charts. */
export interface Section {
  heading: string
  blocks: Block[]
}

export interface Provenance {
  benchdbVersion: string
  databasePath: string
  schemaVersion: string | number
  filters: Record<string, unknown>
  /** ISO-8601. Passed in rather than read from the clock so output is reproducible. */
  generatedAt: string
  rowsUsed: number
  simulatedIncluded: boolean
  simulatedExcluded?: number
}

export interface ReportDocument {
  title: string
  subtitle?: string
  sections: Section[]
  provenance: Provenance
}
