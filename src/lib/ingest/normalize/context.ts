import type {RunContext} from '../types.js'
import {isObject} from './document.js'
import {cleanBranch, cleanCommit, cleanName, cleanUrl} from '../context/values.js'

/**
 * The run context a document states about itself, whatever its format: the usual spellings of
 * commit, branch, repository, host and tags, looked up at the document's top level and in the
 * objects that hold run metadata (`metadata`, `environment`, `git`, `commit_info`, `machine_info`,
 * `system_info`, ...), never inside result rows or lists: a model's `revision` in a result row is
 * the model repository's commit, not the benchmarked code's.
 *
 * Each value must look like what it claims (a commit is hex, a branch has no spaces, a host is not
 * an architecture name such as `x86_64`); anything else is ignored rather than stored wrongly.
 * The engine fills only what the adapter left empty (adapter values win over these guesses).
 */

/** Objects whose keys describe the run (lower-cased, `-` read as `_`). */
const CONTAINERS = new Set([
  'metadata', 'meta', 'run_metadata', 'run_info', 'run', 'run_context', 'context', 'environment', 'env',
  'git', 'git_info', 'vcs', 'vcs_info', 'source_control', 'scm', 'commit_info', 'commit', 'machine_info', 'system_info', 'system',
  'host_info', 'host', 'platform_info', 'ci', 'ci_info', 'build', 'build_info', 'provenance', 'benchmark_metadata',
  'benchmark_info', 'info', 'header', 'labels',
])
/** Containers in which a bare `id`, `hash`, `sha`, `url`, `name` or `ref` means the commit, repository or branch. */
const GIT_CONTAINERS = new Set(['git', 'git_info', 'vcs', 'vcs_info', 'source_control', 'scm', 'commit_info', 'commit'])

const COMMIT_KEYS = ['git_commit', 'git_commit_hash', 'git_hash', 'git_sha', 'git_revision', 'commit_sha', 'commit_hash', 'commit_id', 'commit', 'sha', 'revision', 'source_version']
const BRANCH_KEYS = ['git_branch', 'branch_name', 'branch', 'git_ref', 'ref']
const REPO_KEYS = ['git_repository', 'repository_url', 'repo_url', 'git_url', 'git_remote', 'remote_url', 'project_url', 'repository', 'repo']
/** Host first: `node` is pytest-benchmark's and platform.node()'s host name. */
const MACHINE_KEYS = ['hostname', 'host_name', 'machine_name', 'node_name', 'computer_name', 'runner_name', 'node', 'machine', 'host', 'runner']
const RUN_NAME_KEYS = ['run_name']
const CI_URL_KEYS = ['ci_run_url', 'build_url', 'run_url', 'job_url', 'pipeline_url']
const GIT_COMMIT_KEYS = ['id', 'hash', 'sha']
const GIT_BRANCH_KEYS = ['branch', 'ref', 'head', 'branch_name']
const GIT_REPO_KEYS = ['url', 'remote', 'origin', 'repository', 'repo']

const key = (k: string) => k.toLowerCase().replace(/-/g, '_')

interface Found {
  /** The object's values by normalised key (first spelling wins), built once: a root may have many keys. */
  values: Map<string, unknown>
  /** Normalised name of the key holding this object ('' for the root). */
  name: string
}

function indexed(obj: Record<string, unknown>, name: string): Found {
  const values = new Map<string, unknown>()
  for (const [k, v] of Object.entries(obj)) if (!values.has(key(k))) values.set(key(k), v)
  return {values, name}
}

/** The root and the metadata containers below it, at most two levels down, root first. */
function containers(doc: unknown): Found[] {
  if (!isObject(doc)) return []
  const out: Found[] = [indexed(doc, '')]
  for (let i = 0; i < out.length && out.length < 64; i++) {
    const {values, name} = out[i]
    const depth = name === '' ? 0 : name.split('.').length
    if (depth >= 2) continue
    for (const n of CONTAINERS) {
      const v = values.get(n)
      if (isObject(v)) out.push(indexed(v, name ? `${name}.${n}` : n))
    }
  }
  return out
}

/** First value, in key order then container order, that `clean` accepts. */
function pick<T>(found: Found[], keys: readonly string[], clean: (v: unknown) => T | null, only?: (f: Found) => boolean): T | null {
  for (const k of keys) {
    for (const f of found) {
      if (only && !only(f)) continue
      const c = f.values.has(k) ? clean(f.values.get(k)) : null
      if (c !== null) return c
    }
  }
  return null
}

const lastName = (f: Found) => f.name.split('.').pop() ?? ''
const inGit = (f: Found) => GIT_CONTAINERS.has(lastName(f))

/** Free tags: an object of scalars, or a list of `key=value` strings, under `tags`. */
function tags(found: Found[]): Record<string, string> | null {
  const out: Record<string, string> = {}
  for (const f of found) {
    const t = f.values.get('tags')
    if (isObject(t)) {
      for (const [k, v] of Object.entries(t)) if (['string', 'number', 'boolean'].includes(typeof v) && k.length <= 64) out[k] ??= String(v)
    } else if (Array.isArray(t)) {
      for (const item of t) {
        const m = typeof item === 'string' ? /^([^=\s]{1,64})=(.*)$/.exec(item) : null
        if (m) out[m[1]] ??= m[2]
      }
    }
  }
  return Object.keys(out).length ? out : null
}

export function documentContext(doc: unknown): RunContext {
  const found = containers(doc)
  if (found.length === 0) return {}
  const ctx: RunContext = {
    gitCommit: pick(found, GIT_COMMIT_KEYS, cleanCommit, inGit) ?? pick(found, COMMIT_KEYS, cleanCommit),
    gitBranch: pick(found, GIT_BRANCH_KEYS, cleanBranch, inGit) ?? pick(found, BRANCH_KEYS, cleanBranch),
    repository: pick(found, GIT_REPO_KEYS, cleanUrl, inGit) ?? pick(found, REPO_KEYS, cleanUrl),
    machine: pick(found, MACHINE_KEYS, cleanHost),
    runName: pick(found, RUN_NAME_KEYS, cleanName),
    ciRunUrl: pick(found, CI_URL_KEYS, cleanUrl),
    tags: tags(found),
  }
  for (const k of Object.keys(ctx) as Array<keyof RunContext>) if (ctx[k] === null) delete ctx[k]
  return ctx
}

/** `platform.machine()` and friends: an architecture is not a host. */
const ARCHITECTURES = /^(x86_64|x86|amd64|i[3-6]86|arm64|aarch64|armv\d+l?|arm|ppc64(le)?|s390x|riscv64|mips64?)$/i

function cleanHost(v: unknown): string | null {
  const name = cleanName(v)
  return name !== null && !ARCHITECTURES.test(name) && !/\s/.test(name) ? name : null
}
