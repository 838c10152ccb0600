import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {createHash} from 'node:crypto'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'
import {bench} from '../helpers/cli.js'
import {queryDb} from '../helpers/convert.js'

// Findings 3 and 5 of issue #18: a POSTed document is hashed and stored as the bytes received, so
// converting the same file from disk later ingests nothing; every answer is the same on retry.
const TOKEN = 'attack-bytes'
let t: TestServer
beforeAll(async () => {
  t = await startTestServer({token: TOKEN, sampleData: false})
})
afterAll(async () => {
  await t.close() // the last test closed the server already; close() is idempotent
})

const doc = (model: string, eol = '\n') =>
  `[${eol}  {"model_name": "${model}", "hardware_type": "cpu", "batch_size": 1, "throughput_items_per_second": 12.5}${eol}]${eol}`
const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const FILES: Record<string, Buffer> = {
  'bom.json': Buffer.concat([BOM, Buffer.from(doc('bom-model'))]),
  'crlf.json': Buffer.from(doc('crlf-model', '\r\n')),
  // "caf\xe9" in Latin-1: not UTF-8.
  'latin1.json': Buffer.concat([Buffer.from('[{"model_name": "caf'), Buffer.from([0xe9]), Buffer.from('", "hardware_type": "cpu", "batch_size": 1, "throughput_items_per_second": 3}]')]),
  'unknown.json': Buffer.from('{"hello": "a layout nobody knows"}'),
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const post = (bytes: Buffer) =>
  getJson(`${t.url}/api/results`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`}, body: new Uint8Array(bytes)})
/** An answer without its clock readings (elapsed time and rate differ on every call). */
const untimed = (body: any) => JSON.parse(JSON.stringify(body, (k, v) => (k === 'elapsedSeconds' || k === 'filesPerSecond' ? undefined : v)))
const rowCount = async () => (await queryDb<{n: number}>(t.db, 'SELECT count(*)::INT AS n FROM performance_results'))[0].n

describe('POST /api/results keeps the bytes it received', () => {
  const first: Record<string, {status: number; body: any}> = {}

  test('BOM and CRLF documents are stored under the hash of their exact bytes', async () => {
    for (const name of ['bom.json', 'crlf.json']) {
      const r = await post(FILES[name])
      expect([name, r.status]).toEqual([name, 201])
      expect(r.body.documents[0]).toMatchObject({status: 'ingested', sha256: sha(FILES[name])})
      first[name] = r
    }
  })

  test('invalid UTF-8 is rejected with the byte offset, as from disk; an unknown layout is unrecognized', async () => {
    const bad = await post(FILES['latin1.json'])
    expect(bad.status).toBe(422)
    expect(bad.body.error.details.documents[0]).toMatchObject({status: 'rejected', reason: 'invalid UTF-8 at byte 20'})
    first['latin1.json'] = bad
    const unknown = await post(FILES['unknown.json'])
    expect(unknown.status).toBe(422)
    expect(unknown.body.error.details.documents[0].status).toBe('unrecognized')
    first['unknown.json'] = unknown
  })

  test('a retry gets the same answer: unrecognized and rejected stay 422 with the same body, stored is unchanged', async () => {
    for (const name of ['latin1.json', 'unknown.json']) {
      const again = await post(FILES[name])
      expect([name, again.status, untimed(again.body)]).toEqual([name, 422, untimed(first[name].body)])
    }
    for (const name of ['bom.json', 'crlf.json']) {
      const again = await post(FILES[name])
      expect([name, again.status, again.body.documents[0].status]).toEqual([name, 200, 'unchanged'])
    }
  })

  test('converting the same files from disk afterwards ingests nothing again', async () => {
    const before = await t.server.close().then(rowCount)
    expect(before).toBe(2)
    const keepDir = join(t.dir, 'results')
    mkdirSync(keepDir)
    for (const [name, bytes] of Object.entries(FILES)) writeFileSync(join(keepDir, name), bytes)
    const r = bench(['db:convert', '--db', t.db, '-i', keepDir, '--json'])
    const summary = JSON.parse(r.stdout)
    expect(await rowCount()).toBe(2)
    const models = await queryDb<{model_name: string}>(t.db, 'SELECT model_name FROM models ORDER BY 1')
    expect(models.map((m) => m.model_name)).toEqual(['bom-model', 'crlf-model'])
    expect(summary.summary?.ingested ?? summary.ingested).toBe(0)
  })
})
