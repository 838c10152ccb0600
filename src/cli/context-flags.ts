import {Flags} from '@oclif/core'
import {checkContext, type ContextFieldNames} from '../lib/ingest/context/explicit.js'
import type {RunContext} from '../lib/ingest/types.js'

/**
 * The run-context flags, declared once for every command that ingests (db:convert today). They win
 * over what the files say, which wins over the CI job's environment. Values are checked before
 * anything is opened: a bad one is a usage error (exit 2) naming it, and nothing is written.
 */
export const contextFlags = {
  'git-commit': Flags.string({summary: 'Git commit the results were measured at (4-64 hex digits, full or short).', helpGroup: 'RUN CONTEXT'}),
  'git-branch': Flags.string({summary: 'Git branch the results were measured on.', helpGroup: 'RUN CONTEXT'}),
  repository: Flags.string({summary: 'Repository URL (or owner/name) of the benchmarked code.', helpGroup: 'RUN CONTEXT'}),
  machine: Flags.string({summary: 'Host or runner the results came from (part of every series).', helpGroup: 'RUN CONTEXT'}),
  'run-name': Flags.string({summary: 'A name for the run(s).', helpGroup: 'RUN CONTEXT'}),
  tag: Flags.string({summary: 'Free tag key=value (repeatable), e.g. --tag gpu=a100 --tag driver=550.', multiple: true, helpGroup: 'RUN CONTEXT'}),
  'ci-env': Flags.boolean({
    summary: 'Read commit, branch, run id/URL and runner from the CI job (GitHub Actions, GitLab CI, Buildkite, Jenkins, CircleCI, Azure Pipelines) when run inside one.',
    default: true,
    allowNo: true,
    helpGroup: 'RUN CONTEXT',
  }),
}

const NAMES: ContextFieldNames = {
  gitCommit: '--git-commit', gitBranch: '--git-branch', repository: '--repository', machine: '--machine',
  runName: '--run-name', ciRunId: '--ci-run-id', ciRunUrl: '--ci-run-url', tags: '--tag',
}

/** The explicit context of parsed flags (usage error on a bad value). */
export function contextFromFlags(flags: {
  'git-commit'?: string
  'git-branch'?: string
  repository?: string
  machine?: string
  'run-name'?: string
  tag?: string[]
}): RunContext {
  return checkContext(
    {gitCommit: flags['git-commit'], gitBranch: flags['git-branch'], repository: flags.repository, machine: flags.machine, runName: flags['run-name'], tags: flags.tag},
    NAMES,
  )
}
