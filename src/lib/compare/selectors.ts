import type {Database} from '../db/connection.js'
import {BenchError} from '../errors.js'
import {RUN_ORDER_ASC_SQL, RUN_ORDER_DESC_SQL, RUN_TIME_SQL} from '../series/definition.js'

/**
 * Run selectors: how a user names the set of runs on each side of a comparison.
 *
 *   123 | run:123            one run id
 *   latest                   the newest run with performance results
 *   window:N                 the N runs (with performance results) before the candidate; baseline only
 *   window:N@BRANCH          the same, counting only runs on that git branch
 *   2025-03-01..2025-03-10   runs started in that date range (inclusive; either end may be left open)
 *   2025-03-01               runs started that day
 *   commit:SHA | SHA         runs of a git commit (prefix, at least 4 characters)
 *   branch:NAME | NAME       runs on a git branch
 *
 * A bare word that looks like a hex commit is tried as a commit first, then as a branch.
 */

export type Selector =
  | {kind: 'run'; text: string; runId: number}
  | {kind: 'latest'; text: string}
  | {kind: 'window'; text: string; size: number; branch: string | null}
  | {kind: 'dates'; text: string; from: string | null; to: string | null}
  | {kind: 'commit'; text: string; commit: string}
  | {kind: 'branch'; text: string; branch: string}
  | {kind: 'ref'; text: string; ref: string}

export interface RunInfo {
  runId: number
  /** When the run was measured (started_at, else completed_at; null: time unknown). Never when it was stored. */
  at: string | null
  testName: string
  gitCommit: string | null
  gitBranch: string | null
}

export interface ResolvedSelector {
  selector: Selector
  /** Runs in time order, oldest first. */
  runs: RunInfo[]
}

export const SELECTOR_SYNTAX =
  'a run id, latest, window:N (or window:N@BRANCH), a date or date range (2025-03-01..2025-03-10), commit:SHA, branch:NAME, or a bare commit/branch'

const MAX_WINDOW = 1000

function usage(text: string, why: string): BenchError {
  return new BenchError('usage', `invalid run selector "${text}": ${why}`, {expected: SELECTOR_SYNTAX})
}

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/

function checkDate(text: string, value: string): string {
  if (!DATE.test(value) || Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value))) {
    throw usage(text, `"${value}" is not a date (YYYY-MM-DD or an ISO date-time)`)
  }
  return value
}

export function parseSelector(input: string): Selector {
  const text = input.trim()
  if (text === '') throw usage(input, 'it is empty')
  if (text === 'latest') return {kind: 'latest', text}

  const prefixed = /^(run|window|commit|branch):(.*)$/.exec(text)
  if (prefixed) {
    const [, kind, value] = prefixed
    if (value === '') throw usage(text, `nothing after "${kind}:"`)
    if (kind === 'run') {
      if (!/^\d+$/.test(value)) throw usage(text, 'a run id is a whole number')
      return {kind: 'run', text, runId: Number(value)}
    }
    if (kind === 'window') {
      const [size, branch, ...rest] = value.split('@')
      if (!/^\d+$/.test(size) || Number(size) < 1 || Number(size) > MAX_WINDOW) {
        throw usage(text, `the window size must be a whole number from 1 to ${MAX_WINDOW}`)
      }
      if (branch === '' || rest.length > 0) throw usage(text, 'write window:N@BRANCH with one branch name')
      return {kind: 'window', text, size: Number(size), branch: branch ?? null}
    }
    if (kind === 'commit') {
      if (!/^[0-9a-fA-F]{4,64}$/.test(value)) throw usage(text, `"${value}" is not a commit: 4 to 64 hex digits`)
      return {kind: 'commit', text, commit: value}
    }
    return {kind: 'branch', text, branch: value}
  }
  if (text.includes('..')) {
    const parts = text.split('..')
    if (parts.length !== 2) throw usage(text, 'a date range has exactly one ".."')
    const [from, to] = parts.map((p) => p.trim())
    if (from === '' && to === '') throw usage(text, 'a date range needs at least one end')
    const range = {kind: 'dates' as const, text, from: from ? checkDate(text, from) : null, to: to ? checkDate(text, to) : null}
    if (range.from && range.to && rangeStart(range.from) > rangeEnd(range.to)) throw usage(text, 'the range ends before it starts')
    return range
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const day = checkDate(text, text)
    return {kind: 'dates', text, from: day, to: day}
  }
  if (/^\d+$/.test(text)) return {kind: 'run', text, runId: Number(text)}
  if (/\s/.test(text)) throw usage(text, 'it contains spaces')
  return {kind: 'ref', text, ref: text}
}

/** A date alone covers its whole day (UTC); a date-time is exact. */
function rangeStart(value: string): number {
  return value.length === 10 ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value)
}

function rangeEnd(value: string): number {
  return value.length === 10 ? Date.parse(`${value}T00:00:00Z`) + 86_400_000 - 1 : Date.parse(value)
}

/** Measurement time and run order: the one definition (series/definition.ts); undated runs are never `latest`. */
const RUN_TIME = RUN_TIME_SQL
/** A run counts when it has performance results (measured ones, unless simulated results are included). */
const hasResults = (includeSimulated: boolean) =>
  `EXISTS (SELECT 1 FROM performance_results pr WHERE pr.run_id = tr.run_id${includeSimulated ? '' : ' AND NOT pr.is_simulated'})`

export interface ResolveOptions {
  /** Runs with only simulated results count too (they are skipped by default, like the results). */
  includeSimulated?: boolean
}
const RUN_COLUMNS = `tr.run_id AS "runId", ${RUN_TIME} AS "at", tr.test_name AS "testName",
  tr.git_commit AS "gitCommit", tr.git_branch AS "gitBranch"`

/** Runs matching `where`, oldest first; `newest` with `limit` keeps only the newest ones. */
async function runs(db: Database, where: string, params: (string | number)[] = [], newest = false, limit?: number): Promise<RunInfo[]> {
  const order = newest ? RUN_ORDER_DESC_SQL : RUN_ORDER_ASC_SQL
  const rows = await db.all<RunInfo & Record<string, never>>(
    `SELECT ${RUN_COLUMNS} FROM test_runs tr WHERE ${where} ORDER BY ${order}${limit ? ` LIMIT ${Math.floor(limit)}` : ''}`,
    params,
  )
  const found = rows.map((r) => ({...r}))
  return newest ? found.reverse() : found
}

/** The runs with these ids, oldest first. */
export async function runsByIds(db: Database, ids: readonly number[]): Promise<RunInfo[]> {
  if (ids.length === 0) return []
  return runs(db, `tr.run_id IN (${ids.map((n) => String(Math.floor(n))).join(',')})`)
}

/**
 * The runs a selector names. `window:N` needs the candidate's runs (`before`). Selectors that name
 * nothing are usage errors, so CI can tell "wrong baseline" (exit 2) from "regression" (exit 1).
 */
export async function resolveSelector(db: Database, selector: Selector, before?: RunInfo[], options: ResolveOptions = {}): Promise<ResolvedSelector> {
  const HAS_RESULTS = hasResults(Boolean(options.includeSimulated))
  let found: RunInfo[]
  switch (selector.kind) {
    case 'run':
      found = await runs(db, `tr.run_id = ? AND ${HAS_RESULTS}`, [selector.runId])
      break
    case 'latest':
      found = await runs(db, HAS_RESULTS, [], true, 1)
      break
    case 'window': {
      if (!before || before.length === 0) {
        throw new BenchError('usage', `"${selector.text}" is relative to the candidate and can only be the baseline`, {
          hint: 'Use --baseline window:N together with a --candidate selector.',
        })
      }
      const first = before[0]
      const onBranch = selector.branch === null ? '' : ' AND tr.git_branch = ?'
      // "Before" in run order: undated runs precede every dated one (ties and undated runs by id).
      const earlier = first.at === null
        ? `(${RUN_TIME} IS NULL AND tr.run_id < ?)`
        : `(${RUN_TIME} IS NULL OR ${RUN_TIME} < ?::TIMESTAMP OR (${RUN_TIME} = ?::TIMESTAMP AND tr.run_id < ?))`
      found = await runs(db, `${HAS_RESULTS}${onBranch} AND ${earlier}`,
        [...(selector.branch === null ? [] : [selector.branch]), ...(first.at === null ? [] : [first.at, first.at]), first.runId], true, selector.size)
      break
    }
    case 'dates': {
      const conds = [HAS_RESULTS]
      const params: string[] = []
      if (selector.from) {
        conds.push(`${RUN_TIME} >= ?::TIMESTAMP`)
        params.push(new Date(rangeStart(selector.from)).toISOString())
      }
      if (selector.to) {
        conds.push(`${RUN_TIME} <= ?::TIMESTAMP`)
        params.push(new Date(rangeEnd(selector.to)).toISOString())
      }
      found = await runs(db, conds.join(' AND '), params)
      break
    }
    case 'commit':
      found = await commitRuns(db, selector.text, selector.commit, HAS_RESULTS)
      break
    case 'branch':
      found = await runs(db, `tr.git_branch = ? AND ${HAS_RESULTS}`, [selector.branch])
      break
    case 'ref':
      found = /^[0-9a-fA-F]{4,64}$/.test(selector.ref) ? await commitRuns(db, selector.text, selector.ref, HAS_RESULTS) : []
      if (found.length === 0) found = await runs(db, `tr.git_branch = ? AND ${HAS_RESULTS}`, [selector.ref])
      break
  }
  if (found.length === 0) {
    const kind = options.includeSimulated ? 'performance results' : 'measured (non-simulated) performance results'
    throw new BenchError('usage', `run selector "${selector.text}" matches no run with ${kind}`, {
      expected: SELECTOR_SYNTAX,
      hint: 'List the runs with `bench db:query --sql "SELECT run_id, started_at, git_commit, git_branch FROM test_runs ORDER BY started_at"`.',
    })
  }
  return {selector, runs: found}
}

async function commitRuns(db: Database, text: string, prefix: string, hasResultsSql: string): Promise<RunInfo[]> {
  const found = await runs(db, `starts_with(lower(tr.git_commit), lower(?)) AND ${hasResultsSql}`, [prefix])
  const commits = [...new Set(found.map((r) => r.gitCommit))]
  if (commits.length > 1) {
    throw new BenchError('usage', `commit prefix "${text}" is ambiguous: it matches ${commits.join(', ')}`, {
      hint: 'Give more characters of the commit.',
    })
  }
  return found
}
