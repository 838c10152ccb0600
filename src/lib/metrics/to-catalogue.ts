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
    return {value: (value * from) / to, factor: from / to}
  }
  if (entry.kind === 'throughput') {
    const f = rateFactor(u, entry.unit)
    return f === null ? null : {value: value * f, factor: f}
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
