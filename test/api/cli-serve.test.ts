import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

// End to end through the built CLI (`npm run build` first): the command prints its URLs, holds the
// database as its one writer, and shuts down cleanly on SIGTERM.
const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
let dir: string
let db: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchdb-'))
  db = join(dir, 'served.duckdb')
  const created = spawnSync(process.execPath, [BIN, 'db:create', '--db', db, '--sample-data'], {encoding: 'utf8'})
  expect(created.status).toBe(0)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

function startCli(args: string[]): Promise<{child: ChildProcess; url: string; stderr: () => string}> {
  const child = spawn(process.execPath, [BIN, 'db:serve', '--db', db, '--port', '0', ...args], {stdio: ['ignore', 'pipe', 'pipe']})
  let err = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + err)), 20000)
    child.stderr!.on('data', (d) => {
      err += d
      const m = /API:\s+(http:\/\/127\.0\.0\.1:\d+)\/api/.exec(err)
      if (m) {
        clearTimeout(timer)
        resolve({child, url: m[1], stderr: () => err})
      }
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)))
  })
}

describe('bench db:serve', () => {
  test('prints the URLs, owns the database, and stops cleanly on SIGTERM', async () => {
    const {child, url, stderr} = await startCli(['--serve'])
    expect(stderr()).toContain(`Docs:      ${url}/docs`)
    expect(stderr()).toContain(`Dashboard: ${url}/dashboard`)
    expect(stderr()).toContain('Writes:    disabled (no --token)')
    const state = JSON.parse(readFileSync(`${db}.serve.json`, 'utf8'))
    expect(state).toMatchObject({url, pid: child.pid})

    // Another writer gets a clear message naming the server, not DuckDB's raw lock error.
    const other = spawnSync(process.execPath, [BIN, 'db:create', '--db', db], {encoding: 'utf8'})
    expect(other.status).toBe(3)
    expect(other.stderr).toContain(`bench db:serve (PID ${child.pid}, ${url}) holds this database`)
    expect(other.stderr).toContain(`POST ${url}/api/results`)

    // A request in flight when SIGTERM arrives is still answered.
    const inflight = fetch(`${url}/api/reports/summary?format=html`)
    await new Promise((r) => setTimeout(r, 20))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect((await inflight).status).toBe(200)
    expect(await exited).toBe(0)
    expect(stderr()).toContain('Stopped.')
    expect(existsSync(`${db}.serve.json`)).toBe(false)
    // Checkpointed and closed: the file opens again and holds the sample.
    const again = spawnSync(process.execPath, [BIN, 'db:create', '--db', db, '--json'], {encoding: 'utf8'})
    expect(again.status).toBe(0)
    expect(JSON.parse(again.stdout).objects.find((o: any) => o.name === 'performance_results').rows).toBe(405)
  })

  test('refuses a non-loopback host without a token (exit 2)', () => {
    const r = spawnSync(process.execPath, [BIN, 'db:serve', '--db', db, '--host', '0.0.0.0', '--port', '0'], {encoding: 'utf8', env: {...process.env, BENCH_TOKEN: ''}})
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without a token/)
    expect(existsSync(`${db}.serve.json`)).toBe(false)
  })
})
