import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {bench, benchJson} from '../helpers/cli.js'
import {databaseWith, day, removeDir, type SynthResult} from '../helpers/compare.js'

/**
 * What a new user sees first: `bench db:compare` with its defaults (window:20 vs latest) on a
 * database whose newest run shares no series with the runs before it (examples/ converted is
 * like that). The header and a note say so plainly and name a run that can be compared; the
 * baseline-only series of the window are counted, listed up to BASELINE_ONLY_SHOWN (10), in full
 * with --verbose and in the JSON.
 *
 *   run 1: series A                 (main)
 *   run 2: series A + S0..S13       (main)  <- the newest run with a series that ran before (A)
 *   run 3: series N0, N1            (main)  <- latest: nothing of it ran before
 */
let dir: string
let db: string
let runIds: number[]

const result = (model: string, latencyMs = 10): SynthResult => ({model, family: model.split('-')[0], hardware: 'cpu', latencyMs, throughput: 1000 / latencyMs})

beforeAll(async () => {
  const others = Array.from({length: 14}, (_, i) => result(`s-${String(i).padStart(2, '0')}`))
  const made = await databaseWith([
    {startedAt: day(1), branch: 'main', results: [result('a-model')]},
    {startedAt: day(2), branch: 'main', results: [result('a-model', 10.1), ...others]},
    {startedAt: day(3), branch: 'main', results: [result('n-0'), result('n-1')]},
  ])
  made.bench.close()
  ;({dir, path: db, runIds} = made)
})

afterAll(() => removeDir(dir))

const compare = (...args: string[]) => bench(['db:compare', '--db', db, '--metric', 'latency', ...args])

describe('db:compare when the candidate has no history', () => {
  test('text: the header and a note say so and name a comparable run; 10 of 15 baseline-only series listed', () => {
    const r = compare()
    expect(r.status).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('Latency (lower is better, threshold 5.0%): 0 regressed, 0 improved, 0 unchanged, 0 inconclusive, 2 candidate-only, 15 baseline-only ' +
      `— baseline window:20 [no earlier run of any of its 2 series] vs candidate latest [run ${runIds[2]}]`)
    const rows = lines.filter((l) => l.startsWith('│') && !l.includes('Model'))
    expect(rows.filter((l) => / candidate /.test(l)).map((l) => l.split('│')[1].trim())).toEqual(['n-0', 'n-1'])
    // Baseline-only: a-model then s-00..s-08 (id order), 10 of 15.
    expect(rows.filter((l) => / baseline /.test(l)).map((l) => l.split('│')[1].trim())).toEqual(['a-model', ...Array.from({length: 9}, (_, i) => `s-0${i}`)])
    expect(r.stdout).toContain('… and 5 more baseline-only series (run in the window before the candidate, not by it); --verbose lists them all, --json has them\n')
    expect(r.stdout).toContain(`Note: None of the candidate's 2 series has an earlier run with latency, so there is nothing to compare them with. ` +
      `The newest run with series that ran before is run ${runIds[1]} (synthetic-1): bench db:compare --candidate ${runIds[1]}\n`)
    // --fail-on any: unpaired series fail the gate.
    expect(compare('--fail-on', 'any').status).toBe(1)
  })

  test('--verbose lists every baseline-only series; --json has them all and the counts by side', () => {
    const rows = compare('--verbose').stdout.split('\n').filter((l) => l.startsWith('│') && / baseline /.test(l))
    expect(rows).toHaveLength(15)
    const {json} = benchJson(['db:compare', '--db', db, '--metric', 'latency'])
    expect(json.summary).toMatchObject({series: 0, unpaired: 17, candidateOnly: 2, baselineOnly: 15})
    expect(json.unpaired.filter((u: any) => u.side === 'baseline-only')).toHaveLength(15)
    expect(json.baseline.runs).toEqual([])
  })

  test('the suggested run does compare: a-model against run 1', () => {
    const {json} = benchJson(['db:compare', '--db', db, '--metric', 'latency', '--candidate', String(runIds[1]), '--fail-on', 'never'])
    expect(json.series.map((s: any) => [s.key.modelName, s.baseline.map((p: any) => p.runId)])).toEqual([['a-model', [runIds[0]]]])
    expect(json.summary).toMatchObject({series: 1, candidateOnly: 14, baselineOnly: 0})
  })

  test('no series with two runs at all, or a branch without them: the note says what to do instead', () => {
    expect(compare('--family', 'n').stdout).toContain(`Note: None of the candidate's 2 series has an earlier run with latency, so there is nothing to compare them with. ` +
      'No series in this database has two runs yet: a comparison needs the same benchmark (model, hardware, machine, batch size, precision, test case) run at least twice.\n')
    expect(compare('--baseline', 'window:5@main').stdout).toContain('earlier run on branch main with latency, so there is nothing to compare them with. ' +
      'Drop @main to use every branch, or name the baseline runs (--baseline RUN_ID, commit:SHA, a date range).\n')
    // A branch with no run at all is a selector naming nothing: a usage error.
    expect(compare('--baseline', 'window:5@release').status).toBe(2)
  })

  test('markdown caps the list too and says where the rest is', () => {
    const md = compare('--format', 'markdown').stdout
    expect(md).toContain('<details><summary>0 other series, 17 unpaired</summary>')
    expect(md.split('\n').filter((l) => /\| baseline \|/.test(l))).toHaveLength(10)
    expect(md).toContain('… and 5 more baseline-only series (run in the window before the candidate, not by it); the JSON output has them all')
  })
})
