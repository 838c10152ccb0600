/**
 * Provenance as label/value pairs, shared by every document renderer so the footer of a text,
 * Markdown and HTML report lists the same facts in the same order.
 */
import {formatNumber} from './format.js'
import type {Provenance} from './types.js'

export interface ProvenanceEntry {
  label: string
  value: string
}

function describeFilterValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object')) return value.map(String).join(',')
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
}

/** `key=value; key=value`, keys sorted so the output does not depend on object construction order. */
export function describeFilters(filters: Record<string, unknown>): string {
  const keys = Object.keys(filters)
    .filter((key) => filters[key] !== undefined)
    .sort()
  if (keys.length === 0) return 'none'
  return keys.map((key) => `${key}=${describeFilterValue(filters[key])}`).join('; ')
}

export function provenanceEntries(provenance: Provenance): ProvenanceEntry[] {
  const excluded = provenance.simulatedExcluded
  return [
    {label: 'benchdb version', value: provenance.benchdbVersion},
    {label: 'Database', value: provenance.databasePath},
    {label: 'Schema version', value: String(provenance.schemaVersion)},
    {label: 'Filters', value: describeFilters(provenance.filters)},
    {label: 'Generated at', value: provenance.generatedAt},
    {label: 'Rows used', value: formatNumber(provenance.rowsUsed, 0)},
    {label: 'Simulated rows included', value: provenance.simulatedIncluded ? 'yes' : 'no'},
    {label: 'Simulated rows excluded', value: excluded === undefined ? 'not counted' : formatNumber(excluded, 0)},
  ]
}
