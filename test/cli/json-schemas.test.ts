import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {Ajv} from 'ajv'
import {spawn} from 'node:child_process'
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {BIN, ROOT, bench, tempDir} from '../helpers/cli.js'

/**
 * Every command's real `--json` output validates against the .json schema file the build ships
 * (dist/schema/output/), not against the TypeScript module it was emitted from.
 */
const SCHEMA_DIR = join(ROOT, 'dist', 'schema', 'output')
const ajv = new Ajv({allErrors: true, strict: false})
const validators = new Map<string, ReturnType<typeof ajv.compile>>()
function validator(command: string) {
  let v = validators.get(command)
  if (!v) {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, `${command.replace(':', '-')}.schema.json`), 'utf8'))
    validators.set(command, (v = ajv.compile(schema)))
  }
  return v
}
function expectValid(command: string, output: string) {
  const validate = validator(command)
  const json = JSON.parse(output)
  const ok = validate(json)
  expect(ok ? [] : validate.errors).toEqual([])
  return json
}

let tmp: ReturnType<typeof tempDir>
let db: string

beforeAll(() => {
  tmp = tempDir()
  db = join(tmp.dir, 'bench.duckdb')
})
afterAll(() => tmp.cleanup())

describe('the shipped --json schemas', () => {
  test('one .schema.json per command, each a JSON Schema with an $id', () => {
    const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).sort()
    expect(files).toEqual(['db-compare', 'db-convert', 'db-create', 'db-maintain', 'db-query', 'db-serve'].map((c) => `${c}.schema.json`))
    for (const f of files) expect(JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')).$id).toEqual(expect.any(String))
  })

  test('db:create', () => {
    const r = bench(['db:create', '--db', db, '--sample-data', '--json'])
    expect(r.status).toBe(0)
    expect(expectValid('db:create', r.stdout).action).toBe('created')
  })

  test('db:convert: a run, a dry run and --explain', () => {
    const run = bench(['db:convert', '--db', db, '--input-dir', join(ROOT, 'examples'), '--json'])
    expect(run.status).toBe(0)
    expect(expectValid('db:convert', run.stdout).summary.ingested).toBeGreaterThan(0)
    const dry = bench(['db:convert', '--db', db, '--input-dir', join(ROOT, 'examples'), '--dry-run', '--json'])
    expect(expectValid('db:convert', dry.stdout).summary.dryRun).toBe(true)
    const file = join(ROOT, 'examples', readdirSync(join(ROOT, 'examples'), {recursive: true}).map(String).find((f) => f.endsWith('.json'))!)
    const explain = bench(['db:convert', '--explain', file, '--json'])
    expect(expectValid('db:convert', explain.stdout).path).toBe(file)
  })

  test('db:query: a report and SQL', () => {
    const report = bench(['db:query', '--db', db, '--report', 'summary', '--json'])
    expect(report.status).toBe(0)
    expect(expectValid('db:query', report.stdout).kind).toBe('report')
    const sql = bench(['db:query', '--db', db, '--sql', 'SELECT 1 AS one', '--json'])
    expect(expectValid('db:query', sql.stdout).kind).toBe('sql')
  })

  test('db:compare', () => {
    const r = bench(['db:compare', '--db', db, '--fail-on', 'never', '--json'])
    expect(r.status).toBe(0)
    expect(expectValid('db:compare', r.stdout)).toHaveProperty('series')
  })

  test('db:maintain: integrity check and a clean-up dry run', () => {
    const integrity = bench(['db:maintain', '--db', db, '--check-integrity', '--json'])
    expect(expectValid('db:maintain', integrity.stdout).integrity.problems).toEqual(expect.any(Array))
    const clean = bench(['db:maintain', '--db', db, '--clean-json', '--dry-run', '--input-dir', join(ROOT, 'examples'), '--json'])
    expect(clean.status).toBe(0)
    expect(expectValid('db:maintain', clean.stdout).dryRun).toBe(true)
  })

  test('db:serve', async () => {
    const child = spawn(process.execPath, [BIN, 'db:serve', '--db', db, '--port', '0', '--json'], {env: {...process.env, NO_COLOR: '1'}})
    let stdout = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d) => (stdout += d))
    try {
      await new Promise<void>((done, fail) => {
        child.stdout.on('data', () => {
          try {
            JSON.parse(stdout)
            done()
          } catch {
            // not complete yet
          }
        })
        child.once('exit', (code) => fail(new Error(`exited ${code} before printing JSON`)))
      })
      expect(expectValid('db:serve', stdout).dashboard).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dashboard$/)
    } finally {
      child.kill('SIGTERM')
    }
  })
})
