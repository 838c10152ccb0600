import {toPlain, type Plain, type Row} from '../db/values.js'
import {limitExceeded, type SqlLimits} from './limits.js'

/**
 * Counts the JSON bytes of a result as its rows are produced and refuses the first value, row or
 * total over its limit, so an oversized result stops at the chunk that crosses the line instead of
 * being converted and serialised whole. Each row's JSON text is kept: it is the response body.
 */
export class ResultBudget {
  private total = 0
  readonly rowJson: string[] = []
  readonly rows: Row[] = []

  constructor(
    private readonly limits: Pick<SqlLimits, 'cellBytes' | 'rowBytes' | 'responseBytes'>,
    private readonly names: string[],
    /** Keep the converted row objects too (the CLI renders them; the API only needs the text). */
    private readonly keepRows: boolean,
  ) {}

  /** Converts and counts one row of DuckDB values (in column order). */
  add(values: readonly unknown[]): void {
    const parts: string[] = []
    const row: Row = {}
    let rowBytes = 2
    for (let i = 0; i < this.names.length; i++) {
      const plain: Plain = toPlain(values[i])
      // A huge value is refused before it is serialised (a second copy, and minutes of GC near the heap cap).
      if (jsonLowerBound(plain, this.limits.cellBytes) > this.limits.cellBytes) {
        throw limitExceeded('cellBytes', `a value in column "${this.names[i]}" is over the ${this.limits.cellBytes}-byte limit for one value`, this.limits.cellBytes)
      }
      const cell = JSON.stringify(plain)
      // UTF-16 length is at most the UTF-8 byte count, so a string is measured exactly only when it is close.
      const bytes = cell.length * 3 > this.limits.cellBytes ? Buffer.byteLength(cell) : cell.length
      if (bytes > this.limits.cellBytes) {
        throw limitExceeded('cellBytes', `a value in column "${this.names[i]}" is ${bytes} bytes, over the ${this.limits.cellBytes}-byte limit for one value`, this.limits.cellBytes)
      }
      const part = `${JSON.stringify(this.names[i])}:${cell}`
      rowBytes += part.length + 1
      if (rowBytes > this.limits.rowBytes) {
        throw limitExceeded('rowBytes', `row ${this.rowJson.length + 1} is over the ${this.limits.rowBytes}-byte limit for one row`, this.limits.rowBytes)
      }
      parts.push(part)
      if (this.keepRows) row[this.names[i]] = plain
    }
    this.total += rowBytes + 1
    if (this.total > this.limits.responseBytes) {
      throw limitExceeded('responseBytes', `the result is over the ${this.limits.responseBytes}-byte limit after ${this.rowJson.length} rows`, this.limits.responseBytes)
    }
    this.rowJson.push(`{${parts.join(',')}}`)
    if (this.keepRows) this.rows.push(row)
  }

  get count(): number {
    return this.rowJson.length
  }

  /** The rows as one JSON array text. */
  json(): string {
    return `[${this.rowJson.join(',')}]`
  }
}

/** A cheap lower bound of a value's JSON length; stops counting once it passes `max`. */
function jsonLowerBound(value: Plain, max: number): number {
  if (typeof value === 'string') return value.length + 2
  if (value === null || typeof value !== 'object') return 1
  let n = 2
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    n += jsonLowerBound(item, max) + 1
    if (n > max) return n
  }
  return n
}
