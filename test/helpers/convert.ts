import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdtempSync, readdirSync, readFileSync, statSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {BenchDb} from '../../src/lib/db/bench-db.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(ROOT, 'bin', 'run.js')
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'real')

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'benchdb-'))
}

export function cleanup(dir: string): void {
  rmSync(dir, {recursive: true, force: true})
}

/** Rows of one read-only query on the database file (opened and closed around it). */
export async function queryDb<T = Record<string, unknown>>(dbPath: string, sql: string): Promise<T[]> {
  const bench = await BenchDb.open(dbPath, {readOnly: true})
  try {
    return (await bench.db.all(sql)) as T[]
  } finally {
    bench.close()
  }
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the built CLI (npm run build first) as a subprocess. */
export function runCli(args: string[], cwd = ROOT, env: Record<string, string> = {}): CliResult {
  const {BENCH_DB: _ignored, ...base} = process.env
  const r = spawnSync(process.execPath, [BIN, ...args], {cwd, encoding: 'utf8', env: {...base, ...env}, timeout: 120_000})
  return {code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr}
}

export function runCliJson<T = any>(args: string[], cwd = ROOT): {code: number; json: T; stderr: string} {
  const r = runCli([...args, '--json'], cwd)
  let json: T
  try {
    json = JSON.parse(r.stdout) as T
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`)
  }
  return {code: r.code, json, stderr: r.stderr}
}

/** sha256 of every file (path, mode, size, bytes) under `dir`, to prove a run changed nothing. */
export function hashTree(dir: string): string {
  const h = createHash('sha256')
  const walk = (d: string) => {
    for (const e of readdirSync(d, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name)
      h.update(relative(dir, p) + '\0')
      if (e.isSymbolicLink()) h.update('link\0')
      else if (e.isDirectory()) walk(p)
      else if (e.isFile()) {
        const st = statSync(p)
        h.update(`${st.mode}:${st.size}:${st.mtimeMs}\0`)
        try {
          h.update(readFileSync(p))
        } catch {
          h.update('unreadable')
        }
      }
    }
  }
  if (existsSync(dir)) walk(dir)
  return h.digest('hex')
}
