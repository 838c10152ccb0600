import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {bench, benchJson, tempDir} from '../helpers/cli.js'
import {contractTables, contractViews} from '../helpers/contract.js'
import {LATEST_SCHEMA_VERSION, openBenchDb} from '../../src/index.js'
import {sampleDocuments} from '../../src/lib/db/sample-data.js'
import {countRows} from '../../src/lib/ingest/writer.js'
import {createOutputSchema} from '../../src/schema/output/create.js'
import {Ajv} from 'ajv'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe('bench db:create', () => {
  const db = join(tmp.dir, 'nested', 'x.duckdb')

  beforeAll(() => {
    // The predecessor's --output spelling, into a directory that must already exist.
    const r = bench(['db:create', '--output', db, '--sample-data'])
    expect(r.stderr).toMatch(/directory .*nested does not exist/)
    expect(r.status).toBe(5)
    writeFileSync(join(tmp.dir, 'placeholder'), '')
  })

  test('creates every table and view of the contract, with the contract columns', async () => {
    const path = join(tmp.dir, 'contract.duckdb')
    const r = bench(['db:create', '--output', path])
    expect(r.status).toBe(0)
    const b = await openBenchDb(path, {readOnly: true})
    try {
      for (const [table, columns] of Object.entries(contractTables())) {
        const cols = await b.db.all<{column_name: string; data_type: string}>(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?`,
          [table],
        )
        const names = cols.map((c) => c.column_name)
        expect(names).toEqual(expect.arrayContaining(columns))
        for (const c of cols) {
          if (/_ms$|_mb$|_seconds$|throughput|_gb$|score|parameters_million/.test(c.column_name)) {
            expect([c.column_name, c.data_type]).toEqual([c.column_name, 'DOUBLE'])
          }
          if (/_id$/.test(c.column_name)) expect([c.column_name, c.data_type]).toEqual([c.column_name, 'BIGINT'])
        }
      }
      const views = await b.db.all<{table_name: string}>(`SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'`)
      expect(views.map((v) => v.table_name)).toEqual(expect.arrayContaining(contractViews()))
      expect(b.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
    } finally {
      b.close()
    }
  })

  test('--sample-data fills every table, prints counts, and a second run adds nothing', () => {
    const path = join(tmp.dir, 'sample.duckdb')
    const first = bench(['db:create', '--output', path, '--sample-data'])
    expect(first.status).toBe(0)
    expect(first.stdout).toMatch(/^performance_results\s+table\s+405$/m)
    const expected: Record<string, number> = {}
    for (const d of sampleDocuments()) {
      for (const [t, n] of Object.entries(countRows(d.doc))) expected[t] = (expected[t] ?? 0) + n
    }
    const again = benchJson(['db:create', '--output', path, '--sample-data'])
    expect(again.status).toBe(0)
    expect(again.json.action).toBe('existing')
    expect(again.json.sampleData).toEqual({inserted: 0, alreadyPresent: 3})
    const validate = new Ajv({strict: false}).compile(createOutputSchema)
    expect(validate.errors ?? validate(again.json)).toBe(true)
    const counts = again.json.counts as Record<string, number>
    expect(counts).toEqual(Object.fromEntries(again.json.objects.map((o: {name: string; rows: number}) => [o.name, o.rows])))
    for (const [t, n] of Object.entries(expected)) expect([t, counts[t]]).toEqual([t, n])
    for (const t of Object.keys(contractTables())) expect([t, counts[t] > 0]).toEqual([t, true])
    expect(counts.hardware_platforms).toBe(8)
    expect(counts.models).toBe(6)
    expect(counts.source_files).toBe(3)
  })

  test('--force recreates the database; without it an existing database is left alone', () => {
    const path = join(tmp.dir, 'force.duckdb')
    expect(bench(['db:create', '--db', path, '--sample-data']).status).toBe(0)
    const kept = benchJson(['db:create', '--db', path])
    expect(kept.json.objects.find((o: {name: string}) => o.name === 'test_runs').rows).toBe(3)
    const forced = benchJson(['db:create', '--db', path, '--force'])
    expect(forced.status).toBe(0)
    expect(forced.json.action).toBe('recreated')
    expect(forced.json.objects.find((o: {name: string}) => o.name === 'test_runs').rows).toBe(0)
  })

  test('--force refuses to delete a file that is not a DuckDB database', () => {
    const path = join(tmp.dir, 'notes.duckdb')
    writeFileSync(path, 'my precious notes')
    const r = bench(['db:create', '--db', path, '--force'])
    expect(r.status).toBe(4)
    expect(r.stderr).toMatch(/^Error: refusing to replace .*notes\.duckdb: it is not a DuckDB database/m)
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(readFileSync(path, 'utf8')).toBe('my precious notes')
  })

  test('errors are clear, on stderr, with the documented exit codes', () => {
    const unknown = bench(['db:create', '--no-such-flag'])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/^Error: Nonexistent flag: --no-such-flag/m)
    const json = benchJson(['db:create', '--db', join(tmp.dir, 'notes.duckdb')])
    expect(json.status).toBe(4)
    expect(json.json.error).toMatchObject({kind: 'incompatible', exitCode: 4})
    expect(existsSync(join(tmp.dir, 'notes.duckdb.wal'))).toBe(false)
  })

  test('help shows a description and examples', () => {
    const top = bench(['--help'])
    expect(top.status).toBe(0)
    expect(top.stdout).toMatch(/TOPICS\s+db\s+Create, fill, query/)
    expect(bench(['db', '--help']).stdout).toMatch(/db:create\s+Create a benchmark database/)
    const r = bench(['db:create', '--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/EXAMPLES/)
    expect(r.stdout).toMatch(/--sample-data/)
    expect(r.stdout).toMatch(/--output/)
  })
})
