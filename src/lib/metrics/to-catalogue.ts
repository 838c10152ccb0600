import type {MetricEntry} from './catalogue.js'
import {factorOf, type UnitKind} from './units.js'

/**
 * A value in the unit a file gives, expressed in its catalogue entry's unit: times, sizes and
 * energies through units.ts, rates by their per-time denominator (tokens/min -> tokens/s), a
 * percentage as a ratio. Returns null when the unit is not one of that metric's kind (a latency
 * "in tokens/s"), so callers reject or skip the value rather than store a wrong number.
 * The result is value x factor; the factor is reported so explanations can show it.
 */
export function toCatalogueUnit(entry: MetricEntry, value: number, unit: string): {value: number; factor: number} | null {
  const u = unit.trim()
  if (u.toLowerCase() === entry.unit.toLowerCase()) return {value, factor: 1}
  const kind: UnitKind | null = entry.kind === 'time' ? 'time' : entry.kind === 'memory' ? 'size' : entry.kind === 'energy' && entry.unit === 'J' ? 'energy' : null
  if (kind) {
    const from = factorOf(u, kind)
    const to = factorOf(entry.unit, kind)
    if (from === null || to === null) return null
    return {value: scale(value, from / to), factor: from / to}
  }
  if (entry.kind === 'throughput') {
    const f = rateFactor(u, entry.unit)
    return f === null ? null : {value: scale(value, f), factor: f}
  }
  if (entry.unit === 'ratio' && u === '%') return {value: value / 100, factor: 0.01}
  return null
}

/** Numerator spellings of the catalogue's rate units. */
const RATE_NOUNS: Record<string, string> = {
  item: 'items', items: 'items', it: 'items', samples: 'samples', sample: 'samples',
  token: 'tokens', tokens: 'tokens', tok: 'tokens', request: 'requests', requests: 'requests', req: 'requests',
  op: 'ops', ops: 'ops', mb: 'MB',
}

function rateFactor(unit: string, target: string): number | null {
  const [num, den] = unit.split('/')
  const [tNum, tDen] = target.split('/')
  if (!num || !den || !tNum || !tDen) return null
  const noun = RATE_NOUNS[num.trim().toLowerCase()] ?? num.trim()
  if (noun.toLowerCase() !== tNum.toLowerCase()) return null
  const per = factorOf(den, 'time')
  const perTarget = factorOf(tDen, 'time')
  if (per === null || perTarget === null) return null
  return perTarget / per
}

/**
 * value x factor, dividing by the integer 1/factor when there is one: 104857600 bytes are
 * 104.8576 MB, not the 104.85759999999999 that multiplying by 1e-6 gives.
 */
export function scale(value: number, factor: number): number {
  if (factor >= 1) return value * factor
  const inverse = Math.round(1 / factor)
  return Math.abs(inverse * factor - 1) < 1e-12 ? value / inverse : value * factor
}
