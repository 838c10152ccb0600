/**
 * Which baseline series a series is compared with (compare-hardware). The candidates are the
 * baseline hardware type's series of the same model and batch size. Preference, narrowing only
 * while something is left: the same precision (a missing precision is its own value,
 * "unspecified", never a wildcard), then the same machine, then the same simulated flag. When no
 * candidate has the same precision, a single candidate of another precision is used and the row
 * says so ('cross-precision'); when more than one candidate remains, nothing is picked
 * ('ambiguous'): averaging them is exactly the mix this rule exists to prevent.
 */
export type Pairing = 'same-precision' | 'cross-precision' | 'ambiguous' | 'none'

export interface PairingSeries {
  precision: string | null
  machine: string | null
  simulated: boolean
}

const narrow = <T>(list: T[], keep: (x: T) => boolean): T[] => {
  const kept = list.filter(keep)
  return kept.length ? kept : list
}

export function pairBaseline<T extends PairingSeries>(s: PairingSeries, candidates: T[]): {pairing: Pairing; with: T | null} {
  if (candidates.length === 0) return {pairing: 'none', with: null}
  const same = candidates.filter((c) => c.precision === s.precision)
  let pool = same.length ? same : candidates
  pool = narrow(pool, (c) => c.machine === s.machine)
  pool = narrow(pool, (c) => c.simulated === s.simulated)
  if (pool.length > 1) return {pairing: 'ambiguous', with: null}
  return {pairing: same.length ? 'same-precision' : 'cross-precision', with: pool[0]}
}
