import {afterAll, describe, expect, test} from '@jest/globals'
import {join} from 'node:path'
import {bench, benchAsync, tempDir} from '../helpers/cli.js'
import {openBenchDb} from '../../src/index.js'
import {Database} from '../../src/lib/db/connection.js'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe('one database, one writer', () => {
  test('a second process gets a clear lock message naming the holder, and exit code 3', async () => {
    const path = join(tmp.dir, 'locked.duckdb')
    expect(bench(['db:create', '--db', path]).status).toBe(0)
    const holder = await openBenchDb(path) // this jest worker now holds the file read-write
    try {
      const r = await benchAsync(['db:create', '--db', path])
      expect(r.status).toBe(3)
      expect(r.stderr).toMatch(new RegExp(`^Error: database .*locked\\.duckdb is in use by another process: .+ \\(PID ${process.pid}\\)`, 'm'))
      expect(r.stderr).toMatch(/Try this: /)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    } finally {
      holder.close()
    }
    expect((await benchAsync(['db:create', '--db', path])).status).toBe(0)
  })

  test('opening one path twice in a process shares one DuckDB instance', async () => {
    const path = join(tmp.dir, 'shared.duckdb')
    const a = await Database.open(path)
    const b = await Database.open(path)
    try {
      await a.run('CREATE TABLE t (x INTEGER)')
      await a.run('INSERT INTO t VALUES (42)')
      expect(await b.scalar('SELECT x FROM t')).toBe(42)
      expect(a.instance).toBe(b.instance)
    } finally {
      a.close()
      b.close()
    }
  })

  test('a failed transaction leaves nothing behind', async () => {
    const path = join(tmp.dir, 'tx.duckdb')
    const b = await openBenchDb(path)
    try {
      await expect(
        b.write(async (db) => {
          await db.run(`INSERT INTO models (model_name) VALUES ('half-written')`)
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await b.db.scalar('SELECT count(*) FROM models')).toBe(0)
      // The dimension cache did not keep the rolled-back id either.
      await b.write(async (db, dims) => {
        await dims.modelId(db, {name: 'after-rollback'})
      })
      expect(await b.db.scalar(`SELECT count(*) FROM models WHERE model_name = 'after-rollback'`)).toBe(1)
    } finally {
      b.close()
    }
  })
})
