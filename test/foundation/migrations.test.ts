import {afterAll, describe, expect, test} from '@jest/globals'
import {join} from 'node:path'
import {bench, benchJson, tempDir} from '../helpers/cli.js'
import {openBenchDb} from '../../src/index.js'
import {Database} from '../../src/lib/db/connection.js'
import {migrate} from '../../src/lib/db/migrate.js'
import {MIGRATIONS} from '../../src/schema/migrations.js'
import {SPECS} from '../../src/lib/ingest/table-specs.js'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe('versioned migrations', () => {
  test('an older database is migrated forward, each version recorded once', async () => {
    const path = join(tmp.dir, 'old.duckdb')
    const db = await Database.open(path)
    try {
      expect(await migrate(db, MIGRATIONS.slice(0, 1))).toEqual({from: 0, to: 1, applied: [1]})
      // A version after the released ones (1 is applied above; the real later ones come along too).
      // (versions are not contiguous: numbers are reserved per branch, e.g. 5-7 before 8)
      const next = MIGRATIONS[MIGRATIONS.length - 1].version + 1
      const later = MIGRATIONS.slice(1).map((m) => m.version)
      const v2 = {version: next, description: 'test: add a column', statements: ['ALTER TABLE models ADD COLUMN license VARCHAR']}
      expect(await migrate(db, [...MIGRATIONS, v2])).toEqual({from: 1, to: next, applied: [...later, next]})
      expect(await migrate(db, [...MIGRATIONS, v2])).toEqual({from: next, to: next, applied: []})
      expect(await db.scalar(`SELECT count(*) FROM information_schema.columns WHERE table_name = 'models' AND column_name = 'license'`)).toBe(1)
      expect(await db.all('SELECT version FROM benchdb_schema_version ORDER BY version')).toEqual([1, ...later, next].map((version) => ({version})))
    } finally {
      db.close()
    }
  })

  test('a database from a newer benchdb is refused with exit code 4', async () => {
    const path = join(tmp.dir, 'newer.duckdb')
    const b = await openBenchDb(path)
    await b.db.run(`INSERT INTO benchdb_schema_version (version, description, benchdb_version) VALUES (99, 'future', '9.0.0')`)
    b.close()
    const r = bench(['db:create', '--db', path])
    expect(r.status).toBe(4)
    expect(r.stderr).toMatch(/schema version 99, newer than this benchdb/)
    const j = benchJson(['db:create', '--db', path])
    expect(j.json.error.kind).toBe('incompatible')
  })

  test("the writer's column specs match the live schema exactly", async () => {
    const b = await openBenchDb(join(tmp.dir, 'specs.duckdb'))
    try {
      for (const spec of Object.values(SPECS)) {
        const cols = await b.db.all<{column_name: string}>(
          `SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`,
          [spec.table],
        )
        expect([spec.table, cols.map((c) => c.column_name)]).toEqual([spec.table, spec.columns.map(([n]) => n)])
      }
    } finally {
      b.close()
    }
  })
})
