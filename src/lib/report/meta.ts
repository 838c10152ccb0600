import type {BenchDb} from '../db/bench-db.js'
import {BENCHDB_VERSION} from '../version.js'
import type {ChartSpec, Provenance} from '../render/types.js'
import {describeFilterObject, type ReportFilters} from './filters.js'

/**
 * What every result carries about how it was made; it is the provenance footer of HTML, text and
 * Markdown output and the `meta` object of JSON output (same fields as the renderer's Provenance).
 */
export interface ResultMeta extends Provenance {
  filters: Record<string, string | number | boolean | string[]>
  schemaVersion: number
  simulatedExcluded: number
}

export interface MetaOptions {
  /** Fixed generation time (tests, reproducible output); defaults to now. */
  now?: Date
  /**
   * Told the result's primary chart as soon as its data is known, before the rest of the result
   * is computed (the summary knows its chart's data well before its compatibility counts), so a
   * chart thread can draw it meanwhile (render/charts/thread.ts). It must not change anything.
   */
  prefetchChart?: (spec: ChartSpec) => void
}

export function makeMeta(
  bench: BenchDb,
  filters: ReportFilters,
  counts: {rowsUsed: number; simulatedExcluded: number},
  options: MetaOptions = {},
): ResultMeta {
  return {
    benchdbVersion: BENCHDB_VERSION,
    databasePath: bench.displayName,
    schemaVersion: bench.schemaVersion,
    filters: describeFilterObject(filters),
    generatedAt: (options.now ?? new Date()).toISOString(),
    rowsUsed: counts.rowsUsed,
    simulatedIncluded: Boolean(filters.includeSimulated),
    simulatedExcluded: filters.includeSimulated ? 0 : counts.simulatedExcluded,
  }
}

/** `n simulated rows excluded (use --include-simulated to include them)` or nothing. */
export function simulatedNote(meta: ResultMeta): string[] {
  if (meta.simulatedIncluded) return ['Simulated rows are included.']
  if (meta.simulatedExcluded === 0) return []
  return [`${meta.simulatedExcluded} simulated row(s) excluded (use --include-simulated to include them).`]
}

/** `N models without any data hidden (use --all to show them).` or nothing. */
export function hiddenNote(hidden: number, what: 'model' | 'family'): string[] {
  if (hidden === 0) return []
  const noun = what === 'family' ? (hidden === 1 ? 'family' : 'families') : hidden === 1 ? 'model' : 'models'
  return [`${hidden} ${noun} without any data hidden (use --all to show them).`]
}

/**
 * What a report shows for a run time that is unknown (the run's file and name carried none): said
 * in words, never replaced by when the file was ingested. `known === false`: nothing to date.
 */
export const TIME_UNKNOWN = 'time unknown'
export const shownTime = (time: string | null, hasEvidence: boolean): string | null => (time === null && hasEvidence ? TIME_UNKNOWN : time)
