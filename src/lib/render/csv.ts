/**
 * RFC 4180 CSV for spreadsheets and scripts. Values stay raw (full precision, no thousands
 * separators, fractions stay fractions) because CSV is for machines; units go in the header.
 */
import {stringify} from 'csv-stringify/sync'

import {columnHeader, isMissing} from './format.js'
import type {Table} from './types.js'

// Spreadsheets evaluate a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/

/** Prefixes `'` to strings a spreadsheet would run as a formula. Numbers are left alone: -3 is data. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

function csvValue(value: unknown): string | number {
  if (isMissing(value)) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? value : neutraliseFormula(String(value))
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') return neutraliseFormula(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
  return neutraliseFormula(String(value))
}

export interface CsvOptions {
  /** Include the header row (default true). */
  header?: boolean
}

export function renderCsv(table: Table, options: CsvOptions = {}): string {
  const records = table.rows.map((row) => table.columns.map((column) => csvValue(row[column.key])))
  if (options.header ?? true) records.unshift(table.columns.map((column) => neutraliseFormula(columnHeader(column))))
  return stringify(records, {
    record_delimiter: 'windows',
    // With CRLF records csv-stringify only quotes fields containing the full CRLF; RFC 4180 needs
    // any lone CR or LF quoted too, or readers split the record.
    quoted_match: /[\r\n]/,
  })
}
