import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BIN, ROOT, bench, tempDir} from '../helpers/cli.js'

/** Issue #19's CLI items, through the built CLI as a user runs it (no terminal: stdout is a pipe). */
let tmp: ReturnType<typeof tempDir>
let db: string
const LONG_MODEL = 'organisation-with-a-long-name/bert-base-uncased-finetuned-on-a-long-dataset-name'

beforeAll(() => {
  tmp = tempDir()
  db = join(tmp.dir, 'bench.duckdb')
  const input = join(tmp.dir, 'results')
  mkdirSync(input)
  // A layout the star-rows adapter reads: one result row with a long model name.
  writeFileSync(join(input, 'run.json'), JSON.stringify([{model_name: LONG_MODEL, hardware_type: 'cpu', batch_size: 1, precision: 'fp32', throughput_items_per_second: 12.5, average_latency_ms: 80}]))
  const r = bench(['db:convert', '--input-dir', input, '--db', db])
  expect(r.status).toBe(0)
})
afterAll(() => tmp.cleanup())

describe('help', () => {
  test('bench --help lists every command with its one-line summary', () => {
    const r = bench(['--help'])
    expect(r.status).toBe(0)
    for (const id of ['db:create', 'db:convert', 'db:query', 'db:compare', 'db:maintain', 'db:serve']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${id} +\\S`, 'm'))
    }
  })

  /** Every `--flag` in a command's own examples and in the README's `bench <command>` lines. */
  function exampleFlags(command: string, help: string): Set<string> {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
      .split(/\n|&&|\|\||;/)
      .filter((segment) => segment.includes(`bench ${command} `))
    const examples = help.slice(help.indexOf('EXAMPLES'))
    return new Set([...readme, examples].flatMap((text) => [...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1])))
  }

  test.each(['db:create', 'db:convert', 'db:query', 'db:compare', 'db:maintain', 'db:serve'])(
    '%s --help lists under its FLAGS every flag its examples and the README use (aliases included)',
    (command) => {
      const help = bench([command, '--help']).stdout
      const listed = help.slice(0, help.indexOf('DESCRIPTION'))
      const used = exampleFlags(command, help)
      expect(used.size).toBeGreaterThan(0)
      const missing = [...used].filter((flag) => !new RegExp(`--(\\[no-\\])?${flag}\\b`).test(listed))
      expect(missing).toEqual([])
    },
  )

  test('-f means --format everywhere: db:create has no -f', () => {
    const r = bench(['db:create', '--db', join(tmp.dir, 'other.duckdb'), '-f'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/Nonexistent flag: -f/)
    expect(existsSync(join(tmp.dir, 'other.duckdb'))).toBe(false)
  })
})

describe('output choices', () => {
  test.each([['db:query', '--report', 'summary', 'png'], ['db:query', '--report', 'summary', 'html'], ['db:compare', '--fail-on', 'never', 'html']])(
    '%s --json with --format %s... is a usage error naming both',
    (command, flag, value, format) => {
      const out = join(tmp.dir, `x.${format}`)
      const r = bench([command, '--db', db, flag, value, '--format', format, '--output', out, '--json'])
      expect(r.status).toBe(2)
      expect(JSON.parse(r.stdout).error.message).toBe(`--json and --format ${format} ask for two outputs; choose one`)
      expect(existsSync(out)).toBe(false)
    },
  )

  test('a pipe and an --output file get whole values, never an ellipsis', () => {
    const piped = bench(['db:query', '--db', db, '--report', 'performance'])
    expect(piped.status).toBe(0)
    const row = piped.stdout.split('\n').find((l) => l.includes(LONG_MODEL))
    expect(row).toBeDefined()
    expect(row).not.toContain('…')
    const file = join(tmp.dir, 'report.txt')
    expect(bench(['db:query', '--db', db, '--report', 'performance', '--output', file]).status).toBe(0)
    const text = readFileSync(file, 'utf8')
    expect(text).toContain(LONG_MODEL)
    expect(text).not.toContain('…')
  })
})

describe('db:maintain --clean-json off a terminal', () => {
  test('nothing old enough to delete: exit 0 without --yes, nothing deleted', () => {
    const r = bench(['db:maintain', '--db', db, '--clean-json', '--older-than', '30', '--input-dir', join(tmp.dir, 'results')])
    expect(r.status).toBe(0)
    expect(existsSync(join(tmp.dir, 'results', 'run.json'))).toBe(true)
  })

  test('something to delete: refused without --yes (exit 2), the file stays', () => {
    const file = join(tmp.dir, 'results', 'run.json')
    const old = new Date(Date.now() - 60 * 86_400_000)
    utimesSync(file, old, old)
    const r = bench(['db:maintain', '--db', db, '--clean-json', '--older-than', '30', '--input-dir', join(tmp.dir, 'results')])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/refusing to delete 1 migrated JSON file/)
    expect(existsSync(file)).toBe(true)
  })
})

describe('db:serve --reload', () => {
  test('Ctrl-C (SIGINT to the process group) stops it with exit 0 and no "waiting for a source change"', async () => {
    const child = spawn(process.execPath, [BIN, 'db:serve', '--db', db, '--port', '0', '--reload'], {detached: true, env: {...process.env, NO_COLOR: '1'}})
    let stderr = ''
    let stdout = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d) => (stdout += d))
    await new Promise<void>((ready, fail) => {
      const timer = setInterval(() => {
        if (/listening|http:\/\/127\.0\.0\.1:\d+/i.test(stdout + stderr)) {
          clearInterval(timer)
          ready()
        }
      }, 50)
      child.once('exit', () => fail(new Error(`exited early: ${stderr}`)))
    })
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
    process.kill(-child.pid!, 'SIGINT')
    expect(await exited).toBe(0)
    expect(stderr).not.toContain('waiting for a source change')
  })
})
