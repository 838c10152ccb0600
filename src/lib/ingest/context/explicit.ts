import {BenchError} from '../../errors.js'
import type {RunContext} from '../types.js'
import {cleanBranch, cleanName, cleanUrl, COMMIT, parseTag} from './values.js'

/**
 * Context given explicitly (db:convert flags, POST /api/results parameters or headers, the
 * library's `context` option), checked before anything is opened or written: a value that does
 * not look like what it names is a usage error naming the value, never stored half-right.
 * `names` says how the caller spells each field in the message (`--git-commit`, `git_commit`).
 */
export interface ExplicitContextInput {
  gitCommit?: string | null
  gitBranch?: string | null
  repository?: string | null
  machine?: string | null
  runName?: string | null
  ciRunId?: string | null
  ciRunUrl?: string | null
  /** `key=value` strings, or an object of key -> value. */
  tags?: readonly string[] | Record<string, string> | null
}

export type ContextFieldNames = Record<keyof ExplicitContextInput, string>

export const LIBRARY_NAMES: ContextFieldNames = {
  gitCommit: 'context.gitCommit', gitBranch: 'context.gitBranch', repository: 'context.repository', machine: 'context.machine',
  runName: 'context.runName', ciRunId: 'context.ciRunId', ciRunUrl: 'context.ciRunUrl', tags: 'context.tags',
}

type ScalarField = Exclude<keyof ExplicitContextInput, 'tags'>

/** Each scalar field: how it is checked and what the error says was expected. */
const FIELDS: ReadonlyArray<readonly [ScalarField, (v: unknown) => string | null, string]> = [
  ['gitCommit', (v) => (typeof v === 'string' && COMMIT.test(v) ? v : null), 'a git commit: 4 to 64 hex digits (full or abbreviated), e.g. 3f2a9c1'],
  ['gitBranch', cleanBranch, 'a branch name without spaces, e.g. main or feature/x'],
  ['repository', cleanUrl, 'a repository URL or owner/name without spaces'],
  ['machine', cleanName, 'a non-empty machine name (at most 255 printable characters)'],
  ['runName', cleanName, 'a non-empty run name (at most 255 printable characters)'],
  ['ciRunId', cleanName, 'a non-empty CI run id'],
  ['ciRunUrl', cleanUrl, 'a URL without spaces'],
]

function bad(name: string, value: unknown, expected: string): BenchError {
  return new BenchError('usage', `${name} ${JSON.stringify(value)} is not valid`, {expected})
}

export function checkContext(input: ExplicitContextInput | undefined, names: ContextFieldNames = LIBRARY_NAMES): RunContext {
  const out: RunContext = {}
  if (!input) return out
  for (const [k, clean, expected] of FIELDS) {
    const v = input[k]
    if (v === undefined || v === null) continue
    const c = clean(v)
    if (c === null) throw bad(names[k], v, expected)
    out[k] = c
  }
  const tags = input.tags
  if (tags) {
    const pairs: Array<[string, string]> = []
    for (const t of Array.isArray(tags) ? tags : Object.entries(tags).map(([k, v]) => `${k}=${v}`)) {
      const kv = typeof t === 'string' ? parseTag(t) : null
      if (!kv) throw bad(names.tags, t, 'key=value, the key made of letters, digits and _ . - / : (at most 64), e.g. --tag gpu=a100')
      pairs.push(kv)
    }
    // A key given twice keeps its last value (as repeated flags usually do).
    if (pairs.length) out.tags = Object.fromEntries(pairs)
  }
  return out
}
