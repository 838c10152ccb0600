/**
 * Unit conversion into the catalogue's units: time to milliseconds, sizes to MB (10^6 bytes),
 * energy to joules, rates per second. Every adapter converts through here, so each stored number is
 * the file's number times one documented factor (docs/formats.md lists them).
 */

const TIME_TO_MS: Record<string, number> = {
  ps: 1e-9, picosecond: 1e-9, picoseconds: 1e-9,
  ns: 1e-6, nanosecond: 1e-6, nanoseconds: 1e-6,
  us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, microsecond: 1e-3, microseconds: 1e-3,
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  min: 60_000, minute: 60_000, minutes: 60_000,
}

const SIZE_TO_MB: Record<string, number> = {
  b: 1e-6, byte: 1e-6, bytes: 1e-6,
  kb: 1e-3, mb: 1, gb: 1e3, tb: 1e6,
  kib: 1024 / 1e6, mib: 1048576 / 1e6, gib: 1073741824 / 1e6,
}

const ENERGY_TO_J: Record<string, number> = {j: 1, joule: 1, joules: 1, kj: 1e3, wh: 3600, kwh: 3.6e6, mj: 1e-3}

export type UnitKind = 'time' | 'size' | 'energy'

/** Factor that turns a value in `unit` into the catalogue unit of its kind, or null when unknown. */
export function factorOf(unit: string, kind: UnitKind): number | null {
  const u = unit.trim().toLowerCase().replace(/\/op$/, '')
  const table = kind === 'time' ? TIME_TO_MS : kind === 'size' ? SIZE_TO_MB : ENERGY_TO_J
  return table[u] ?? table[unit.trim()] ?? null
}

/** A duration in `unit` as milliseconds (null when the unit is not a time unit). */
export function toMs(value: number, unit: string): number | null {
  const f = factorOf(unit, 'time')
  return f === null ? null : value * f
}

/** A size in `unit` as MB (10^6 bytes; null when the unit is not a size unit). */
export function toMb(value: number, unit: string): number | null {
  const f = factorOf(unit, 'size')
  return f === null ? null : value * f
}

/** An energy in `unit` as joules (null when unknown). */
export function toJoules(value: number, unit: string): number | null {
  const f = factorOf(unit, 'energy')
  return f === null ? null : value * f
}
