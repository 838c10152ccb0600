import {describe, expect, test, beforeAll} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {listArchives, verifyArchive} from '../../src/lib/maintain/archive.js'
import {BIN, DAY, ROOT, hashTree, runCli, sha, tempDir, writeResult} from '../helpers/maintain.js'

/** The `bench db:maintain` lines of the first bash block of docs/db-maintain.md, as written. */
function readmeExamples(): string[] {
  const doc = readFileSync(join(ROOT, 'docs/db-maintain.md'), 'utf8')
  const block = /```bash\n([\s\S]*?)```/.exec(doc)![1]
  return block.split('\n').filter((l) => l.startsWith('bench db:maintain'))
}

function listJson(dir: string): string[] {
  return readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((n) => n.endsWith('.json')).map((n) => join(dir, n)).sort()
}

describe("the seed README's maintenance examples work as written", () => {
  let cwd: string
  let shim: string
  const examples = readmeExamples()
  const find = (...flags: string[]) => {
    const line = examples.find((l) => flags.every((f) => l.includes(f)) && (flags.includes('--archive-data') || !l.includes('--archive-data')))
    if (!line) throw new Error(`no README example with ${flags.join(' ')}`)
    return line
  }
  /** Runs a README line through sh with `bench` on PATH, on a pseudo-terminal when `answer` is given. */
  const sh = (line: string, answer?: string) => {
    const env: NodeJS.ProcessEnv = {...process.env, PATH: `${shim}:${process.env.PATH}`, NO_COLOR: '1'}
    delete env.BENCH_DB
    const r = answer === undefined
      ? spawnSync('sh', ['-c', line], {cwd, env, encoding: 'utf8'})
      : spawnSync('script', ['-qec', line, '/dev/null'], {cwd, env, encoding: 'utf8', input: answer + '\n'})
    return {status: r.status, out: r.stdout + r.stderr}
  }
  let originals: Record<string, string>
  let newFile: string
  let neverIngested: string

  beforeAll(() => {
    cwd = tempDir()
    shim = join(cwd, '.bin')
    mkdirSync(shim)
    writeFileSync(join(shim, 'bench'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`)
    chmodSync(join(shim, 'bench'), 0o755)
    // Real result files from the predecessor, in two of the default directories, 60 days old.
    cpSync(join(ROOT, 'test/fixtures/real/performance/benchmark_results'), join(cwd, 'benchmark_results'), {recursive: true})
    cpSync(join(ROOT, 'test/fixtures/real/performance/archived_test_results'), join(cwd, 'archived_test_results'), {recursive: true})
    const old = new Date(Date.now() - 60 * DAY)
    for (const f of [...listJson(join(cwd, 'benchmark_results')), ...listJson(join(cwd, 'archived_test_results'))]) utimesSync(f, old, old)
    const convert = runCli(['db:convert', '--db', './benchmark_db.duckdb', '--json'], {cwd})
    expect(convert.status).toBe(0)
    originals = Object.fromEntries([...listJson(join(cwd, 'benchmark_results')), ...listJson(join(cwd, 'archived_test_results'))].map((f) => [f, sha(readFileSync(f))]))
    // Written after the conversion: one old file that was never converted, one brand new.
    neverIngested = writeResult(cwd, 'benchmark_results/never_converted.json', {model: 'x'}, 90)
    newFile = writeResult(cwd, 'benchmark_results/fresh.json', {model: 'y'}, 0)
  }, 120_000)

  test('the README block has the five predecessor examples', () => {
    expect(examples).toHaveLength(5)
  })

  test('--clean-json --dry-run --verbose changes no byte and lists every decision', () => {
    const before = hashTree(cwd)
    const r = sh(find('--dry-run'))
    expect(r.status).toBe(0)
    expect(r.out).toMatch(/would delete\s+benchmark_results\//)
    expect(r.out).toMatch(/would keep\s+benchmark_results\/never_converted\.json\s+never-ingested/)
    expect(r.out).toMatch(/would keep\s+benchmark_results\/fresh\.json\s+too-new/)
    expect(hashTree(cwd)).toEqual(before)
  })

  test('--dry-run with every operation at once still changes no byte (tree and database)', () => {
    const backups = join(cwd, 'backups')
    expect(sh('bench db:maintain --backup --backup-dir ./backups').status).toBe(0)
    const before = hashTree(cwd)
    const r = sh('bench db:maintain --dry-run --clean-json --archive-data --archive-dir ./archived_json --optimize-db --vacuum --backup --backup-dir ./backups --purge-backups --keep 0 --json')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.out.slice(r.out.indexOf('{')))
    expect(out.clean.removed.length).toBeGreaterThan(0)
    expect(out.purge.removed).toHaveLength(1)
    expect(out.vacuum.rebuilt).toBe(false)
    expect(hashTree(cwd)).toEqual(before)
    expect(existsSync(join(cwd, 'archived_json'))).toBe(false)
    expect(readdirSync(backups)).toHaveLength(1)
  })

  test('--optimize-db and --vacuum', () => {
    const o = sh(find('--optimize-db'))
    expect(o.status).toBe(0)
    expect(o.out).toMatch(/ran: CHECKPOINT \(\d+ ms\), ANALYZE/)
    const v = sh(find('--vacuum'))
    expect(v.status).toBe(0)
    expect(v.out).toMatch(/Vacuum: [\d.]+ \w+ before, [\d.]+ \w+ after/)
  })

  test('--clean-json --archive-data --archive-dir ./archived_json archives (after typing the database name)', async () => {
    const r = sh(find('--archive-data'), 'benchmark_db.duckdb')
    expect(r.status).toBe(0)
    expect(r.out).toContain('Type the database name (benchmark_db.duckdb)')
    const [archive] = listArchives(join(cwd, 'archived_json'))
    const manifest = await verifyArchive(archive)
    const proven = Object.keys(originals).filter((p) => !existsSync(p))
    expect(proven.length).toBeGreaterThan(0)
    expect(manifest.files.map((f) => f.path).sort()).toEqual(proven.sort())
    for (const f of manifest.files) expect(f.sha256).toBe(originals[f.path])
    expect(existsSync(neverIngested) && existsSync(newFile)).toBe(true)
    // Put them back for the next example (the restore example from the same page).
    const back = sh(examples.find((l) => l.includes('--restore')) ?? 'bench db:maintain --restore --archive-dir ./archived_json')
    expect(back.status).toBe(0)
    for (const [p, h] of Object.entries(originals)) expect(sha(readFileSync(p))).toBe(h)
  })

  test('--clean-json --older-than 30 deletes the converted files after "yes", keeps the rest', () => {
    const r = sh(find('--clean-json', '--older-than 30'), 'yes')
    expect(r.status).toBe(0)
    const deleted = Object.keys(originals).filter((p) => !existsSync(p))
    expect(deleted.length).toBeGreaterThan(0)
    expect(r.out).toMatch(new RegExp(`Summary: ${deleted.length} file\\(s\\) deleted`))
    expect(existsSync(neverIngested) && existsSync(newFile)).toBe(true)
    // Whatever was kept among the converted fixtures is listed with its reason.
    for (const p of Object.keys(originals).filter((p) => existsSync(p))) expect(r.out).toContain(p.slice(cwd.length + 1))
  })
})
