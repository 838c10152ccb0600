/**
 * DuckDB hands back BIGINT as bigint and TIMESTAMP as Date; callers (JSON output, the API, tests)
 * want plain JSON values. Ids and counts always fit in a double here, so they become numbers.
 */
export type Plain = null | boolean | number | string | Plain[] | {[key: string]: Plain}

export function toPlain(value: unknown): Plain {
  if (value === null || value === undefined) return null
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString()
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (Array.isArray(value)) return value.map(toPlain)
  if (typeof value === 'object') {
    const out: Record<string, Plain> = {}
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toPlain(v)
    return out
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value
  return String(value)
}

export type Row = Record<string, Plain>
