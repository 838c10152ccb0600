import type {Context} from 'hono'
import {checkContext, type ContextFieldNames, type ExplicitContextInput} from '../lib/ingest/context/explicit.js'
import type {RunContext} from '../lib/ingest/types.js'

/**
 * The run context a `POST /api/results` request gives for its documents: query parameters
 * (`git_commit`, `git_branch`, `repository`, `machine`, `run_name`, `ci_run_id`, `ci_run_url`,
 * `tag=k=v` repeatable) or `X-Bench-*` headers of the same names (`X-Bench-Git-Commit`,
 * `X-Bench-Tag: k=v, k2=v2`). A parameter wins over its header. Checked like the CLI flags: a
 * bad value is a 400 naming it, and nothing of the request is written. The server's own CI
 * environment is never used: it is not the caller's.
 */
const FIELDS: Array<[keyof ExplicitContextInput, string]> = [
  ['gitCommit', 'git_commit'], ['gitBranch', 'git_branch'], ['repository', 'repository'], ['machine', 'machine'],
  ['runName', 'run_name'], ['ciRunId', 'ci_run_id'], ['ciRunUrl', 'ci_run_url'], ['tags', 'tag'],
]

const header = (param: string) => 'X-Bench-' + param.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('-')

export const CONTEXT_PARAMETERS = FIELDS.map(([, p]) => p)

export function requestContext(c: Context): RunContext | undefined {
  const input: ExplicitContextInput = {}
  const names = {} as ContextFieldNames
  for (const [field, param] of FIELDS) {
    const fromQuery = field === 'tags' ? c.req.queries(param) : c.req.query(param)
    const h = c.req.header(header(param))
    names[field] = fromQuery !== undefined ? `query parameter ${param}` : `header ${header(param)}`
    if (field === 'tags') {
      // Repeated headers arrive joined by ", ".
      const tags = (fromQuery as string[] | undefined) ?? h?.split(',').map((t) => t.trim()).filter(Boolean)
      if (tags?.length) input.tags = tags
    } else {
      const v = (fromQuery as string | undefined) ?? h
      if (v !== undefined) input[field] = v
    }
  }
  const ctx = checkContext(input, names)
  return Object.keys(ctx).length ? ctx : undefined
}
