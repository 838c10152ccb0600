import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {startTestServer} from '../helpers/api-server.js'
import {bench, tempDir} from '../helpers/cli.js'

// Finding 8 of issue #18: what killed runs leave behind is removed by the next run that can tell
// nobody uses it; what a live process may still be writing is left alone.
let work: {dir: string; cleanup: () => void}
let live: ChildProcess
let deadPid: number

beforeAll(() => {
  work = tempDir()
  // A pid that existed and is gone, and one that runs for the whole file.
  deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'}).stdout)
  live = spawn('sleep', ['120'], {stdio: 'ignore'})
})
afterAll(() => {
  live.kill('SIGKILL')
  work.cleanup()
})

describe('debris beside the database', () => {
  test('the next writing run removes a killed --vacuum copy, a killed restore copy and DuckDB spill files; a live run\'s copy stays', async () => {
    const db = join(work.dir, 'bench.duckdb')
    await createDatabase(db, {sampleData: true})
    const dead = [`bench.duckdb.rebuild-${deadPid}.tmp`, `bench.duckdb.rebuild-${deadPid}.tmp.wal`, `bench.duckdb.restore-${deadPid}.tmp`]
    for (const name of dead) writeFileSync(join(work.dir, name), Buffer.alloc(4096, 1))
    const alive = `bench.duckdb.rebuild-${live.pid}.tmp`
    writeFileSync(join(work.dir, alive), Buffer.alloc(4096, 2))
    mkdirSync(join(work.dir, 'bench.duckdb.tmp'))
    writeFileSync(join(work.dir, 'bench.duckdb.tmp', 'duckdb_temp_storage_S32K-0.tmp'), Buffer.alloc(4096))
    const unrelated = 'other.duckdb.rebuild-1.tmp'
    writeFileSync(join(work.dir, unrelated), 'not ours')

    const input = join(work.dir, 'empty-input')
    mkdirSync(input)
    const r = bench(['db:convert', '--db', db, '-i', input])
    expect(r.status).toBe(0)
    expect(readdirSync(work.dir).sort()).toEqual([alive, 'bench.duckdb', 'empty-input', unrelated].sort())
  })

  test('a read-only command removes nothing (it cannot tell whether a writer uses the files)', async () => {
    const db = join(work.dir, 'bench.duckdb')
    const name = `bench.duckdb.rebuild-${deadPid}.tmp`
    writeFileSync(join(work.dir, name), 'x')
    expect(bench(['db:query', '--db', db, '--sql', 'SELECT 1']).status).toBe(0)
    expect(existsSync(join(work.dir, name))).toBe(true)
    rmSync(join(work.dir, name))
  })
})

describe('debris of crashed servers', () => {
  test('a server start removes the SQL snapshot directories of dead servers and keeps a live one\'s', async () => {
    const deadDir = mkdtempSync(join(tmpdir(), `benchdb-sql-${deadPid}-`))
    writeFileSync(join(deadDir, 'snapshot-1.duckdb'), Buffer.alloc(8192))
    const liveDir = mkdtempSync(join(tmpdir(), `benchdb-sql-${live.pid}-`))
    const t = await startTestServer({token: 't', enableSql: true})
    try {
      expect(existsSync(deadDir)).toBe(false)
      expect(existsSync(liveDir)).toBe(true)
    } finally {
      await t.close()
      rmSync(liveDir, {recursive: true, force: true})
    }
    // And a server that stops cleanly leaves no directory of its own.
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`benchdb-sql-${process.pid}-`))).toEqual([])
  })
})
