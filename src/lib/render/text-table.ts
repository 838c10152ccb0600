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
import {displayWidth, truncateToWidth} from './text-width.js'
import type {Table} from './types.js'

export interface TextRenderOptions {
  /** Terminal columns; defaults to `process.stdout.columns || 100`. */
  width?: number
  /** ANSI styling (bold headers, dim placeholders). Off by default so piped output stays clean. */
  color?: boolean
}

const PADDING = 2 // cli-table3 default: one space either side, included in colWidths
const MIN_COLUMN = 4 + PADDING // room for three characters and an ellipsis
const MIN_WIDTH = 10

const bold = (text: string) => `\u001b[1m${text}\u001b[22m`
const dim = (text: string) => `\u001b[2m${text}\u001b[22m`

export function terminalWidth(width?: number): number {
  return Math.max(MIN_WIDTH, Math.floor(width ?? (process.stdout.columns || 100)))
}

function cellTexts(table: Table, columns: ResolvedColumn[]): (string | null)[][] {
  return table.rows.map((row) =>
    columns.map((column) => {
      const text = formatCell(row[column.key], column)
      return text === null ? null : singleLine(text)
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
function padCell(text: string, width: number, align: 'left' | 'right', style?: (text: string) => string): string {
  const inner = width - PADDING
  const cut = truncateToWidth(text, inner)
  const gap = ' '.repeat(Math.max(0, inner - displayWidth(cut)))
  const shown = style ? style(cut) : cut
  return ` ${align === 'right' ? gap + shown : shown + gap} `
}

function gridLines(columns: ResolvedColumn[], cells: (string | null)[][], widths: number[], color: boolean): string[] {
  const rule = ([left, join, right]: string[]) => left + widths.map((w) => BOX.line.repeat(w)).join(join) + right
  const row = (texts: string[], styles: ((text: string) => string)[] | undefined, aligns: ('left' | 'right')[]) =>
    BOX.side + texts.map((text, c) => padCell(text, widths[c], aligns[c], styles?.[c])).join(BOX.side) + BOX.side
  const headerAligns = columns.map((column) => column.align)
  const lines = [rule(BOX.top), row(columns.map((column) => singleLine(column.header)), color ? columns.map(() => bold) : undefined, headerAligns)]
  if (cells.length > 0) lines.push(rule(BOX.middle))
  for (const cellRow of cells) {
    const styles = color ? cellRow.map((text) => (text === null ? dim : (t: string) => t)) : undefined
    lines.push(row(cellRow.map((text) => text ?? MISSING), styles, headerAligns))
  }
  lines.push(rule(BOX.bottom))
  return lines
}

export function renderTextTable(table: Table, options: TextRenderOptions = {}): string {
  const width = terminalWidth(options.width)
  const columns = resolveColumns(table)
  const cells = cellTexts(table, columns)
  const valueWidths = columns.map((_column, c) => Math.max(1, ...cells.map((row) => displayWidth(row[c] ?? MISSING))) + PADDING)
  const natural = columns.map((column, c) => Math.max(valueWidths[c], displayWidth(singleLine(column.header)) + PADDING))
  // A truncated number is a wrong number: numeric columns keep their values whole (headers may shrink).
  const minimum = columns.map((column, c) =>
    column.align === 'right' && NUMERIC_FORMATS.has(column.format) ? Math.max(valueWidths[c], MIN_COLUMN) : Math.min(natural[c], MIN_COLUMN),
  )
  const borders = columns.length + 1
  const widths = columns.length > 0 ? fitColumnWidths(natural, minimum, width - borders) : undefined
  const lines: string[] = []
  if (table.title) {
    const title = truncateToWidth(singleLine(table.title), width)
    lines.push(options.color ? bold(title) : title)
  }
  if (columns.length === 0) lines.push('(no columns)')
  else if (widths) lines.push(...gridLines(columns, cells, widths, !!options.color))
  else lines.push(...recordLines(columns, cells, width))
  if (columns.length > 0 && table.rows.length === 0) lines.push('(no rows)')
  for (const note of table.notes ?? []) lines.push(truncateToWidth(singleLine(note), width))
  return lines.join('\n')
}
