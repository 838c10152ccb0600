import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {Database} from '../../src/lib/db/connection.js'
import {runSandboxedSql} from '../../src/lib/report/index.js'
import {README_QUERY, mean, sampleDb, samplePerformance, type TempDb} from '../helpers/query.js'

let db: TempDb
beforeAll(async () => {
  db = await sampleDb()
})
afterAll(() => db?.cleanup())

describe('runSandboxedSql', () => {
  test("the seed README's query runs unchanged and gives the averages of the source data", async () => {
    const r = await runSandboxedSql(db.path, README_QUERY)
    const perf = samplePerformance() // user SQL sees every row, simulated ones included
    const pairs = [...new Set(perf.map((p) => `${p.model}|${p.hardware}`))]
    expect(r.rowCount).toBe(pairs.length)
    expect(r.columns.map((c) => c.name)).toEqual(['model_name', 'hardware_type', 'avg_throughput'])
    for (const row of r.rows) {
      const want = mean(perf.filter((p) => p.model === row.model_name && p.hardware === row.hardware_type).map((p) => p.throughput))
      expect(row.avg_throughput as number).toBeCloseTo(want, 9)
    }
    expect(r.truncated).toBe(false)
    expect(r.statementType).toBe('SELECT')
  })

  test('--limit caps rows and says it truncated', async () => {
    const r = await runSandboxedSql(db.path, 'SELECT * FROM performance_results ORDER BY result_id', {limit: 10})
    expect(r.rowCount).toBe(10)
    expect(r.truncated).toBe(true)
    expect(r.rows.map((x) => x.result_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    const exact = await runSandboxedSql(db.path, 'SELECT * FROM models', {limit: 6})
    expect([exact.rowCount, exact.truncated]).toEqual([6, false])
  })

  test.each([
    ['WITH x AS (SELECT count(*) AS n FROM models) SELECT n FROM x', [{n: 6}]],
    ['FROM models SELECT count(*) AS n', [{n: 6}]],
  ])('allowed: %s', async (sql, rows) => {
    expect((await runSandboxedSql(db.path, sql)).rows).toEqual(rows)
  })

  test('DESCRIBE, SHOW, SUMMARIZE and EXPLAIN are allowed', async () => {
    expect((await runSandboxedSql(db.path, 'DESCRIBE models')).rows.map((r) => r.column_name)).toContain('model_family')
    expect((await runSandboxedSql(db.path, 'SHOW TABLES')).rows.map((r) => r.name)).toContain('performance_results')
    expect((await runSandboxedSql(db.path, 'SUMMARIZE models')).rowCount).toBe(9)
    const explain = await runSandboxedSql(db.path, 'EXPLAIN SELECT * FROM models')
    expect(explain.statementType).toBe('EXPLAIN')
  })

  const outside = join(process.cwd(), 'should-not-exist.csv')
  test.each([
    ["SELECT * FROM read_csv('/etc/passwd')", /Permission Error|file system operations are disabled/],
    ["SELECT * FROM read_text('/etc/hostname')", /file system operations are disabled/],
    [`COPY models TO '${outside}'`, /COPY statements are not allowed/],
    ["ATTACH '/tmp/other.duckdb' AS other", /ATTACH statements are not allowed/],
    ['INSTALL httpfs', /INSTALL statements are not allowed/],
    ['LOAD httpfs', /LOAD statements are not allowed/],
    ['SET enable_external_access = true', /SET statements are not allowed/],
    ['PRAGMA version', /PRAGMA statements are not allowed/],
    ['CREATE TABLE t (a INTEGER)', /CREATE statements are not allowed/],
    ['DROP TABLE models', /DROP statements are not allowed/],
    ["INSERT INTO models (model_name) VALUES ('x')", /INSERT statements are not allowed/],
    ["UPDATE models SET model_family = 'x'", /UPDATE statements are not allowed/],
    ['DELETE FROM models', /DELETE statements are not allowed/],
    ['WITH x AS (SELECT 1) DELETE FROM models', /DELETE statements are not allowed/],
    ['SELECT 1; SELECT 2', /exactly one statement, got 2/],
    ['SELECT 1; DROP TABLE models', /exactly one statement, got 2/],
    ['   ', /empty/],
  ])('refused: %s', async (sql, message) => {
    const err = await runSandboxedSql(db.path, sql).then(() => null, (e: unknown) => e)
    expect(err).toMatchObject({kind: 'usage'})
    expect((err as Error).message).toMatch(message)
    expect(existsSync(outside)).toBe(false)
  })

  test('the instance itself refuses what slips past the statement check (defence in depth)', async () => {
    const sandbox = await Database.open(db.path, {sandbox: true})
    try {
      await expect(sandbox.run(`COPY models TO '${outside}'`)).rejects.toThrow(/disabled by configuration|Permission/)
      await expect(sandbox.run('SET enable_external_access = true')).rejects.toThrow(/locked/)
      await expect(sandbox.run('CREATE TABLE t (a INTEGER)')).rejects.toThrow(/read-only/)
      await expect(sandbox.run('LOAD httpfs')).rejects.toThrow(/disabled/)
    } finally {
      sandbox.close()
    }
    expect(existsSync(outside)).toBe(false)
  })

  test('SQL errors are data errors; a long query is interrupted at the timeout', async () => {
    await expect(runSandboxedSql(db.path, 'SELECT nope FROM models')).rejects.toMatchObject({kind: 'data'})
    const started = Date.now()
    const err = await runSandboxedSql(db.path, 'SELECT count(*) FROM range(10000000000) a, range(10) b', {timeoutMs: 200}).then(() => null, (e: unknown) => e)
    expect(err).toMatchObject({kind: 'data'})
    expect((err as Error).message).toMatch(/interrupted after the 200 ms timeout/)
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
