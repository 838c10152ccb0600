import type {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {closest, didYouMean} from '../util/did-you-mean.js'
import {filterNames, NAME_FILTERS, type NameFilter, type ReportFilters} from './filters.js'

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

/**
 * The names of a filter, as the database spells them (matched case-insensitively), or a usage error for the
 * first that none holds. A value that is not a name but a comma list of names (`a,b`, as the API's
 * `?model=a,b` and the CLI's `--model a,b` allow) becomes those names; a name that itself contains
 * a comma (a JMH benchmark `bench(size=10,mode=x)`) stays whole, since it is known as it is.
 */
export async function resolveNames(
  bench: BenchDb, kind: KnownKind, values: NameFilter | undefined, flag: string = KINDS[kind].flag, options: {keepUnknown?: boolean} = {},
): Promise<string[] | undefined> {
  const wanted = filterNames(values)
  if (wanted === undefined) return undefined
  const known = (await bench.db.all<{v: string}>(KINDS[kind].sql)).map((r) => r.v)
  // Lower case -> the database's spelling (the first, when two differ only in case).
  const lower = new Map<string, string>()
  for (const k of known) if (!lower.has(k.toLowerCase())) lower.set(k.toLowerCase(), k)
  const out: string[] = []
  for (const value of wanted) {
    const parts = lower.has(value.toLowerCase()) || !value.includes(',') ? [value] : filterNames(value.split(',')) ?? []
    for (const part of parts) {
      const spelled = lower.get(part.toLowerCase())
      if (spelled === undefined && options.keepUnknown) {
        out.push(part)
        continue
      }
      if (spelled === undefined) {
        const suggestion = didYouMean(closest(part, known))
        throw new BenchError('usage', `${flag} "${part}": no ${kind === 'hardware' ? 'hardware type' : kind} of that name in the database${suggestion ? `; ${suggestion}` : ''}`, {
          hint: `List them with: ${KINDS[kind].list}`,
        })
      }
      out.push(spelled)
    }
  }
  return filterNames(out)
}

/** Throws a usage error for the first value of `values` that no row of the database holds (case-insensitive). */
export async function requireKnown(bench: BenchDb, kind: KnownKind, values: NameFilter | undefined, flag: string = KINDS[kind].flag): Promise<void> {
  await resolveNames(bench, kind, values, flag)
}

/**
 * The filters with every model, family and hardware name checked against the database and comma
 * lists split. `keepUnknown`: an unknown name is kept (it matches nothing) instead of refused, for
 * listings whose contract is an empty page (GET /api/performance).
 */
export async function resolveFilterNames<F extends ReportFilters>(bench: BenchDb, filters: F = {} as F, options: {keepUnknown?: boolean} = {}): Promise<F> {
  const out: F = {...filters}
  for (const kind of NAME_FILTERS) {
    const names = await resolveNames(bench, kind, filters[kind], KINDS[kind].flag, options)
    if (names) out[kind] = names
    else delete out[kind]
  }
  return out
}
