import type {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {closest, didYouMean} from '../util/did-you-mean.js'

/**
 * A filter naming a model, family or hardware type the database has never seen is a typo far more
 * often than a question whose answer is "nothing": it is a usage error (exit 2, HTTP 400) with the
 * database's closest values, instead of an empty report and exit 0.
 */
const KINDS = {
  model: {flag: '--model', sql: 'SELECT DISTINCT model_name AS v FROM models', list: 'bench db:query --sql "SELECT model_name FROM models ORDER BY 1"'},
  family: {flag: '--family', sql: 'SELECT DISTINCT model_family AS v FROM models WHERE model_family IS NOT NULL', list: 'bench db:query --sql "SELECT DISTINCT model_family FROM models ORDER BY 1"'},
  hardware: {flag: '--hardware', sql: 'SELECT DISTINCT hardware_type AS v FROM hardware_platforms', list: 'bench db:query --sql "SELECT DISTINCT hardware_type FROM hardware_platforms ORDER BY 1"'},
} as const

export type KnownKind = keyof typeof KINDS

/** Throws a usage error for the first value of `values` that no row of the database holds (case-insensitive). */
export async function requireKnown(bench: BenchDb, kind: KnownKind, values: string | string[] | undefined, flag: string = KINDS[kind].flag): Promise<void> {
  const wanted = (Array.isArray(values) ? values : values === undefined ? [] : [values]).filter((v) => v.trim() !== '')
  if (wanted.length === 0) return
  const known = (await bench.db.all<{v: string}>(KINDS[kind].sql)).map((r) => r.v)
  const lower = new Set(known.map((k) => k.toLowerCase()))
  for (const value of wanted) {
    if (lower.has(value.trim().toLowerCase())) continue
    const suggestion = didYouMean(closest(value.trim(), known))
    throw new BenchError('usage', `${flag} "${value}": no ${kind === 'hardware' ? 'hardware type' : kind} of that name in the database${suggestion ? `; ${suggestion}` : ''}`, {
      hint: `List them with: ${KINDS[kind].list}`,
    })
  }
}
