import {beforeAll, describe, expect, test} from '@jest/globals'
import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {listArchives, uniqueEntryNames} from '../../src/lib/maintain/archive.js'
import {cleanJson} from '../../src/lib/maintain/clean.js'
import {restoreFiles} from '../../src/lib/maintain/restore.js'
import {ingestFiles, runCli, sha, tempDir, writeResult} from '../helpers/maintain.js'

// Finding 4 of issue #18: `a\b.json` and `a/b.json` are two files and stay two archive entries; a
// damaged archive never blocks restoring from the good ones; --archive-dir on a file is exit 5.
describe('archive entry names and damaged archives', () => {
  let root: string
  let db: string
  const files: Record<string, string> = {}

  beforeAll(async () => {
    root = tempDir()
    db = join(root, 'bench.duckdb')
    for (const [rel, latency] of [['results/a\\b.json', 1], ['results/a/b.json', 2], ['results/c.json', 3]] as const) {
      const path = writeResult(root, rel, {model: rel, latency})
      files[path] = sha(readFileSync(path))
    }
    await ingestFiles(db, Object.keys(files).map((path) => ({path})))
  })

  test('entry names are unique before anything is written, also for names that differ only in case', () => {
    expect(uniqueEntryNames(['/r/a\\b.json', '/r/a/b.json'])).toEqual(['files/r/a\\b.json', 'files/r/a/b.json'])
    expect(uniqueEntryNames(['/r/X.json', '/r/x.json', '/r/x.json'])).toEqual(['files/r/X.json', 'files~2/r/x.json', 'files~3/r/x.json'])
  })

  test('a backslash name and its slash twin are archived, verified and removed as two files', async () => {
    const res = await cleanJson(db, {inputDirs: [join(root, 'results')], olderThanDays: 30, archiveDir: join(root, 'archive'), cwd: root})
    expect(res.archive?.verified).toBe(true)
    expect(res.removed.map((f) => f.path).sort()).toEqual(Object.keys(files).sort())
    for (const p of Object.keys(files)) expect(existsSync(p)).toBe(false)
  })

  test('a damaged archive listed first does not stop the good one from restoring every file byte for byte', async () => {
    // Named to sort newest, so restore meets it first.
    const damaged = join(root, 'archive', 'json-archive-29991231T000000Z.tar.gz')
    writeFileSync(damaged, Buffer.from('not a gzip stream at all'))
    expect(listArchives(join(root, 'archive'))[0]).toBe(damaged)
    const res = await restoreFiles(db, {archiveDir: join(root, 'archive'), cwd: root})
    expect(res.damagedArchives).toEqual([{archive: damaged, reason: expect.stringMatching(/is damaged/)}])
    expect(res.restored.map((f) => f.path).sort()).toEqual(Object.keys(files).sort())
    for (const [p, hash] of Object.entries(files)) expect(sha(readFileSync(p))).toBe(hash)
  })
})

describe('--archive-dir that is a file', () => {
  test('exits 5 naming the path, with a hint, and removes nothing', async () => {
    const root = tempDir()
    const db = join(root, 'bench.duckdb')
    const path = writeResult(root, 'results/old.json', {model: 'x', latency: 1})
    await ingestFiles(db, [{path}])
    const notADir = join(root, 'archive-is-a-file')
    writeFileSync(notADir, 'x')
    const r = runCli(['db:maintain', '--db', db, '--clean-json', '--archive-data', '--archive-dir', notADir, '--older-than', '1', '--yes', '-i', join(root, 'results')], {cwd: root})
    expect(r.status).toBe(5)
    expect(r.stderr).toContain(notADir)
    expect(r.stderr).toMatch(/^Try this: Something is already there/m)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(path)).toBe(true)
    expect(readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })
})
