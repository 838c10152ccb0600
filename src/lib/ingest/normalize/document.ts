import type {AdapterContext, JsonObject, NormalizedDocument, RunRow} from '../types.js'

/** An empty NormalizedDocument around a run row. */
export function newDocument(run: RunRow): NormalizedDocument {
  return {run, performance: [], compatibility: [], integration: [], webPlatform: [], hardwarePlatforms: [], models: [], unmapped: []}
}

/** File name without directory and extension (.json, .jsonl, .txt, .log): the default test name (the path is for names only). */
export function fileStem(ctx: AdapterContext): string {
  const base = ctx.path.split(/[\\/]/).pop() ?? ctx.path
  return base.replace(/\.(json|jsonl|ndjson|txt|log)$/i, '')
}

/**
 * Run metadata. The file mtime is recorded only when the document carries no time of its own,
 * and only here: it never becomes started_at.
 */
export function runMetadata(ctx: AdapterContext, hasTimestamp: boolean, extra: JsonObject = {}): JsonObject {
  return hasTimestamp ? extra : {...extra, fileMtime: ctx.mtime.toISOString()}
}

/** The keys of `obj` other than `used`: the rest of a source object, kept beside the mapped columns. */
export function rest(obj: Record<string, unknown>, used: readonly string[]): JsonObject {
  let set = usedSets.get(used)
  if (!set) usedSets.set(used, (set = new Set(used)))
  const out: JsonObject = {}
  for (const k of Object.keys(obj)) if (!set.has(k)) out[k] = obj[k]
  return out
}

/** `used` lists are module constants of the adapters: their Sets are built once. */
const usedSets = new WeakMap<readonly string[], Set<string>>()

/** null for an empty object, so rows do not carry `{}` noise. */
export function orNull(obj: JsonObject): JsonObject | null {
  return Object.keys(obj).length > 0 ? obj : null
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
