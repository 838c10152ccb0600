import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {BIN, ROOT, bench, benchAsync, tempDir} from '../helpers/cli.js'

/**
 * Issue #19 "read while serving": while `bench db:serve` holds the file, db:query and db:compare
 * print what they would have printed from the file (the server answers them); write commands still
 * say who holds it.
 */
// Only the time a report was generated may differ (text, Markdown and JSON spell it differently).
const mask = (text: string) => text.replace(/(Generated at:(\*\*)?\s*)\S+/g, '$1<time>').replace(/"generatedAt": "[^"]*"/g, '"generatedAt": "<time>"')
const QUESTIONS: string[][] = [
  ['db:query', '--report', 'performance'],
  ['db:query', '--report', 'summary', '--json'],
  ['db:query', '--compatibility-matrix', '--format', 'markdown'],
  ['db:query', '--model', 'bert-base-uncased', '--compare-hardware', '--format', 'csv'],
  ['db:compare', '--fail-on', 'never'],
  ['db:compare', '--fail-on', 'never', '--json'],
]

describe('db:query and db:compare while db:serve holds the database', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string
  let server: ChildProcess
  const before = new Map<string, {status: number | null; stdout: string}>()

  beforeAll(async () => {
    tmp = tempDir()
    db = join(tmp.dir, 'bench.duckdb')
    expect(bench(['db:create', '--db', db, '--sample-data']).status).toBe(0)
    for (const q of QUESTIONS) {
      const r = bench([...q, '--db', db])
      expect(r.status).toBe(0)
      before.set(q.join(' '), {status: r.status, stdout: mask(r.stdout)})
    }
    server = spawn(process.execPath, [BIN, 'db:serve', '--db', db, '--port', '0'], {cwd: ROOT, env: {...process.env, NO_COLOR: '1'}})
    await new Promise<void>((ready, fail) => {
      let err = ''
      server.stderr!.on('data', (d) => {
        err += d
        if (err.includes('Press Ctrl-C to stop.')) ready()
      })
      server.once('exit', (code) => fail(new Error(`server exited ${code}: ${err}`)))
    })
  }, 120_000)

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((done) => server.once('exit', done))
      server.kill('SIGTERM')
      await exited
    }
    tmp?.cleanup()
  })

  test('the state file that carries the local token is readable by its owner only', () => {
    const state = join(tmp.dir, 'bench.duckdb.serve.json')
    expect(statSync(state).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(state, 'utf8')).localToken).toMatch(/^[0-9a-f]{64}$/)
  })

  test.each(QUESTIONS.map((q) => [q.join(' '), q]))('%s prints the same output as from the file', async (key, q) => {
    // Async: the test's own event loop must stay free while the CLI waits on the server.
    const r = await benchAsync([...(q as string[]), '--db', db])
    expect(r.status).toBe(0)
    expect(mask(r.stdout)).toBe(before.get(key as string)!.stdout)
  })

  test('a write command still names the server holding the file (exit 3), and writes nothing', async () => {
    const r = await benchAsync(['db:convert', '--db', db, '--input-dir', join(ROOT, 'examples')])
    expect(r.status).toBe(3)
    expect(r.stderr).toMatch(/bench db:serve \(PID \d+, http:\/\/127\.0\.0\.1:\d+\) holds this database/)
  })

  test('the local endpoints refuse a request without the token (401) and with a wrong one (403)', async () => {
    const {url} = JSON.parse(readFileSync(join(tmp.dir, 'bench.duckdb.serve.json'), 'utf8'))
    const body = JSON.stringify({request: {mode: 'report', report: 'summary', filters: {}}})
    const none = await fetch(`${url}/api/local/query`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body})
    expect(none.status).toBe(401)
    const wrong = await fetch(`${url}/api/local/query`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${'0'.repeat(64)}`}, body})
    expect(wrong.status).toBe(403)
    expect(existsSync(db)).toBe(true)
  })
})
