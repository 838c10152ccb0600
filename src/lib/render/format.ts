/**
 * Value formatting shared by every human-facing renderer (text, Markdown, HTML), so a number
 * reads the same everywhere. CSV deliberately bypasses this and keeps raw values (see csv.ts).
 */
import type {Column, ColumnFormat, Table} from './types.js'

/** Shown for null, undefined and NaN in human renderers (never `null` / `NaN`). */
export const MISSING = '–'

export interface ResolvedColumn {
  key: string
  /** Title with unit: `Latency (ms)`. */
  header: string
  align: 'left' | 'right'
  format: ColumnFormat
  decimals: number
}

export const NUMERIC_FORMATS: ReadonlySet<ColumnFormat> = new Set(['number', 'integer', 'percent', 'ratio'])

// A fixed locale: output must not depend on the machine's LANG.
const LOCALE = 'en-US'
const fixedFormatters = new Map<number, Intl.NumberFormat>()
// Made on first use: the first Intl object of a process costs ~25 ms (ICU set-up), which a
// one-shot `db:query` whose numbers all go through fixedText never needs to pay.
let tinyFormatter: Intl.NumberFormat | undefined

function fixed(decimals: number): Intl.NumberFormat {
  let formatter = fixedFormatters.get(decimals)
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALE, {minimumFractionDigits: decimals, maximumFractionDigits: decimals})
    fixedFormatters.set(decimals, formatter)
  }
  return formatter
}

export function isMissing(value: unknown): value is null | undefined {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))
}

export function columnHeader(column: Pick<Column, 'title' | 'unit'>): string {
  return column.unit ? `${column.title} (${column.unit})` : column.title
}

/** Infers a format for columns that do not declare one, so a whole column uses the same decimals. */
function inferFormat(key: string, rows: Record<string, unknown>[]): ColumnFormat {
  let sawValue = false
  let allIntegers = true
  for (const row of rows) {
    const value = row[key]
    if (isMissing(value)) continue
    sawValue = true
    if (typeof value === 'bigint') continue
    if (typeof value !== 'number') return value instanceof Date ? 'date' : 'text'
    if (!Number.isInteger(value)) allIntegers = false
  }
  if (!sawValue) return 'text'
  return allIntegers ? 'integer' : 'number'
}

export function resolveColumns(table: Pick<Table, 'columns' | 'rows'>): ResolvedColumn[] {
  return table.columns.map((column) => {
    const format = column.format ?? inferFormat(column.key, table.rows)
    return {
      key: column.key,
      header: columnHeader(column),
      align: column.align ?? (NUMERIC_FORMATS.has(format) ? 'right' : 'left'),
      format,
      decimals: column.decimals ?? (format === 'percent' ? 1 : 2),
    }
  })
}

/** Numbers may arrive as bigint (DuckDB BIGINT) or numeric strings (DECIMAL); accept both. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return undefined
}

export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞'
  // Fixed decimals would print 0.00 for 0.0004 ms, which reads as "free"; keep two significant digits.
  if (value !== 0 && Math.abs(value) < 0.5 * 10 ** -decimals) {
    tinyFormatter ??= new Intl.NumberFormat(LOCALE, {maximumSignificantDigits: 2})
    return tinyFormatter.format(value)
  }
  const text = formatFixed(value, decimals)
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text
}

/** Exactly Intl.NumberFormat('en-US', {minimumFractionDigits: decimals, maximumFractionDigits: decimals}). */
export function formatFixed(value: number, decimals: number): string {
  return fixedText(value, decimals) ?? fixed(decimals).format(value)
}

/**
 * The text Intl.NumberFormat('en-US', {fixed decimals}) gives, at a fraction of its cost (which
 * matters for tables of thousands of rows): like ICU, it rounds the shortest decimal form of the
 * double (String(value), so 1.005 becomes 1.01), half away from zero, and groups thousands.
 * Undefined for exponent notation, which Intl handles.
 */
function fixedText(value: number, decimals: number): string | undefined {
  const digits = String(Math.abs(value))
  if (digits.includes('e')) return undefined
  const dot = digits.indexOf('.')
  let int: string
  let frac: string
  if (dot >= 0 && digits.length - dot - 1 > decimals && digits.slice(dot + 1 + decimals) === '5') {
    // A decimal tie (1.005 to 2 places): toFixed would round the binary value (1.00499...) down;
    // ICU rounds the decimal text up. Add one unit in the last kept place, carrying as needed.
    const all = (digits.slice(0, dot) + digits.slice(dot + 1, dot + 1 + decimals)).split('')
    let i = all.length - 1
    while (i >= 0 && all[i] === '9') all[i--] = '0'
    if (i < 0) all.unshift('1')
    else all[i] = String.fromCharCode(all[i].charCodeAt(0) + 1)
    int = all.slice(0, all.length - decimals).join('')
    frac = all.slice(all.length - decimals).join('')
  } else {
    // Otherwise the exact binary value and its shortest decimal text round the same way (a
    // rounding boundary between them would itself be a shorter text of the same double).
    const fixedDigits = Math.abs(value).toFixed(decimals)
    const fixedDot = fixedDigits.indexOf('.')
    int = fixedDot < 0 ? fixedDigits : fixedDigits.slice(0, fixedDot)
    frac = fixedDot < 0 ? '' : fixedDigits.slice(fixedDot + 1)
  }
  let grouped = int
  if (int.length > 3) {
    grouped = int.slice(0, int.length % 3 || 3)
    for (let i = int.length % 3 || 3; i < int.length; i += 3) grouped += ',' + int.slice(i, i + 3)
  }
  return (value < 0 ? '-' : '') + grouped + (decimals > 0 ? '.' + frac : '')
}

export function formatDate(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  // The ISO-8601 UTC text every result carries (toISOString's shape): no Date round trip needed.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value)) return `${value.slice(0, 10)} ${value.slice(11, 19)}`
  const date = value instanceof Date ? value : new Date(String(value))
  if (Number.isNaN(date.getTime())) return String(value)
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

function formatOther(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'bigint') return value.toLocaleString(LOCALE)
  if (value instanceof Date) return formatDate(value)
  if (typeof value === 'object') return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
  return String(value)
}

/** Human text for one cell, or null when the value is missing (each renderer picks its placeholder). */
export function formatCell(value: unknown, column: Pick<ResolvedColumn, 'format' | 'decimals'>): string | null {
  if (isMissing(value)) return null
  if (column.format === 'date') return formatDate(value)
  if (column.format === 'text') return formatOther(value)
  const number = asNumber(value)
  if (number === undefined || Number.isNaN(number)) return formatOther(value)
  switch (column.format) {
    case 'integer':
      return typeof value === 'bigint' ? value.toLocaleString(LOCALE) : formatNumber(Math.round(number), 0)
    case 'percent':
      return `${formatNumber(number * 100, column.decimals)}%`
    case 'ratio':
      return `${formatNumber(number, column.decimals)}×`
    default:
      return formatNumber(number, column.decimals)
  }
}

/**
 * Collapses newlines, tabs and other control characters (including ESC, which would let a crafted
 * model name drive the terminal) to single spaces: a cell must stay one line of plain text.
 */
export function singleLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
}
