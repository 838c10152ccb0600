import {describe, expect, test, beforeAll} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {gunzipSync} from 'node:zlib'
import {listArchives, verifyArchive} from '../../src/lib/maintain/archive.js'
import {cleanJson} from '../../src/lib/maintain/clean.js'
import {restoreFiles} from '../../src/lib/maintain/restore.js'
import {ingestFiles, runCli, sha, tempDir, writeResult} from '../helpers/maintain.js'

function makeCorpus(root: string, n: number): Record<string, string> {
  const hashes: Record<string, string> = {}
  for (let i = 0; i < n; i++) {
    // Long nested names exercise the tar writer's pax headers; ü the non-ASCII path.
    const rel = i % 5 === 0
      ? `performance_results/${'very-long-directory-name-'.repeat(4)}/run-${i}-ü.json`
      : `performance_results/hw-${i % 3}/run-${i}.json`
    const path = writeResult(root, rel, {model: `m${i}`, latency: i + 0.5, samples: Array.from({length: i % 7}, (_, k) => k * 1.5)})
    hashes[path] = sha(readFileSync(path))
  }
  return hashes
}

describe('archive then restore gives back the same bytes', () => {
  let root: string
  let db: string
  let originals: Record<string, string>
  let mtimes: Record<string, number>

  beforeAll(async () => {
    root = tempDir()
    db = join(root, 'bench.duckdb')
    originals = makeCorpus(root, 25)
    mtimes = Object.fromEntries(Object.keys(originals).map((p) => [p, Math.floor(statSync(p).mtimeMs / 1000)]))
    await ingestFiles(db, Object.keys(originals).map((path) => ({path})))
  })

  test('--archive-data writes a verified .tar.gz + manifest and removes the originals', async () => {
    const res = await cleanJson(db, {inputDirs: [join(root, 'performance_results')], olderThanDays: 30, archiveDir: join(root, 'archived_json'), cwd: root})
    expect(res.mode).toBe('archive')
    expect(res.removed).toHaveLength(25)
    expect(res.archive?.verified).toBe(true)
    for (const p of Object.keys(originals)) expect(existsSync(p)).toBe(false)
    const archives = listArchives(join(root, 'archived_json'))
    expect(archives).toHaveLength(1)
    const manifest = await verifyArchive(archives[0])
    expect(manifest.files).toHaveLength(25)
    for (const f of manifest.files) {
      expect(f.sha256).toBe(originals[f.path])
      expect(typeof f.ledgerId).toBe('number')
    }
    // The sidecar manifest equals the one inside the archive; no temporary file is left behind.
    expect(JSON.parse(readFileSync(res.archive!.manifest, 'utf8'))).toEqual(manifest)
    expect(readdirSync(join(root, 'archived_json')).filter((n) => n.endsWith('.tmp'))).toEqual([])
    // Any tar reads it (pax headers carry the long and non-ASCII names).
    const listed = spawnSync('tar', ['tzf', archives[0]], {encoding: 'utf8'})
    expect(listed.status).toBe(0)
    expect(listed.stdout.trim().split('\n').sort()).toEqual([...manifest.files.map((f) => f.entry), 'manifest.json'].sort())
  })

  test('a damaged archive is refused by verification', async () => {
    const [archive] = listArchives(join(root, 'archived_json'))
    const tar = gunzipSync(readFileSync(archive))
    const damagedDir = join(root, 'damaged')
    mkdirSync(damagedDir)
    const cut = join(damagedDir, 'json-archive-20000101T000000Z.tar.gz')
    writeFileSync(cut, readFileSync(archive).subarray(0, Math.floor(readFileSync(archive).length / 2)))
    await expect(verifyArchive(cut)).rejects.toThrow(/damaged/)
    expect(tar.length % 512).toBe(0)
  })

  test('restore under --to never escapes it and gives files with the original sha256', async () => {
    const to = join(root, 'restored')
    const res = await restoreFiles(db, {archiveDir: join(root, 'archived_json'), to, cwd: root})
    expect(res.restored).toHaveLength(25)
    expect(res.conflicts).toEqual([])
    for (const f of res.restored) {
      expect(f.target.startsWith(to + '/')).toBe(true)
      expect(sha(readFileSync(f.target))).toBe(originals[f.path])
    }
  })

  test('restore to the original paths (CLI) recreates every file byte for byte, with its mtime', () => {
    const r = runCli(['db:maintain', '--db', db, '--restore', '--archive-dir', join(root, 'archived_json')], {cwd: root})
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/Summary: 25 file\(s\) restored/)
    for (const [p, h] of Object.entries(originals)) {
      expect(sha(readFileSync(p))).toBe(h)
      expect(Math.floor(statSync(p).mtimeMs / 1000)).toBe(mtimes[p])
    }
  })

  test('restoring again finds everything already present; a different file in the way is a conflict, left alone (exit 1)', () => {
    const victim = Object.keys(originals)[3]
    writeFileSync(victim, '{"edited": true}\n')
    const r = runCli(['db:maintain', '--db', db, '--restore', '--archive-dir', join(root, 'archived_json'), '--json'], {cwd: root})
    expect(r.status).toBe(1)
    const out = JSON.parse(r.stdout)
    expect(out.restore.restored).toHaveLength(0)
    expect(out.restore.alreadyPresent).toHaveLength(24)
    expect(out.restore.conflicts.map((c: {path: string}) => c.path)).toEqual([victim])
    expect(readFileSync(victim, 'utf8')).toBe('{"edited": true}\n')
  })
})

describe('restore from the database alone', () => {
  test('--from-db with --path recreates deleted files byte for byte; nothing escapes --to', async () => {
    const root = tempDir()
    const db = join(root, 'bench.duckdb')
    const originals = makeCorpus(root, 12)
    const other = writeResult(root, 'web_platform_results/w.json', {platform: 'webgpu'})
    await ingestFiles(db, [...Object.keys(originals), other].map((path) => ({path})))
    const mtimes = Object.fromEntries(Object.keys(originals).map((p) => [p, statSync(p).mtimeMs]))
    const cleaned = await cleanJson(db, {olderThanDays: 30, cwd: root})
    expect(cleaned.removed).toHaveLength(13) // the default dirs under cwd
    const r = runCli(['db:maintain', '--db', db, '--restore', '--from-db', '--path', 'performance_results/**', '--json'], {cwd: root})
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.restore.restored).toHaveLength(12)
    for (const [p, h] of Object.entries(originals)) {
      expect(sha(readFileSync(p))).toBe(h)
      // The ledger's mtime comes back too (to the millisecond the ledger's ISO form carries).
      expect(Math.abs(statSync(p).mtimeMs - mtimes[p])).toBeLessThan(2)
    }
    expect(existsSync(other)).toBe(false) // not selected by --path

    const to = join(root, 'copy')
    const res = await restoreFiles(db, {fromDb: true, inputDirs: [join(root, 'web_platform_results')], to, cwd: root})
    expect(res.restored.map((f) => f.target)).toEqual([join(to, 'web_platform_results/w.json')])
    expect(readFileSync(join(to, 'web_platform_results/w.json'), 'utf8')).toContain('webgpu')
  })

  test('ledger paths outside the working directory still land inside --to', async () => {
    const root = tempDir()
    const db = join(root, 'bench.duckdb')
    const p = writeResult(root, 'performance_results/a.json', {a: 1})
    await ingestFiles(db, [{path: p}])
    const {BenchDb} = await import('../../src/lib/db/bench-db.js')
    const bench = await BenchDb.open(db)
    await bench.db.run(`UPDATE source_files SET path = '../../../../etc/evil.json'`)
    await bench.checkpoint()
    bench.close()
    const to = join(root, 'safe')
    const res = await restoreFiles(db, {fromDb: true, pathGlobs: ['**'], to, cwd: join(root, 'performance_results')})
    expect(res.restored).toHaveLength(1)
    // Outside cwd: the absolute path with its root stripped, still under --to.
    expect(res.restored[0].target).toBe(join(to, 'etc/evil.json'))
  })
})
