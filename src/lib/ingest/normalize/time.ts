/**
 * Timestamps come from the file and are normalised to ISO-8601 UTC strings ending in `Z`.
 * Accepted: ISO strings (with `T` or a space; naive ones carry no zone and are taken as UTC,
 * since the files never say otherwise), compact `YYYYMMDD_HHMMSS`, and unix seconds (number).
 * Fractional seconds are kept to the microsecond (DuckDB TIMESTAMP precision). Anything else
 * gives null: a time is never invented.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/
const COMPACT = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})$/

function fraction(digits: string | undefined): string {
  return digits ? '.' + digits.slice(0, 6) : ''
}

export function toIsoUtc(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    const micros = Math.round(value * 1e6)
    const whole = new Date(Math.floor(micros / 1e6) * 1000).toISOString().slice(0, 19)
    const frac = micros % 1e6
    return frac === 0 ? `${whole}Z` : `${whole}.${String(frac).padStart(6, '0').replace(/0+$/, '')}Z`
  }
  if (typeof value !== 'string') return null
  const compact = COMPACT.exec(value)
  if (compact) {
    const [, y, mo, d, h, mi, s] = compact
    return `${y}-${mo}-${d}T${h}:${mi}:${s}Z`
  }
  const m = ISO.exec(value.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, s, frac, zone] = m
  if (!zone || zone === 'Z') return `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction(frac)}Z`
  // Offset given: shift to UTC at second precision, then re-attach the original fraction.
  const shifted = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone.length === 5 ? zone.slice(0, 3) + ':' + zone.slice(3) : zone}`)
  if (Number.isNaN(shifted.getTime())) return null
  return shifted.toISOString().slice(0, 19) + fraction(frac) + 'Z'
}

/** Earliest and latest of several file timestamps (for run started/completed). */
export function timeRange(values: unknown[]): {startedAt: string | null; completedAt: string | null} {
  // Compare on a fixed-width key: '...13Z' would otherwise sort after '...13.297Z'.
  const key = (v: string) => (v.includes('.') ? v.slice(0, -1).padEnd(26, '0') : v.slice(0, -1) + '.000000')
  const iso = values
    .map(toIsoUtc)
    .filter((v): v is string => v !== null)
    .sort((a, b) => key(a).localeCompare(key(b)))
  return {startedAt: iso[0] ?? null, completedAt: iso.length > 1 ? iso[iso.length - 1] : null}
}
