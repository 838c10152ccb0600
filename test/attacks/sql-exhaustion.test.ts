import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {tmpdir} from 'node:os'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'
import {join} from 'node:path'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {bench, tempDir} from '../helpers/cli.js'

// Small caps so the statements hit them quickly; the defaults are 1 MiB / 4 MiB / 16 MiB / 512 MB / 256 MB.
const LIMITS = {cellBytes: 64 * 1024, rowBytes: 128 * 1024, responseBytes: 256 * 1024, duckdbMemoryMb: 128, heapMb: 64}
const TOKEN = 'attack-sql'
let t: TestServer
beforeAll(async () => {
  t = await startTestServer({token: TOKEN, enableSql: true, sqlLimits: LIMITS})
})
afterAll(async () => {
  await t.close()
})

const sql = (body: Record<string, unknown>) =>
  getJson(`${t.url}/api/query`, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`}, body: JSON.stringify(body)})

/** Resolves `probe` while `heavy` runs and says whether the heavy request was still unanswered then. */
async function answeredDuring<T>(heavy: Promise<unknown>, probe: () => Promise<T>): Promise<{value: T; heavyPending: boolean}> {
  let settled = false
  void heavy.finally(() => (settled = true))
  await new Promise((r) => setTimeout(r, 300)) // the heavy statement is on its thread by now
  const value = await probe()
  return {value, heavyPending: !settled}
}

describe('SQL resource exhaustion (issue #18, finding 1)', () => {
  test('a 300 MB value per row gets a limit or timeout answer while /health answers, and the server lives on', async () => {
    // DuckDB builds the 3.6 GB chunk (its string heaps are outside memory_limit) in its own process:
    // the answer is the cell limit, the worker's heap cap or the timeout, whichever comes first.
    const heavy = sql({sql: 'SELECT repeat(chr(120), 300000000) AS s FROM range(12)', limit: 12, timeout_ms: 4000})
    const {value, heavyPending} = await answeredDuring(heavy, () => getJson(`${t.url}/health`))
    expect([value.status, heavyPending]).toEqual([200, true])
    const r = await heavy
    expect([413, 422]).toContain(r.status)
    expect(r.body.error.message).toMatch(/limit|timeout/)
    expect((await getJson(`${t.url}/health`)).status).toBe(200)
    expect((await sql({sql: 'SELECT 2 AS two'})).body.rows).toEqual([{two: 2}])
  })

  test('a value just over the cell limit is refused by the cell limit, one under it is returned whole', async () => {
    const over = await sql({sql: `SELECT repeat('x', ${LIMITS.cellBytes}) AS s`})
    expect(over.status).toBe(413)
    expect(over.body.error.details).toEqual({limit: 'cellBytes', maxBytes: LIMITS.cellBytes})
    // JSON text of a string is its bytes plus two quotes.
    const under = await sql({sql: `SELECT repeat('x', ${LIMITS.cellBytes - 2}) AS s`})
    expect(under.status).toBe(200)
    expect(under.body.rows[0].s).toHaveLength(LIMITS.cellBytes - 2)
  })

  test('multi-byte text is counted in UTF-8 bytes, not characters', async () => {
    // 30,000 three-byte characters: 90,002 bytes of JSON (over 64 KiB) but 30,002 UTF-16 units.
    const r = await sql({sql: "SELECT repeat('€', 30000) AS s"})
    expect(r.status).toBe(413)
    expect(r.body.error.details.limit).toBe('cellBytes')
  })

  test('a row over the row limit and a result over the response limit are refused while rows stream', async () => {
    const row = await sql({sql: `SELECT repeat('a', 60000) AS a, repeat('b', 60000) AS b, repeat('c', 60000) AS c`})
    expect(row.status).toBe(413)
    expect(row.body.error.details).toEqual({limit: 'rowBytes', maxBytes: LIMITS.rowBytes})
    // 10,000 rows of ~1 KB: the response limit stops it at about 250 rows, long before the 10,000th.
    const all = await sql({sql: "SELECT range, repeat('r', 1000) AS pad FROM range(1000000)", limit: 10_000})
    expect(all.status).toBe(413)
    expect(all.body.error.details).toEqual({limit: 'responseBytes', maxBytes: LIMITS.responseBytes})
    expect(all.body.error.message).toMatch(/after 2\d\d rows/)
  })

  test('a 40-million-element list with limit 1 ends with a clear answer while /health keeps answering', async () => {
    const heavy = sql({sql: "SELECT list(range::VARCHAR||'abcdefgh') FROM range(40000000)", limit: 1, timeout_ms: 20_000})
    const {value, heavyPending} = await answeredDuring(heavy, () => getJson(`${t.url}/health`))
    expect(value.status).toBe(200)
    expect(heavyPending).toBe(true)
    const r = await heavy
    expect([r.status, r.body.error.code]).toEqual([413, 'result_too_large'])
  })

  test('list(range) over 20 million rows with timeout_ms 2000 gets a clear answer', async () => {
    const r = await sql({sql: 'SELECT list(range) FROM range(20000000)', timeout_ms: 2000})
    expect([413, 422]).toContain(r.status)
    expect(r.body.error.message).toMatch(/timeout|limit/)
  })

  test('a statement running into its timeout does not make another client wait, and is stopped', async () => {
    const heavy = sql({sql: 'SELECT count(*) AS n FROM range(100000000000)', timeout_ms: 3000})
    const {value, heavyPending} = await answeredDuring(heavy, () => sql({sql: 'SELECT 1 AS one'}))
    expect(value.body.rows).toEqual([{one: 1}])
    expect(heavyPending).toBe(true)
    const r = await heavy
    expect([r.status, r.body.error.code, r.body.error.message]).toEqual([422, 'invalid_data', 'the query was interrupted after the 3000 ms timeout'])
  })

  test('no server path shows through settings, databases or errors', async () => {
    const texts: string[] = []
    for (const statement of [
      'SELECT * FROM duckdb_databases()',
      'SELECT name, value FROM duckdb_settings()',
      "SELECT current_setting('temp_directory') AS t",
      'SELECT * FROM nope_table',
    ]) {
      const r = await sql({sql: statement})
      texts.push(JSON.stringify(r.body))
    }
    const all = texts.join('\n')
    expect(texts[0]).toContain('"database_name"') // the statements did run
    for (const path of [t.dir, t.db, tmpdir() + '/', 'benchdb-sql-', process.env.HOME ?? '/root']) expect(all).not.toContain(path)
  })
})

describe('SQL resource exhaustion in the CLI', () => {
  test('--timeout 2 on list(range) over 50 million rows exits 1 with the timeout, no stack', async () => {
    const {dir, cleanup} = tempDir()
    try {
      const db = join(dir, 'cli.duckdb')
      await createDatabase(db, {sampleData: true})
      const r = bench(['db:query', '--db', db, '--sql', 'SELECT list(range) FROM range(50000000)', '--timeout', '2'])
      expect(r.status === 1 || r.status === 2).toBe(true)
      expect(r.stderr).toMatch(/^Error: .*(timeout|limit|memory)/m)
      expect(r.stderr).not.toMatch(/\n\s+at /)
      const big = bench(['db:query', '--db', db, '--sql', "SELECT repeat('x', 2000000) AS s", '--timeout', '5'])
      expect(big.status).toBe(2)
      expect(big.stderr).toMatch(/^Error: a value in column "s" is over the 1048576-byte limit for one value/m)
    } finally {
      cleanup()
    }
  })
})
