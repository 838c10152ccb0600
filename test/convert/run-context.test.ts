import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {convertFiles, ingestDocuments, openBenchDb} from '../../src/index.js'
import {serveDatabase, getJson, type TestServer} from '../helpers/api-server.js'
import {cleanup, queryDb, runCli, tempDir} from '../helpers/convert.js'

/**
 * Run context through the real CLI and the real REST API into real DuckDB files: each source
 * (flags, the file, the CI environment) landing in its column, their precedence, bad values
 * refused before anything is written, and db:compare's commit/branch/window@branch selectors on
 * the data that came in that way.
 */

/** Every CI marker blanked, then `vars`: the spawned CLI sees only the CI job the test sets up. */
function ciEnv(vars: Record<string, string> = {}): Record<string, string> {
  const blank = Object.fromEntries(['GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'JENKINS_URL', 'CIRCLECI', 'TF_BUILD'].map((k) => [k, '']))
  return {...blank, ...vars}
}

/** A batch_size_map document (one measured performance row) with optional context keys. */
function doc(day: number, throughput: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    model: 'BERT', model_key: 'bert', model_path: 'bert-base-uncased', hardware: 'CPU', hardware_key: 'cpu',
    timestamp: `2025-03-${String(day).padStart(2, '0')}T10:00:00`,
    batch_sizes: {'1': {throughput, latency_ms: 1000 / throughput, memory_usage_mb: 100, success: true}},
    compatible: true, ...extra,
  })
}

type RunRow = {run_id: number; test_name: string; git_commit: string | null; git_branch: string | null; git_repository: string | null; ci_provider: string | null; ci_run: string | null; ci_run_url: string | null; machine: string | null; run_name: string | null; tags: string | null}
const RUN_SQL = `SELECT run_id::INTEGER AS run_id, test_name, git_commit, git_branch, git_repository, ci_provider, ci_run, ci_run_url, machine, run_name, tags::VARCHAR AS tags FROM test_runs ORDER BY run_id`

const GITHUB = {
  GITHUB_ACTIONS: 'true', GITHUB_SHA: 'feedface00112233445566778899aabbccddeeff', GITHUB_REF: 'refs/heads/ci-branch', GITHUB_REF_NAME: 'ci-branch',
  GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/models', GITHUB_RUN_ID: '9001', RUNNER_NAME: 'gh-runner-7',
}

describe('run context through db:convert', () => {
  let dir: string
  beforeAll(() => {
    dir = tempDir()
  })
  afterAll(() => cleanup(dir))

  const input = (name: string, files: Record<string, string>) => {
    const d = join(dir, name)
    mkdirSync(d, {recursive: true})
    for (const [f, body] of Object.entries(files)) writeFileSync(join(d, f), body)
    return d
  }

  test('flags land in their columns; a rerun of the same bytes with other flags is unchanged and keeps the first context', async () => {
    const d = input('flags', {'a.json': doc(1, 50)})
    const db = join(dir, 'flags.duckdb')
    const r = runCli(['db:convert', '-i', d, '--db', db, '--git-commit', 'AbC1234', '--git-branch', 'main', '--repository', 'https://example.com/r.git',
      '--machine', 'box-1', '--run-name', 'nightly', '--tag', 'gpu=none', '--tag', 'driver=550.54'], undefined, ciEnv())
    expect(r.code).toBe(0)
    expect(await queryDb<RunRow>(db, RUN_SQL)).toEqual([{run_id: 1, test_name: 'a', git_commit: 'AbC1234', git_branch: 'main', git_repository: 'https://example.com/r.git',
      ci_provider: null, ci_run: null, ci_run_url: null, machine: 'box-1', run_name: 'nightly', tags: '{"gpu":"none","driver":"550.54"}'}])

    const again = runCli(['db:convert', '-i', d, '--db', db, '--git-commit', 'ffff999', '--json'], undefined, ciEnv())
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout).summary).toMatchObject({unchanged: 1, ingested: 0})
    expect((await queryDb<RunRow>(db, RUN_SQL)).map((x) => x.git_commit)).toEqual(['AbC1234'])
  })

  test('precedence: explicit over the file over the CI job (GitHub Actions)', async () => {
    const d = input('precedence', {
      'withctx.json': doc(2, 60, {commit_info: {id: 'abcdef0123456789', branch: 'file-branch'}, machine_info: {node: 'file-host', machine: 'x86_64'}}),
      'bare.json': doc(3, 61),
    })
    const db = join(dir, 'precedence.duckdb')
    expect(runCli(['db:convert', '-i', d, '--db', db, '--machine', 'flag-host'], undefined, ciEnv(GITHUB)).code).toBe(0)
    const rows = await queryDb<RunRow>(db, RUN_SQL)
    const byName = Object.fromEntries(rows.map((x) => [x.test_name, x]))
    // The file's commit and branch win over the job's; the job's run id/URL still describe where it was ingested;
    // the flag's machine wins over both. The job's repository goes with the job's commit only.
    expect(byName.withctx).toMatchObject({git_commit: 'abcdef0123456789', git_branch: 'file-branch', git_repository: null, machine: 'flag-host',
      ci_provider: 'github-actions', ci_run: '9001', ci_run_url: 'https://github.com/acme/models/actions/runs/9001'})
    // A file that says nothing gets the job's commit, branch and repository.
    expect(byName.bare).toMatchObject({git_commit: GITHUB.GITHUB_SHA, git_branch: 'ci-branch', git_repository: 'https://github.com/acme/models', machine: 'flag-host'})
  })

  test('GitHub Actions environment alone, and --no-ci-env', async () => {
    const d = input('github', {'g.json': doc(4, 62)})
    const db = join(dir, 'github.duckdb')
    expect(runCli(['db:convert', '-i', d, '--db', db], undefined, ciEnv(GITHUB)).code).toBe(0)
    expect((await queryDb<RunRow>(db, RUN_SQL))[0]).toMatchObject({git_commit: GITHUB.GITHUB_SHA, git_branch: 'ci-branch', git_repository: 'https://github.com/acme/models',
      ci_provider: 'github-actions', ci_run: '9001', ci_run_url: 'https://github.com/acme/models/actions/runs/9001', machine: 'gh-runner-7'})
    const db2 = join(dir, 'github-off.duckdb')
    expect(runCli(['db:convert', '-i', d, '--db', db2, '--no-ci-env'], undefined, ciEnv(GITHUB)).code).toBe(0)
    expect((await queryDb<RunRow>(db2, RUN_SQL))[0]).toMatchObject({git_commit: null, git_branch: null, ci_provider: null, machine: null})
  })

  test('GitLab CI environment', async () => {
    const d = input('gitlab', {'l.json': doc(5, 63)})
    const db = join(dir, 'gitlab.duckdb')
    const env = ciEnv({GITLAB_CI: 'true', CI_COMMIT_SHA: '0123456789abcdef0123456789abcdef01234567', CI_COMMIT_BRANCH: 'develop',
      CI_PROJECT_URL: 'https://gitlab.com/acme/models', CI_PIPELINE_ID: '314', CI_PIPELINE_URL: 'https://gitlab.com/acme/models/-/pipelines/314', CI_RUNNER_DESCRIPTION: 'shared-runner-2'})
    expect(runCli(['db:convert', '-i', d, '--db', db], undefined, env).code).toBe(0)
    expect((await queryDb<RunRow>(db, RUN_SQL))[0]).toMatchObject({git_commit: '0123456789abcdef0123456789abcdef01234567', git_branch: 'develop',
      git_repository: 'https://gitlab.com/acme/models', ci_provider: 'gitlab-ci', ci_run: '314', ci_run_url: 'https://gitlab.com/acme/models/-/pipelines/314', machine: 'shared-runner-2'})
  })

  test.each([
    [['--tag', 'novalue'], '"novalue"'],
    [['--tag', '=x'], '"=x"'],
    [['--git-commit', ''], '--git-commit ""'],
    [['--git-commit', 'not-hex!'], '"not-hex!"'],
    [['--git-branch', 'two words'], '"two words"'],
  ])('%j is a usage error naming the value, and nothing is written', (args, named) => {
    const d = input('bad', {'b.json': doc(6, 64)})
    const db = join(dir, `bad-${Math.random().toString(36).slice(2)}.duckdb`)
    const r = runCli(['db:convert', '-i', d, '--db', db, ...args], undefined, ciEnv())
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(named)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(db)).toBe(false)
  })
})

describe('run context through the library', () => {
  let dir: string
  beforeAll(() => {
    dir = tempDir()
  })
  afterAll(() => cleanup(dir))

  test('ingestDocuments: the call\'s context, a document\'s own over it, and a bad value refused with nothing written', async () => {
    const db = join(dir, 'lib.duckdb')
    const bench = await openBenchDb(db)
    try {
      await expect(ingestDocuments(bench, [{path: 'x.json', bytes: doc(1, 70)}], {context: {gitCommit: 'g'}, env: false})).rejects.toThrow('context.gitCommit "g"')
      const r = await ingestDocuments(bench, [
        {path: 'a.json', bytes: doc(2, 71)},
        {path: 'b.json', bytes: doc(3, 72), context: {gitBranch: 'doc-branch', machine: 'doc-host'}},
      ], {context: {gitCommit: 'abc1234', gitBranch: 'call-branch', tags: {suite: 'lib'}}, env: false})
      expect(r.summary.ingested).toBe(2)
    } finally {
      bench.close()
    }
    expect((await queryDb<RunRow>(db, RUN_SQL)).map((x) => [x.test_name, x.git_commit, x.git_branch, x.machine, x.tags])).toEqual([
      ['a', 'abc1234', 'call-branch', null, '{"suite":"lib"}'],
      ['b', 'abc1234', 'doc-branch', 'doc-host', '{"suite":"lib"}'],
    ])
  })

  test('convertFiles: context option over the file, and the CI environment passed as env', async () => {
    const d = join(dir, 'conv')
    mkdirSync(d)
    writeFileSync(join(d, 'c.json'), doc(4, 73, {hostname: 'file-host', git_branch: 'file-branch'}))
    const db = join(dir, 'conv.duckdb')
    await convertFiles(db, {inputDirs: [d], workers: 0, context: {runName: 'lib-run', machine: 'opt-host'},
      env: {GITLAB_CI: 'true', CI_COMMIT_SHA: 'abcdef1234567', CI_PIPELINE_ID: '5'}})
    expect((await queryDb<RunRow>(db, RUN_SQL))[0]).toMatchObject({run_name: 'lib-run', machine: 'opt-host', git_branch: 'file-branch',
      git_commit: 'abcdef1234567', ci_provider: 'gitlab-ci', ci_run: '5'})
  })
})

describe('db:compare selectors on context that came through db:convert and POST /api/results', () => {
  let dir: string
  let db: string
  let server: TestServer
  const TOKEN = 'ctx-test-token'
  const C = ['aaaa000000000000000000000000000000000001', 'aaaa000000000000000000000000000000000002', 'bbbb000000000000000000000000000000000003']

  beforeAll(async () => {
    dir = tempDir()
    db = join(dir, 'sel.duckdb')
    // Two runs on main through db:convert (flags), one on a feature branch; all on one machine, as a
    // window baseline is drawn per series and the machine is part of the series.
    for (const [i, [commit, branch]] of [[C[0], 'main'], [C[1], 'main'], ['cccc111', 'feature']].entries()) {
      const d = join(dir, `in${i}`)
      mkdirSync(d)
      writeFileSync(join(d, `r${i}.json`), doc(10 + i, 100 + i))
      expect(runCli(['db:convert', '-i', d, '--db', db, '--git-commit', commit, '--git-branch', branch, '--machine', 'api-host'], undefined, ciEnv()).code).toBe(0)
    }
    server = await serveDatabase(dir, db, {token: TOKEN})
  }, 60_000)
  let serving = true
  /** Stops the server (it holds the database) without removing the directory. */
  const stop = async () => {
    if (serving) await server.server.close()
    serving = false
  }
  afterAll(async () => {
    await stop()
    cleanup(dir)
  })

  const post = (body: string, query: string, headers: Record<string, string> = {}) =>
    getJson(`${server.url}/api/results${query}`, {method: 'POST', body, headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, ...headers}})

  test('POST /api/results: query parameters and headers land; a bad value is a 400 naming it and stores nothing', async () => {
    const bad = await post(doc(20, 300), '?git_commit=zzz')
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain('"zzz"')
    const ok = await post(doc(13, 103), `?git_commit=${C[2]}&git_branch=main&tag=source%3Dapi`, {'X-Bench-Machine': 'api-host'})
    expect(ok.status).toBe(201)
    const viaHeaders = await post(doc(14, 104), '', {'X-Bench-Git-Commit': 'dddd444', 'X-Bench-Git-Branch': 'feature', 'X-Bench-Tag': 'a=1, b=2', 'X-Bench-Machine': 'api-host'})
    expect(viaHeaders.status).toBe(201)
    const rows = await getJson(`${server.url}/api/runs?limit=10`)
    expect(rows.status).toBe(200)
    expect(rows.body.items.map((r: {git_commit: string; git_branch: string}) => [r.git_commit, r.git_branch])).toEqual([
      ['dddd444', 'feature'], [C[2], 'main'], ['cccc111', 'feature'], [C[1], 'main'], [C[0], 'main'],
    ])
  })

  test('commit prefix, branch and window:N@branch select those runs', async () => {
    await stop()
    // The machine came with the API's header.
    expect(await queryDb(db, `SELECT machine FROM test_runs WHERE git_commit = '${C[2]}'`)).toEqual([{machine: 'api-host'}])
    const cmp = (baseline: string, candidate: string) => {
      const r = runCli(['db:compare', '--db', db, '--baseline', baseline, '--candidate', candidate, '--json'])
      if (![0, 1].includes(r.code)) throw new Error(`${baseline} vs ${candidate}: exit ${r.code}: ${r.stderr}${r.stdout}`)
      const j = JSON.parse(r.stdout) as {baseline: {runs: Array<{gitCommit: string}>}; candidate: {runs: Array<{gitCommit: string}>}}
      return [j.baseline.runs.map((x) => x.gitCommit), j.candidate.runs.map((x) => x.gitCommit)]
    }
    expect(cmp(`commit:${C[0]}`, 'commit:bbbb')).toEqual([[C[0]], [C[2]]])
    expect(cmp('branch:main', 'commit:dddd')).toEqual([[C[0], C[1], C[2]], ['dddd444']])
    // The two main-branch runs before the candidate (the API's run on main is the candidate).
    expect(cmp('window:2@main', `commit:${C[2].slice(0, 8)}`)).toEqual([[C[0], C[1]], [C[2]]])
    // latest = the first run /api/runs lists (the same run order).
    expect(cmp('window:1@feature', 'latest')).toEqual([['cccc111'], ['dddd444']])
    const bad = runCli(['db:compare', '--db', db, '--baseline', 'commit:xyz9', '--candidate', 'latest'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('"xyz9"')
  })
})
