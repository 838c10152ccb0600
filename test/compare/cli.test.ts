import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {Ajv} from 'ajv'
import {compareOutputSchema} from '../../src/schema/output/compare.js'
import {withoutChartScripts} from '../helpers/html.js'
import {bench} from '../helpers/cli.js'
import {databaseWith, removeDir} from '../helpers/compare.js'
import {fixtureRuns} from './fixture.js'

// Runs the built CLI (npm run build first) against the synthetic fixture: exit codes are what CI sees.
let dir: string
let db: string

beforeAll(async () => {
  const made = await databaseWith(fixtureRuns())
  made.bench.close() // the CLI opens the file itself
  dir = made.dir
  db = made.path
})

afterAll(() => removeDir(dir))

const compare = (...args: string[]) => bench(['db:compare', '--db', db, ...args])
const validate = new Ajv({allErrors: true}).compile(compareOutputSchema)

describe('bench db:compare', () => {
  test('a regression exits 1 and is printed first; --fail-on never exits 0', () => {
    const r = compare('--baseline', 'window:10', '--candidate', 'latest', '--metric', 'latency')
    expect(r.status).toBe(1)
    expect(r.stderr).toBe('')
    const lines = r.stdout.split('\n')
    expect(lines[0]).toMatch(/^Latency \(lower is better, threshold 5\.0%\): 1 regressed, 1 improved, 0 unchanged, 1 inconclusive, 1 candidate-only, 1 baseline-only \(expected false alarms under 0\.01, FDR 5%\)/)
    const firstRow = lines.find((l) => l.startsWith('│') && !l.includes('Verdict'))!
    expect(firstRow).toMatch(/REGRESSED.*bert-base-uncased.*cpu.*\+10\.0%.*\+9\.\d%…\+1[01]\.\d%/)
    expect(r.stdout).toMatch(/Unpaired series/)
    expect(compare('--baseline', 'window:10', '--metric', 'latency', '--fail-on', 'never').status).toBe(0)
  })

  test('no regression exits 0; --fail-on any also fails on inconclusive series', () => {
    expect(compare('--baseline', 'window:10', '--metric', 'latency', '--model', 't5-small').status).toBe(0)
    expect(compare('--baseline', 'window:10', '--metric', 'latency', '--model', 't5-small', '--fail-on', 'any').status).toBe(1)
    // A 20 % threshold makes the 10 % slowdown not matter.
    expect(compare('--baseline', 'window:10', '--metric', 'latency', '--threshold', '20%').status).toBe(0)
  })

  test.each([
    [['--baseline', 'window:0']],
    [['--baseline', 'no-such-branch']],
    [['--threshold', 'lots']],
    [['--alpha', '2']],
    [['--metric', 'speed']],
    [['--format', 'pdf']],
    [['--candidate', 'window:3']],
    [['--threshold', '0']],
    [['--threshold', '-5%']],
  ])('usage error %j exits 2 with one line on stderr', (args) => {
    const r = compare(...args)
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^Error: /)
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace without --verbose
  })

  test.each([
    [['--metric', 'latncy'], /unknown metric "latncy"[\s\S]*Did you mean --metric latency\?/],
    [['--candidate', 'branch:nope'], /run selector "branch:nope" matches no run[\s\S]*bench db:query/],
    [['--threshold', '0%'], /threshold 0% is out of range[\s\S]*--threshold 5%/],
    [['--threshold', '-2'], /threshold -2% is out of range/],
  ])('bad input %j: exit 2 and a suggestion', (args, message) => {
    const r = compare(...args)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
  })

  test('--format json validates against the published schema and matches --json', () => {
    const r = compare('--baseline', 'window:10', '--metric', 'throughput', '--format', 'json')
    expect(r.status).toBe(1)
    const json = JSON.parse(r.stdout)
    expect(validate(json)).toBe(true)
    expect(json.summary).toMatchObject({regressed: 1, improved: 1, unpaired: 2})
    const viaFlag = compare('--baseline', 'window:10', '--metric', 'throughput', '--json')
    expect(viaFlag.status).toBe(1)
    expect(JSON.parse(viaFlag.stdout)).toEqual(json)
  })

  test('--json carries usage errors as {error} with exit 2', () => {
    const r = compare('--baseline', 'window:x', '--json')
    expect(r.status).toBe(2)
    expect(JSON.parse(r.stdout).error).toMatchObject({kind: 'usage', exitCode: 2})
  })

  test('--format markdown: summary line, regressions, the rest folded', () => {
    const r = compare('--baseline', 'window:10', '--metric', 'latency', '--format', 'markdown')
    const md = r.stdout
    expect(md.split('\n')[0]).toMatch(/^\*\*1 regression\*\* · Latency/)
    const regressions = md.indexOf('### Regressions')
    const details = md.indexOf('<details><summary>2 other series, 2 unpaired</summary>')
    expect(regressions).toBeGreaterThan(0)
    expect(details).toBeGreaterThan(regressions)
    expect(md.slice(regressions, details)).toMatch(/REGRESSED \| bert-base-uncased \| cpu \(cpu-device\)/)
    expect(md.slice(regressions, details)).not.toMatch(/improved/)
    expect(md.slice(details)).toMatch(/improved[\s\S]*<\/details>/)
  })

  test('--format html --output writes a file with one chart per regressed series', () => {
    const out = join(dir, 'compare.html')
    const r = compare('--baseline', 'window:10', '--metric', 'latency', '--format', 'html', '--output', out, '--include-simulated')
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/Wrote .*compare\.html/)
    const html = readFileSync(out, 'utf8')
    expect(html).toMatch(/^<!DOCTYPE html>/)
    // bert/cpu and the simulated bert/qnn regressed: two interactive charts, each with its spec.
    const {markup, scripts, specs} = withoutChartScripts(html)
    expect(markup.match(/<figure class="chart" data-benchdb-chart/g)).toHaveLength(2)
    expect(specs.map((spec) => (spec as {kind: string}).kind)).toEqual(['line', 'line'])
    expect(html).toMatch(/Regressions \(2\)/)
    // The only scripts are Chart.js, Hammer.js, the zoom plugin and our runtime, once each.
    expect(scripts).toBe(4)
    expect(markup).not.toMatch(/<script/i)
  })
})
