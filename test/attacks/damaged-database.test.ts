import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {closeSync, copyFileSync, openSync, statSync, writeFileSync, writeSync} from 'node:fs'
import {join} from 'node:path'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {bench, tempDir} from '../helpers/cli.js'

// Finding 10 of issue #18: a database DuckDB can lock but not read (checksum failure) is named as
// damaged with the way out, and db:create --force replaces it after confirmation, as it does a 0-byte file.
let work: {dir: string; cleanup: () => void}
let healthy: string

beforeAll(async () => {
  work = tempDir()
  healthy = join(work.dir, 'healthy.duckdb')
  await createDatabase(healthy, {sampleData: true})
})
afterAll(() => work.cleanup())

/** A copy of the healthy database whose first metadata block (at 4096) is overwritten. */
function damagedCopy(name: string): string {
  const path = join(work.dir, name)
  copyFileSync(healthy, path)
  const fd = openSync(path, 'r+')
  writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, 4096)
  closeSync(fd)
  return path
}

describe('a damaged database', () => {
  test('a command that opens it says it is damaged and to run --check-integrity, exit 5, no stack', () => {
    const db = damagedCopy('read.duckdb')
    const r = bench(['db:query', '--db', db, '--sql', 'SELECT count(*) FROM models'])
    expect(r.status).toBe(5)
    expect(r.stderr).toMatch(new RegExp(`^Error: database ${db.replace(/[.]/g, '\\.')} is damaged: Corrupt database file: computed checksum \\d+ does not match stored checksum`, 'm'))
    expect(r.stderr).toContain(`Try this: Run \`bench db:maintain --db ${db} --check-integrity\``)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    const convert = bench(['db:convert', '--db', db, '-i', work.dir, '--json'])
    expect(convert.status).toBe(5)
    expect(JSON.parse(convert.stdout).error).toMatchObject({kind: 'io', exitCode: 5, data: {damaged: true}})
  })

  test('db:create --force asks before replacing it: refused without a terminal or --yes, replaced with --yes', () => {
    const db = damagedCopy('replace.duckdb')
    const before = statSync(db).size
    const refused = bench(['db:create', '--db', db, '--force'])
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/^Error: refusing to delete the damaged database .* without confirmation/m)
    expect(statSync(db).size).toBe(before)
    const replaced = bench(['db:create', '--db', db, '--force', '--yes', '--sample-data'])
    expect(replaced.status).toBe(0)
    expect(replaced.stderr).toContain(`Recreated ${db}`)
    const q = bench(['db:query', '--db', db, '--sql', 'SELECT count(*) AS n FROM models', '--json'])
    expect(JSON.parse(q.stdout).rows).toEqual([{n: 6}])
  })

  test('db:create --force replaces a 0-byte file', () => {
    const db = join(work.dir, 'empty.duckdb')
    writeFileSync(db, '')
    const r = bench(['db:create', '--db', db, '--force'])
    expect(r.status).toBe(0)
    expect(r.stderr).toContain(`Recreated ${db} (schema version`)
  })

  test('--force still refuses a file that is not a DuckDB database', () => {
    const notes = join(work.dir, 'notes.txt')
    writeFileSync(notes, 'my notes\n')
    const r = bench(['db:create', '--db', notes, '--force', '--yes'])
    expect(r.status).toBe(4)
    expect(r.stderr).toMatch(/refusing to replace .* it is not a DuckDB database/)
  })
})
