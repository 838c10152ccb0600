import type {PackedDoc} from '../pack-rows.js'
import type {RunContext} from '../types.js'

/**
 * Precedence of run context: explicit (flags, API parameters, library option) over the file's own
 * values (adapter, then the document normaliser) over the CI environment at ingest time.
 *
 * Fields that describe one thing go together: a branch or repository from a lower source is used
 * only when that source names the same commit (or none), so a file's commit is never paired with
 * the CI job's branch of another commit; the CI provider, run id and run URL come from one source.
 * Tags merge key by key, the higher source winning.
 */
export function mergeContext(...layers: Array<RunContext | null | undefined>): RunContext {
  const ls = layers.filter((l): l is RunContext => Boolean(l))
  const out: RunContext = {}
  const commitLayer = ls.find((l) => l.gitCommit)
  if (commitLayer) out.gitCommit = commitLayer.gitCommit
  const sameCommit = (l: RunContext) => !l.gitCommit || !out.gitCommit || sameSha(l.gitCommit, out.gitCommit)
  for (const k of ['gitBranch', 'repository'] as const) {
    const v = ls.find((l) => l[k] && sameCommit(l))?.[k]
    if (v) out[k] = v
  }
  const ciLayer = ls.find((l) => l.ciRunId || l.ciRunUrl || l.ciProvider)
  if (ciLayer) for (const k of ['ciProvider', 'ciRunId', 'ciRunUrl'] as const) if (ciLayer[k]) out[k] = ciLayer[k]
  for (const k of ['machine', 'runName'] as const) {
    const v = ls.find((l) => l[k])?.[k]
    if (v) out[k] = v
  }
  const tags = Object.assign({}, ...ls.map((l) => l.tags ?? {}).reverse()) as Record<string, string>
  if (Object.keys(tags).length) out.tags = tags
  return out
}

/** Two spellings of one commit: equal, or one an abbreviation of the other. */
export function sameSha(a: string, b: string): boolean {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  return x.startsWith(y) || y.startsWith(x)
}

/** Where the context columns sit in a packed test_runs row (see packDocument). */
const COL = {gitCommit: 7, gitBranch: 8, repository: 12, ciProvider: 13, ciRunId: 14, ciRunUrl: 15, machine: 16, runName: 17, tags: 18} as const

/** The context a packed document's run row holds (what the adapter and the normaliser found). */
export function packedContext(packed: PackedDoc): RunContext {
  const row = packed.rows.test_runs!
  const ctx: RunContext = {}
  for (const [k, i] of Object.entries(COL) as Array<[keyof typeof COL, number]>) {
    const v = row[i]
    if (v === null || v === undefined) continue
    if (k === 'tags') ctx.tags = JSON.parse(String(v)) as Record<string, string>
    else ctx[k] = String(v)
  }
  return ctx
}

/** Writes the merged context of explicit, file and CI layers into a packed document's run row. */
export function applyContext(packed: PackedDoc, explicit: RunContext | undefined, ci: RunContext | undefined): void {
  if (!hasAny(explicit) && !hasAny(ci)) return
  const row = packed.rows.test_runs
  if (!row) return
  const merged = mergeContext(explicit, packedContext(packed), ci)
  for (const [k, i] of Object.entries(COL) as Array<[keyof typeof COL, number]>) {
    const v = merged[k]
    row[i] = v === undefined || v === null ? null : k === 'tags' ? JSON.stringify(v) : v
  }
}

function hasAny(ctx: RunContext | undefined): boolean {
  return Boolean(ctx && Object.values(ctx).some((v) => v !== null && v !== undefined))
}
