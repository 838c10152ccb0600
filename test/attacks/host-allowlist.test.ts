import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawn, type ChildProcess} from 'node:child_process'
import {request} from 'node:http'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {BIN, tempDir} from '../helpers/cli.js'

// Finding 6 of issue #18: the README's network example, with --allow-host for the names the
// network uses. Requests go to a loopback socket with the Host header a remote client would send.
let dir: string
let cleanup: () => void
let child: ChildProcess
let port: number
const NAME = hostname().toLowerCase()
// The Host header is what is checked, so documentation addresses stand for the machine's own.
const ADDRESS = '192.0.2.10'
const ADDRESS6 = 'fd00::10'

beforeAll(async () => {
  ;({dir, cleanup} = tempDir())
  const db = join(dir, 'benchmark_db.duckdb')
  await createDatabase(db, {sampleData: true})
  // README: bench db:serve --db ./benchmark_db.duckdb --host 0.0.0.0 --port 8080 --serve --token "$BENCH_TOKEN" --allow-host "$(hostname)"
  // (port 0 instead of 8080 so parallel runs never collide).
  const args = ['db:serve', '--db', db, '--host', '0.0.0.0', '--port', '0', '--serve', '--token', 'net-token', '--allow-host', NAME]
  args.push('--allow-host', ADDRESS, '--allow-host', `[${ADDRESS6}]`)
  child = spawn(process.execPath, [BIN, ...args], {stdio: ['ignore', 'ignore', 'pipe']})
  let err = ''
  port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err += d
      const m = /API:\s+http:\/\/0\.0\.0\.0:(\d+)\/api/.exec(err)
      if (m) resolve(Number(m[1]))
    })
    child.on('exit', (code) => reject(new Error(`db:serve exited ${code}: ${err}`)))
  })
})
afterAll(async () => {
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
  cleanup()
})

function get(host: string, path = '/api/models'): Promise<{status: number; body: any}> {
  return new Promise((resolve, reject) => {
    const req = request({host: '127.0.0.1', port, path, headers: {Host: host}}, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({status: res.statusCode!, body: JSON.parse(text)}))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('db:serve --allow-host', () => {
  test('a request naming the machine by an allowed name gets 200 with the data', async () => {
    const r = await get(`${NAME}:${port}`)
    expect(r.status).toBe(200)
    expect(r.body.items).toHaveLength(6)
    // Host names are case-insensitive.
    expect((await get(`${NAME.toUpperCase()}:${port}`)).status).toBe(200)
  })

  test('a request by an allowed IPv4 or IPv6 address gets 200', async () => {
    expect((await get(`${ADDRESS}:${port}`)).status).toBe(200)
    expect((await get(`[${ADDRESS6}]:${port}`)).status).toBe(200)
    expect((await get(`192.0.2.11:${port}`)).status).toBe(403)
  })

  test('a name that was not allowed gets 403 forbidden_host, also on the wrong port', async () => {
    const r = await get(`evil.example:${port}`)
    expect([r.status, r.body.error.code]).toEqual([403, 'forbidden_host'])
    expect((await get(`${NAME}:${port + 1}`)).status).toBe(403)
    expect((await get(`0.0.0.0:${port}`)).status).toBe(403)
  })
})
