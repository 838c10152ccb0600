import {describe, expect, test, beforeAll} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {symlinkSync, existsSync, readFileSync, writeFileSync, utimesSync} from 'node:fs'
import {join} from 'node:path'
import {cleanJson} from '../../src/lib/maintain/clean.js'
import {restoreFiles} from '../../src/lib/maintain/restore.js'
import {BIN, DAY, hashTree, ingestFiles, runCli, sha, tempDir, writeResult} from '../helpers/maintain.js'

describe('--clean-json deletes only files proven to be in the database', () => {
  let root: string
  let db: string
  const p: Record<string, string> = {}

  beforeAll(async () => {
    root = tempDir()
    db = join(root, 'bench.duckdb')
    p.ingested = writeResult(root, 'performance_results/ingested.json', {model: 'bert', latency: 5})
    p.modified = writeResult(root, 'performance_results/modified.json', {model: 't5', latency: 7})
    p.never = writeResult(root, 'performance_results/never.json', {model: 'vit', latency: 3})
    p.rejected = writeResult(root, 'performance_results/rejected.json', {model: 'bad', latency: -1})
    p.unrecognized = writeResult(root, 'performance_results/unknown.json', {hello: 'world'})
    p.recent = writeResult(root, 'performance_results/recent.json', {model: 'gpt2', latency: 9}, 1)
    p.rowsGone = writeResult(root, 'performance_results/rows-gone.json', {model: 'clip', latency: 4})
    p.copy = writeResult(root, 'performance_results/copy-of-ingested.json', {model: 'bert', latency: 5})
    p.link = join(root, 'performance_results/link.json')
    symlinkSync(p.never, p.link)
    const ids = await ingestFiles(db, [
      {path: p.ingested}, {path: p.modified}, {path: p.rejected, status: 'rejected', reason: 'latency must be ≥ 0'},
      {path: p.unrecognized, status: 'unrecognized', reason: 'no adapter matched'}, {path: p.recent}, {path: p.rowsGone},
    ])
    // The converter records a second copy of the same bytes as a duplicate of the first.
    const {BenchDb: Db} = await import('../../src/lib/db/bench-db.js')
    const {writeBatch} = await import('../../src/lib/ingest/writer.js')
    const b = await Db.open(db)
    const bytes = readFileSync(p.copy)
    await b.write((tx, dims) => writeBatch(tx, dims, [{path: p.copy, sha256: sha(bytes), sizeBytes: bytes.length, mtimeMs: null, category: 'performance', shape: 'test-shape', status: 'duplicate', duplicateOf: ids[0]}]))
    b.close()
    // Someone edits a file after it was converted (mtime kept old so only the bytes tell).
    writeFileSync(p.modified, readFileSync(p.modified, 'utf8').replace('7', '8'))
    utimesSync(p.modified, new Date(Date.now() - 60 * DAY), new Date(Date.now() - 60 * DAY))
    // And a file whose rows were deleted from the database after ingestion.
    const {BenchDb} = await import('../../src/lib/db/bench-db.js')
    const bench = await BenchDb.open(db)
    await bench.db.run('DELETE FROM performance_results WHERE source_file_id = ?', [ids[5]])
    await bench.checkpoint()
    bench.close()
  })

  test('--dry-run changes no byte of the tree or the database, and lists what would happen', async () => {
    const before = hashTree(root)
    const r = runCli(['db:maintain', '--db', db, '--clean-json', '--older-than', '30', '--dry-run', '--verbose', '--input-dir', join(root, 'performance_results')])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/would delete\s+\S*ingested\.json/)
    expect(r.stdout).toMatch(/would keep\s+\S*modified\.json\s+changed-since-ingestion/)
    expect(r.stderr).toContain('Dry run: nothing was changed.')
    expect(hashTree(root)).toEqual(before)
  })

  test('without a terminal and without --yes the deletion is refused (exit 2) and nothing is deleted', () => {
    const r = runCli(['db:maintain', '--db', db, '--clean-json', '--older-than', '30', '--input-dir', join(root, 'performance_results')])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--yes/)
    expect(existsSync(p.ingested)).toBe(true)
  })

  test('on a terminal, an answer other than the database name or "yes" cancels (exit 2), nothing deleted', () => {
    const line = `"${process.execPath}" "${BIN}" db:maintain --db "${db}" --clean-json --older-than 30 --input-dir "${join(root, 'performance_results')}"`
    const r = spawnSync('script', ['-qec', line, '/dev/null'], {encoding: 'utf8', input: 'no\n'})
    expect(r.stdout).toContain("Type the database name (bench.duckdb) or 'yes'")
    expect(r.stdout).toContain('confirmation did not match')
    expect(r.status).toBe(2)
    expect(existsSync(p.ingested)).toBe(true)
  })

  test('deletes the unchanged ingested file and keeps every other one with its reason', async () => {
    const bytes = readFileSync(p.ingested)
    const res = await cleanJson(db, {inputDirs: [join(root, 'performance_results')], olderThanDays: 30, cwd: root})
    expect(res.removed.map((f) => f.path)).toEqual([p.copy, p.ingested])
    expect(res.removed[1].sha256).toBe(sha(bytes))
    expect(res.bytesFreed).toBe(2 * bytes.length)
    expect(existsSync(p.ingested)).toBe(false)
    const reasons = Object.fromEntries(res.kept.map((k) => [k.path, k.reason]))
    expect(reasons).toEqual({
      [p.modified]: 'changed-since-ingestion',
      [p.never]: 'never-ingested',
      [p.rejected]: 'rejected',
      [p.unrecognized]: 'unrecognized',
      [p.recent]: 'too-new',
      [p.rowsGone]: 'rows-missing',
      [p.link]: 'symbolic-link',
    })
    expect(res.kept.find((k) => k.path === p.rejected)?.detail).toContain('latency must be ≥ 0')
    expect(res.kept.find((k) => k.path === p.rowsGone)?.detail).toContain('performance_results: expected 1, found 0')
    for (const k of res.kept) expect(existsSync(k.path)).toBe(true)
    // Both come back from the database alone; the duplicate's bytes are its original's.
    const back = await restoreFiles(db, {fromDb: true, pathGlobs: ['performance_results/{ingested,copy-of-ingested}.json'], cwd: root})
    expect(back.restored.map((f) => f.path)).toEqual([p.copy, p.ingested])
    expect(back.restored[0].from).toBe(back.restored[1].from) // the same kept document serves both
    expect(sha(readFileSync(p.copy))).toBe(sha(bytes))
    expect(sha(readFileSync(p.ingested))).toBe(sha(bytes))
  })
})
