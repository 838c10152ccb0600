import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {bench, tempDir} from '../helpers/cli.js'
import {queryDb} from '../helpers/convert.js'

// Finding 7 of issue #18: a full disk or a read-only file system is exit 5 with the path and a
// hint, and never turns a good file into a "rejected" one. Needs a small tmpfs (root and mount(8)).
const probe = (() => {
  const dir = tempDir('benchdb-mount-probe-')
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir.dir], {encoding: 'utf8'})
  if (r.status === 0) spawnSync('umount', [dir.dir])
  dir.cleanup()
  return r.status === 0 ? null : `cannot mount a tmpfs here (${(r.stderr || r.error?.message || 'mount failed').trim()})`
})()
if (probe) console.warn(`io-errors tests skipped: ${probe}`)
const maybe = probe ? describe.skip : describe

let work: {dir: string; cleanup: () => void}
let small: string
const mount = (options: string) => expect(spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', small]).status).toBe(0)
const remount = (options: string) => expect(spawnSync('mount', ['-o', `remount,${options}`, small]).status).toBe(0)

beforeAll(() => {
  work = tempDir()
  small = join(work.dir, 'small')
  mkdirSync(small)
})
afterAll(() => {
  spawnSync('umount', [small])
  work.cleanup()
})

/** `n` result files of `rows` rows each. */
function results(dir: string, n: number, rows: number): void {
  mkdirSync(dir, {recursive: true})
  for (let f = 0; f < n; f++) {
    // Ten models, many test cases: rows enough to fill the disk, few dimension rows to write.
    const doc = Array.from({length: rows}, (_, i) => ({model_name: `m-${i % 10}`, test_case: `case-${f}-${i}`, hardware_type: 'cpu', batch_size: (i % 8) + 1, throughput_items_per_second: i + 0.5}))
    writeFileSync(join(dir, `r${f}.json`), JSON.stringify(doc))
  }
}

maybe('I/O errors on a small tmpfs', () => {
  test('ENOSPC during db:convert exits 5 with a hint, records nothing as rejected, and a later run ingests everything', async () => {
    mount('size=1m')
    const db = join(small, 'bench.duckdb')
    await createDatabase(db)
    const input = join(work.dir, 'in')
    results(input, 20, 1000)
    const full = bench(['db:convert', '--db', db, '-i', input])
    // The disk fills during a commit or a checkpoint, whichever comes first: batches committed before stay.
    expect(full.status).toBe(5)
    expect(full.stderr).toMatch(/No space left on device/)
    expect(full.stderr).toMatch(/^Try this: The disk is full/m)
    expect(full.stderr).not.toMatch(/\n\s+at /)
    expect(await queryDb(db, "SELECT count(*)::INT AS n FROM source_files WHERE status = 'rejected'")).toEqual([{n: 0}])

    remount('size=64m')
    const again = bench(['db:convert', '--db', db, '-i', input])
    expect(again.status).toBe(0)
    expect(await queryDb(db, 'SELECT status, count(*)::INT AS n FROM source_files GROUP BY 1')).toEqual([{status: 'ingested', n: 20}])
    expect(await queryDb(db, 'SELECT count(*)::INT AS n FROM performance_results')).toEqual([{n: 20_000}])
    spawnSync('umount', [small])
  })

  test('a report that cannot be written for lack of space leaves the previous one whole, and no temp file', async () => {
    const db = join(work.dir, 'report.duckdb')
    await createDatabase(db, {sampleData: true})
    mount('size=64k')
    const report = join(small, 'summary.md')
    writeFileSync(report, 'previous report\n')
    writeFileSync(join(small, 'filler'), Buffer.alloc(60 * 1024))
    const r = bench(['db:query', '--db', db, '--report', 'summary', '--format', 'html', '--output', report])
    expect(r.status).toBe(5)
    expect(r.stderr).toContain(report)
    expect(r.stderr).toMatch(/^Try this: The disk is full/m)
    expect(readFileSync(report, 'utf8')).toBe('previous report\n')
    expect(readdirSync(small).sort()).toEqual(['filler', 'summary.md'])
    spawnSync('umount', [small])
  })

  test('EROFS during --clean-json and --archive-data exits 5 naming the file; the files stay', async () => {
    mount('size=4m')
    const input = join(small, 'results')
    results(input, 3, 2)
    const db = join(work.dir, 'clean.duckdb')
    expect(bench(['db:convert', '--db', db, '-i', input]).status).toBe(0)
    const old = new Date(Date.now() - 90 * 86_400_000)
    for (const name of readdirSync(input)) utimesSync(join(input, name), old, old)
    remount('ro')
    const clean = bench(['db:maintain', '--db', db, '--clean-json', '-i', input, '--older-than', '30', '--yes'])
    expect(clean.status).toBe(5)
    expect(clean.stderr).toMatch(/read-only file system/i)
    expect(clean.stderr).toContain(input)
    expect(clean.stderr).toMatch(/^Try this: The file system is mounted read-only/m)
    const archiveDir = join(work.dir, 'archive')
    const archive = bench(['db:maintain', '--db', db, '--clean-json', '--archive-data', '--archive-dir', archiveDir, '-i', input, '--older-than', '30', '--yes'])
    expect(archive.status).toBe(5)
    expect(archive.stderr).toMatch(/^Try this: The file system is mounted read-only/m)
    expect(readdirSync(input).sort()).toEqual(['r0.json', 'r1.json', 'r2.json'])
    expect(existsSync(archiveDir)).toBe(true)
    spawnSync('umount', [small])
    rmSync(archiveDir, {recursive: true, force: true})
  })
})
