/**
 * Terminal tables sized to the terminal: columns are narrowed (long cells end in an ellipsis)
 * rather than wrapped, and when even narrow columns cannot fit, each row is printed as
 * `Header: value` lines so the output never exceeds the width.
 *
 * The grid is drawn here rather than by cli-table3 (same box characters and layout as its compact
 * style): cli-table3 re-measures every cell several times and took seconds for the thousands of
 * rows a performance report over a large database has; this draws each cell once.
 */
import {MISSING, NUMERIC_FORMATS, formatCell, resolveColumns, singleLine, type ResolvedColumn} from './format.js'
import {displayWidth, truncateToWidth, wrapToWidth} from './text-width.js'
import type {Table} from './types.js'

export interface TextRenderOptions {
  /** Terminal columns; defaults to `process.stdout.columns || 100`. */
  width?: number
  /** ANSI styling (bold headers, dim placeholders). Off by default so piped output stays clean. */
  color?: boolean
  /**
   * Show at most this many rows of each table, then a line saying how many were left out (the CLI
   * sets it for a terminal only: pipes and files get every row). Unbounded by default.
   */
  maxRows?: number
  /**
   * Fit tables to `width` by narrowing columns (cells end in an ellipsis). Only a terminal wants
   * that: files, pipes and CI logs get every value whole (`false`), and `--no-truncate` asks for
   * it on a terminal too. Default true (the width is a terminal's unless told otherwise).
   */
  truncate?: boolean
}

const PADDING = 2 // cli-table3 default: one space either side, included in colWidths
const MIN_COLUMN = 4 + PADDING // room for three characters and an ellipsis
const MIN_WIDTH = 10

const bold = (text: string) => `\u001b[1m${text}\u001b[22m`
const dim = (text: string) => `\u001b[2m${text}\u001b[22m`

export function terminalWidth(width?: number): number {
  return Math.max(MIN_WIDTH, Math.floor(width ?? (process.stdout.columns || 100)))
}

function cellTexts(rows: Table['rows'], columns: ResolvedColumn[]): (string | null)[][] {
  // Formatted numbers and dates cannot hold control characters; only text needs singleLine.
  const plain = columns.map((column) => NUMERIC_FORMATS.has(column.format) || column.format === 'date')
  return rows.map((row) =>
    columns.map((column, c) => {
      const text = formatCell(row[column.key], column)
      return text === null ? null : plain[c] ? text : singleLine(text)
    }),
  )
}

/**
 * Column widths (padding included) between each column's minimum and natural width that fit
 * `available`, or undefined when even the minimums do not fit. Wide columns share a common cap,
 * so one long model name cannot starve the others.
 */
export function fitColumnWidths(natural: number[], minimum: number[], available: number): number[] | undefined {
  const sum = (widths: number[]) => widths.reduce((a, b) => a + b, 0)
  const capped = (cap: number) => natural.map((w, i) => Math.max(minimum[i], Math.min(w, cap)))
  if (sum(minimum) > available) return undefined
  if (sum(natural) <= available) return natural
  let low = 0
  let high = Math.max(...natural)
  while (low < high) {
    const cap = Math.ceil((low + high) / 2)
    if (sum(capped(cap)) <= available) low = cap
    else high = cap - 1
  }
  const widths = capped(low)
  // Hand the remainder (less than one per capped column) to the leftmost capped columns.
  let spare = available - sum(widths)
  for (let i = 0; i < widths.length && spare > 0; i++) {
    if (widths[i] < natural[i]) {
      widths[i]++
      spare--
    }
  }
  return widths
}

function recordLines(columns: ResolvedColumn[], cells: (string | null)[][], width: number): string[] {
  const lines: string[] = []
  cells.forEach((row, index) => {
    if (index > 0) lines.push('')
    columns.forEach((column, c) => lines.push(truncateToWidth(`${singleLine(column.header)}: ${row[c] ?? MISSING}`, width)))
  })
  return lines
}

const BOX = {top: ['┌', '┬', '┐'], middle: ['├', '┼', '┤'], bottom: ['└', '┴', '┘'], line: '─', side: '│'}

/** One cell padded to its column: one space either side, cut with an ellipsis when too long. */
function padCell(text: string, width: number, align: 'left' | 'right', style?: (text: string) => string, textWidth = displayWidth(text)): string {
  const inner = width - PADDING
  const cut = textWidth <= inner ? text : truncateToWidth(text, inner)
  const gap = ' '.repeat(Math.max(0, inner - (cut === text ? textWidth : displayWidth(cut))))
  const shown = style ? style(cut) : cut
  return ` ${align === 'right' ? gap + shown : shown + gap} `
}

function gridLines(columns: ResolvedColumn[], cells: (string | null)[][], cellWidths: number[][], widths: number[], color: boolean): string[] {
  const rule = ([left, join, right]: string[]) => left + widths.map((w) => BOX.line.repeat(w)).join(join) + right
  const row = (texts: string[], styles: ((text: string) => string)[] | undefined, aligns: ('left' | 'right')[], textWidths?: number[]) =>
    BOX.side + texts.map((text, c) => padCell(text, widths[c], aligns[c], styles?.[c], textWidths?.[c])).join(BOX.side) + BOX.side
  const headerAligns = columns.map((column) => column.align)
  const lines = [rule(BOX.top), row(columns.map((column) => singleLine(column.header)), color ? columns.map(() => bold) : undefined, headerAligns)]
  if (cells.length > 0) lines.push(rule(BOX.middle))
  for (let r = 0; r < cells.length; r++) {
    const cellRow = cells[r]
    const styles = color ? cellRow.map((text) => (text === null ? dim : (t: string) => t)) : undefined
    lines.push(row(cellRow.map((text) => text ?? MISSING), styles, headerAligns, cellWidths[r]))
  }
  lines.push(rule(BOX.bottom))
  return lines
}

export function renderTextTable(table: Table, options: TextRenderOptions = {}): string {
  const width = terminalWidth(options.width)
  const columns = resolveColumns(table)
  const bounded = options.maxRows !== undefined && table.rows.length > options.maxRows
  const cells = cellTexts(bounded ? table.rows.slice(0, options.maxRows) : table.rows, columns)
  // Each cell measured once (thousands of rows): for the column widths and again for its padding.
  const cellWidths = cells.map((row) => row.map((text) => displayWidth(text ?? MISSING)))
  const valueWidths = columns.map((_column, c) => cellWidths.reduce((w, row) => Math.max(w, row[c]), 1) + PADDING)
  const natural = columns.map((column, c) => Math.max(valueWidths[c], displayWidth(singleLine(column.header)) + PADDING))
  // A truncated number is a wrong number: numeric columns keep their values whole (headers may shrink).
  const minimum = columns.map((column, c) =>
    column.align === 'right' && NUMERIC_FORMATS.has(column.format) ? Math.max(valueWidths[c], MIN_COLUMN) : Math.min(natural[c], MIN_COLUMN),
  )
  const borders = columns.length + 1
  const fit = options.truncate ?? true
  const widths = columns.length === 0 ? undefined : fit ? fitColumnWidths(natural, minimum, width - borders) : natural
  const lines: string[] = []
  if (table.title) {
    const title = fit ? truncateToWidth(singleLine(table.title), width) : singleLine(table.title)
    lines.push(options.color ? bold(title) : title)
  }
  if (columns.length === 0) lines.push('(no columns)')
  else for (const line of widths ? gridLines(columns, cells, cellWidths, widths, !!options.color) : recordLines(columns, cells, width)) lines.push(line)
  if (columns.length > 0 && table.rows.length === 0) lines.push('(no rows)')
  if (bounded) {
    const more = table.rows.length - cells.length
    const count = (n: number) => n.toLocaleString('en-US')
    const text = `… ${count(more)} more row${more === 1 ? '' : 's'} not shown (showing ${count(cells.length)} of ${count(table.rows.length)}). ` +
      'For every row, pipe or redirect the output, or use --format csv, json, markdown or html (--output FILE); or narrow it with filters such as --model, --family or --hardware.'
    lines.push(...wrapToWidth(text, width))
  }
  for (const note of table.notes ?? []) lines.push(fit ? truncateToWidth(singleLine(note), width) : singleLine(note))
  return lines.join('\n')
}
