import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {ROOT, bench, makeTempDir, removeTempDir} from './cli.js'

export {BIN, ROOT} from './cli.js'
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'real')

/** Temp dirs and the CLI come from cli.ts (one helper each); these names are the convert tests' own. */
export const tempDir = (): string => makeTempDir()
export const cleanup = removeTempDir

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
  const r = bench(args, {cwd, env})
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
