/**
 * What a context value must look like, shared by the document normaliser (which ignores a value
 * that fails), the CI environment reader (same) and explicit flags / API parameters (which refuse
 * it with a usage error). Each returns the value to store, or null.
 */

/** A git commit as given, full or abbreviated: 4 to 64 hex digits (SHA-1 or SHA-256 object names). */
export const COMMIT = /^[0-9a-f]{4,64}$/i
/** What a document's guessed commit must be: at least 7 digits (git's shortest default abbreviation). */
const DOCUMENT_COMMIT = /^[0-9a-f]{7,64}$/i

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** A commit found in a document (stricter: a 4-digit hex word in a file is more likely a coincidence). */
export function cleanCommit(v: unknown): string | null {
  return typeof v === 'string' && DOCUMENT_COMMIT.test(v.trim()) ? v.trim() : null
}

/**
 * A branch name: `refs/heads/` and a remote's `origin/` are dropped (`refs/heads/main` and
 * Jenkins' `origin/main` are branch `main`); a tag or pull-request ref is not a branch.
 */
export function cleanBranch(v: unknown): string | null {
  if (typeof v !== 'string') return null
  let b = v.trim()
  if (/^refs\/(tags|pull|merge-requests)\//.test(b)) return null
  b = b.replace(/^refs\/heads\//, '').replace(/^refs\/remotes\/[^/]+\//, '').replace(/^origin\//, '')
  return b.length > 0 && b.length <= 255 && !/\s/.test(b) && !CONTROL.test(b) && !b.includes('..') ? b : null
}

/** A repository or run URL (or an `owner/name` slug): no spaces, bounded length. */
export function cleanUrl(v: unknown): string | null {
  if (typeof v !== 'string') return null
  const u = v.trim()
  return u.length > 0 && u.length <= 1000 && !/\s/.test(u) && !CONTROL.test(u) ? u : null
}

/** A machine, run or runner name: printable, bounded length. */
export function cleanName(v: unknown): string | null {
  if (typeof v !== 'string') return null
  const n = v.trim()
  return n.length > 0 && n.length <= 255 && !CONTROL.test(n) ? n : null
}

/** A tag key: letters, digits and `_ . - / :`. */
export const TAG_KEY = /^[A-Za-z0-9_.\-/:]{1,64}$/

/** `key=value` (the value may be empty, and may itself contain `=`), or null when malformed. */
export function parseTag(text: string): [string, string] | null {
  const eq = text.indexOf('=')
  if (eq <= 0) return null
  const k = text.slice(0, eq).trim()
  const value = text.slice(eq + 1).trim()
  if (!TAG_KEY.test(k) || value.length > 500 || CONTROL.test(value)) return null
  return [k, value]
}
