import type {RunContext} from '../types.js'
import {cleanBranch, cleanCommit, cleanName, cleanUrl} from './values.js'

/**
 * The context of the CI job benchdb runs inside, from each provider's documented variables. A
 * provider counts only when its own marker says we are in its job (GITHUB_ACTIONS=true,
 * GITLAB_CI=true, BUILDKITE=true, JENKINS_URL with BUILD_NUMBER, CIRCLECI=true, TF_BUILD=True):
 * a stray GITHUB_SHA in a developer's shell is not a CI run. The lowest-precedence source: file
 * values and explicit flags win (see merge.ts).
 */
type Env = Record<string, string | undefined>

interface Provider {
  name: string
  active(env: Env): boolean
  read(env: Env): RunContext
}

const truthy = (v: string | undefined) => v !== undefined && /^(true|1|yes)$/i.test(v)
const joinUrl = (base: string | undefined, ...parts: Array<string | undefined>) =>
  base && parts.every(Boolean) ? `${base.replace(/\/+$/, '')}/${parts.join('/')}` : undefined

const PROVIDERS: Provider[] = [
  {
    // https://docs.github.com/actions/learn-github-actions/variables#default-environment-variables
    name: 'github-actions',
    active: (e) => truthy(e.GITHUB_ACTIONS),
    read: (e) => ({
      gitCommit: e.GITHUB_SHA,
      // A pull request's GITHUB_REF_NAME is `123/merge`; its branch is GITHUB_HEAD_REF.
      gitBranch: e.GITHUB_HEAD_REF || (e.GITHUB_REF?.startsWith('refs/heads/') ? e.GITHUB_REF_NAME || e.GITHUB_REF : undefined),
      repository: joinUrl(e.GITHUB_SERVER_URL, e.GITHUB_REPOSITORY),
      ciRunId: e.GITHUB_RUN_ID,
      ciRunUrl: joinUrl(e.GITHUB_SERVER_URL, e.GITHUB_REPOSITORY, 'actions/runs', e.GITHUB_RUN_ID),
      machine: e.RUNNER_NAME,
    }),
  },
  {
    // https://docs.gitlab.com/ee/ci/variables/predefined_variables.html
    name: 'gitlab-ci',
    active: (e) => truthy(e.GITLAB_CI),
    read: (e) => ({
      gitCommit: e.CI_COMMIT_SHA,
      gitBranch: e.CI_COMMIT_BRANCH || e.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME || (e.CI_COMMIT_TAG ? undefined : e.CI_COMMIT_REF_NAME),
      repository: e.CI_PROJECT_URL,
      ciRunId: e.CI_PIPELINE_ID,
      ciRunUrl: e.CI_PIPELINE_URL,
      machine: e.CI_RUNNER_DESCRIPTION,
    }),
  },
  {
    // https://buildkite.com/docs/pipelines/environment-variables
    name: 'buildkite',
    active: (e) => truthy(e.BUILDKITE),
    read: (e) => ({
      gitCommit: e.BUILDKITE_COMMIT,
      gitBranch: e.BUILDKITE_BRANCH,
      repository: e.BUILDKITE_REPO,
      ciRunId: e.BUILDKITE_BUILD_ID,
      ciRunUrl: e.BUILDKITE_BUILD_URL,
      machine: e.BUILDKITE_AGENT_NAME,
    }),
  },
  {
    // https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#using-environment-variables (and the Git plugin's GIT_*)
    name: 'jenkins',
    active: (e) => Boolean(e.JENKINS_URL && e.BUILD_NUMBER),
    read: (e) => ({
      gitCommit: e.GIT_COMMIT,
      gitBranch: e.BRANCH_NAME || e.GIT_BRANCH,
      repository: e.GIT_URL,
      ciRunId: e.JOB_NAME ? `${e.JOB_NAME}#${e.BUILD_NUMBER}` : e.BUILD_NUMBER,
      ciRunUrl: e.BUILD_URL,
      machine: e.NODE_NAME,
    }),
  },
  {
    // https://circleci.com/docs/variables/#built-in-environment-variables
    name: 'circleci',
    active: (e) => truthy(e.CIRCLECI),
    read: (e) => ({
      gitCommit: e.CIRCLE_SHA1,
      gitBranch: e.CIRCLE_BRANCH,
      repository: e.CIRCLE_REPOSITORY_URL,
      ciRunId: e.CIRCLE_WORKFLOW_ID || e.CIRCLE_BUILD_NUM,
      ciRunUrl: e.CIRCLE_BUILD_URL,
    }),
  },
  {
    // https://learn.microsoft.com/azure/devops/pipelines/build/variables
    name: 'azure-pipelines',
    active: (e) => truthy(e.TF_BUILD),
    read: (e) => ({
      gitCommit: e.BUILD_SOURCEVERSION,
      gitBranch: e.SYSTEM_PULLREQUEST_SOURCEBRANCH || e.BUILD_SOURCEBRANCH,
      repository: e.BUILD_REPOSITORY_URI,
      ciRunId: e.BUILD_BUILDID,
      ciRunUrl: e.SYSTEM_COLLECTIONURI && e.SYSTEM_TEAMPROJECT && e.BUILD_BUILDID
        ? `${e.SYSTEM_COLLECTIONURI.replace(/\/+$/, '')}/${encodeURIComponent(e.SYSTEM_TEAMPROJECT)}/_build/results?buildId=${e.BUILD_BUILDID}`
        : undefined,
      machine: e.AGENT_NAME,
    }),
  },
]

/** The CI job's context, or an empty one outside CI. Values that fail their checks are left out. */
export function ciContext(env: Env = process.env): RunContext {
  const provider = PROVIDERS.find((p) => p.active(env))
  if (!provider) return {}
  const raw = provider.read(env)
  const out: RunContext = {ciProvider: provider.name}
  const set = <K extends keyof RunContext>(k: K, v: RunContext[K] | null) => {
    if (v !== null && v !== undefined) out[k] = v
  }
  set('gitCommit', cleanCommit(raw.gitCommit))
  set('gitBranch', cleanBranch(raw.gitBranch))
  set('repository', cleanUrl(raw.repository))
  set('ciRunId', cleanName(raw.ciRunId))
  set('ciRunUrl', cleanUrl(raw.ciRunUrl))
  set('machine', cleanName(raw.machine))
  return out
}

export const CI_PROVIDERS = PROVIDERS.map((p) => p.name)
