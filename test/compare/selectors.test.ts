import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {parseSelector, resolveSelector} from '../../src/lib/compare/selectors.js'
import type {BenchDb} from '../../src/lib/db/bench-db.js'
import {BenchError} from '../../src/lib/errors.js'
import {databaseWith, day, removeDir} from '../helpers/compare.js'
import {COMMIT, fixtureRuns} from './fixture.js'

describe('parseSelector', () => {
  test('recognises every selector form', () => {
    expect(parseSelector('42')).toEqual({kind: 'run', text: '42', runId: 42})
    expect(parseSelector('run:7')).toMatchObject({kind: 'run', runId: 7})
    expect(parseSelector(' latest ')).toEqual({kind: 'latest', text: 'latest'})
    expect(parseSelector('window:10')).toMatchObject({kind: 'window', size: 10, branch: null})
    expect(parseSelector('window:5@release/1.2')).toMatchObject({kind: 'window', size: 5, branch: 'release/1.2'})
    expect(parseSelector('2025-03-01..2025-03-10')).toMatchObject({kind: 'dates', from: '2025-03-01', to: '2025-03-10'})
    expect(parseSelector('2025-03-05..')).toMatchObject({kind: 'dates', from: '2025-03-05', to: null})
    expect(parseSelector('..2025-03-05')).toMatchObject({kind: 'dates', from: null, to: '2025-03-05'})
    expect(parseSelector('2025-03-05')).toMatchObject({kind: 'dates', from: '2025-03-05', to: '2025-03-05'})
    expect(parseSelector('commit:a1b2c3d')).toMatchObject({kind: 'commit', commit: 'a1b2c3d'})
    expect(parseSelector('branch:release/1.2')).toMatchObject({kind: 'branch', branch: 'release/1.2'})
    expect(parseSelector('feature-x')).toMatchObject({kind: 'ref', ref: 'feature-x'})
  })

  test.each([
    ['', /empty/],
    ['window:0', /window size/],
    ['window:ten', /window size/],
    ['window:5@', /one branch/],
    ['run:x', /whole number/],
    ['commit:!!', /commit/],
    ['branch:', /nothing after/],
    ['2025-13-45..2025-03-01', /not a date/],
    ['2025-03-10..2025-03-01', /ends before it starts/],
    ['2025-03-01..2025-03-02..2025-03-03', /exactly one/],
    ['..', /at least one end/],
    ['my branch', /spaces/],
  ])('"%s" is a usage error', (text, message) => {
    let error: unknown
    try {
      parseSelector(text)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(BenchError)
    expect((error as BenchError).kind).toBe('usage')
    expect((error as BenchError).message).toMatch(message)
    expect((error as BenchError).exitCode).toBe(2)
  })
})

describe('resolveSelector against a database', () => {
  let dir: string
  let bench: BenchDb
  let ids: number[]
  const resolve = async (text: string, before?: string) => {
    const candidate = before ? (await resolveSelector(bench.db, parseSelector(before))).runs : undefined
    return (await resolveSelector(bench.db, parseSelector(text), candidate)).runs.map((r) => r.runId)
  }

  beforeAll(async () => {
    ;({dir, bench, runIds: ids} = await databaseWith(fixtureRuns()))
  })
  afterAll(() => {
    bench.close()
    removeDir(dir)
  })

  test('run id, latest (skipping a run without performance results) and window:N before the candidate', async () => {
    expect(await resolve(String(ids[3]))).toEqual([ids[3]])
    expect(await resolve('latest')).toEqual([ids[10]])
    expect(await resolve('window:3', 'latest')).toEqual([ids[7], ids[8], ids[9]])
    expect(await resolve('window:3', String(ids[4]))).toEqual([ids[1], ids[2], ids[3]])
    expect(await resolve('window:100', String(ids[2]))).toEqual([ids[0], ids[1]])
    // Only main runs count; the candidate on `feature` is the reference point either way.
    expect(await resolve('window:2@main', 'latest')).toEqual([ids[8], ids[9]])
    await expect(resolve('window:2@feature', 'latest')).rejects.toMatchObject({kind: 'usage'})
  })

  test('date ranges are inclusive whole days; open ends work', async () => {
    expect(await resolve('2025-03-02..2025-03-04')).toEqual([ids[1], ids[2], ids[3]])
    expect(await resolve('2025-03-05')).toEqual([ids[4]])
    expect(await resolve('2025-03-10..')).toEqual([ids[9], ids[10]])
    expect(await resolve('..2025-03-01T02:00:00Z')).toEqual([ids[0]])
  })

  test('git commits (prefix, case-insensitive) and branches', async () => {
    expect(await resolve(COMMIT(5))).toEqual([ids[4]])
    expect(await resolve(`commit:${COMMIT(11).toUpperCase()}`)).toEqual([ids[10]])
    expect(await resolve('feature')).toEqual([ids[10]])
    expect(await resolve('branch:main')).toEqual(ids.slice(0, 10))
  })

  test('an ambiguous commit prefix, a selector naming nothing, and window as the candidate are usage errors', async () => {
    await expect(resolve('abc000')).rejects.toMatchObject({kind: 'usage', message: expect.stringMatching(/ambiguous/)})
    await expect(resolve('no-such-branch')).rejects.toMatchObject({kind: 'usage', message: expect.stringMatching(/matches no run/)})
    await expect(resolve('2030-01-01..')).rejects.toMatchObject({kind: 'usage'})
    await expect(resolve(String(ids[11]))).rejects.toMatchObject({kind: 'usage'}) // exists, but has no results
    await expect(resolve('window:3')).rejects.toMatchObject({kind: 'usage', message: expect.stringMatching(/only be the baseline/)})
  })
})

test('a run with only simulated results is skipped unless simulated results are included', async () => {
  const made = await databaseWith([
    {startedAt: day(1), results: [{model: 'bert-base-uncased', hardware: 'cpu', latencyMs: 10}]},
    {startedAt: day(2), results: [{model: 'bert-base-uncased', hardware: 'qnn', latencyMs: 12, simulated: true}]},
  ])
  try {
    const latest = async (includeSimulated: boolean) =>
      (await resolveSelector(made.bench.db, parseSelector('latest'), undefined, {includeSimulated})).runs.map((r) => r.runId)
    expect(await latest(false)).toEqual([made.runIds[0]])
    expect(await latest(true)).toEqual([made.runIds[1]])
    await expect(resolveSelector(made.bench.db, parseSelector(String(made.runIds[1])))).rejects.toMatchObject({
      kind: 'usage', message: expect.stringMatching(/measured \(non-simulated\)/),
    })
  } finally {
    made.bench.close()
    removeDir(made.dir)
  }
})
