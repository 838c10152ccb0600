import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {createHash} from 'node:crypto'
import {copyFileSync, lstatSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {bench, tempDir} from '../helpers/cli.js'

// Finding 2 of issue #18: every --output refuses the database (by magic bytes, by identity, through
// symlinks) and writes through a temp file renamed into place.
let dir: string
let cleanup: () => void
let db: string
let other: string
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
let dbSha: string

beforeAll(async () => {
  ;({dir, cleanup} = tempDir())
  db = join(dir, 'bench.duckdb')
  await createDatabase(db, {sampleData: true})
  other = join(dir, 'other-name.html') // a DuckDB file whose name says nothing
  copyFileSync(db, other)
  symlinkSync(db, join(dir, 'link.html'))
  symlinkSync(db, join(dir, 'link.png'))
  dbSha = sha(db)
})
afterAll(() => cleanup())

const refused = (args: string[], expected: RegExp) => {
  const r = bench(args)
  expect([r.status, r.stdout]).toEqual([2, ''])
  expect(r.stderr).toMatch(expected)
  expect(r.stderr).not.toMatch(/\n\s+at /)
}

describe('--output never overwrites a database', () => {
  test('db:query --format html --output <the --db file>', () => {
    refused(['db:query', '--db', db, '--report', 'summary', '--format', 'html', '--output', db], /^Error: refusing to write --output .* over the database/m)
  })

  test('the same through a symlink, as html and as png', () => {
    refused(['db:query', '--db', db, '--report', 'summary', '--format', 'html', '--output', join(dir, 'link.html')], /over the database/)
    refused(
      ['db:query', '--db', db, '--model', 'bert-base-uncased', '--metric', 'throughput', '--compare-hardware', '--format', 'png', '--output', join(dir, 'link.png')],
      /over the database/,
    )
  })

  test('another DuckDB file, recognised by its magic bytes whatever its name', () => {
    const before = sha(other)
    refused(['db:query', '--db', db, '--report', 'summary', '--format', 'html', '--output', other], /it is a DuckDB database/)
    expect(sha(other)).toBe(before)
  })

  test('db:compare --output <the --db file> and its WAL', () => {
    refused(['db:compare', '--db', db, '--baseline', 'window:10', '--candidate', 'latest', '--format', 'markdown', '--output', db], /over the database/)
    refused(['db:compare', '--db', db, '--baseline', 'window:10', '--candidate', 'latest', '--output', db + '.wal'], /over the database's WAL/)
  })

  test('after all of it the database is byte for byte the same and still answers', () => {
    expect(sha(db)).toBe(dbSha)
    const r = bench(['db:query', '--db', db, '--sql', 'SELECT count(*) AS n FROM models', '--json'])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).rows).toEqual([{n: 6}])
  })
})

describe('--output writes through a temp file', () => {
  test('a report replaces the previous one whole, through a symlink to a regular file, leaving no temp file', () => {
    const target = join(dir, 'report.md')
    writeFileSync(target, 'previous report\n')
    symlinkSync(target, join(dir, 'latest.md'))
    const r = bench(['db:query', '--db', db, '--report', 'summary', '--format', 'markdown', '--output', join(dir, 'latest.md')])
    expect(r.status).toBe(0)
    expect(lstatSync(join(dir, 'latest.md')).isSymbolicLink()).toBe(true)
    const text = readFileSync(target, 'utf8')
    expect(text.startsWith('# ')).toBe(true)
    expect(text).not.toContain('previous report')
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
