import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(ROOT, 'bin', 'run.js')

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  cwd?: string
  env?: Record<string, string>
  input?: string
}

/** The environment every CLI run of the tests gets: the caller's, no colour, and no BENCH_DB leaking in. */
function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', ...extra}
  if (!('BENCH_DB' in extra)) delete env.BENCH_DB
  return env
}

/**
 * Runs the built `bench` CLI as a user would (no TTY), returning its exit code and both streams.
 * The one way the tests run the CLI (the per-area helpers in this folder delegate here).
 */
export function bench(args: string[], options: RunOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: cliEnv(options.env),
    input: options.input,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return {status: r.status, stdout: r.stdout, stderr: r.stderr}
}

/** Same, without blocking the test's event loop (for tests that hold a database open meanwhile). */
export function benchAsync(args: string[], options: {cwd?: string} = {}): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {cwd: options.cwd ?? ROOT, env: cliEnv()})
    let stdout = ''
    let stderr = ''
    // Decode as UTF-8 streams: a chunk boundary may fall inside a multi-byte character.
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (status) => done({status, stdout, stderr}))
  })
}

/** `bench ... --json` parsed. */
export function benchJson<T = any>(args: string[], options: {cwd?: string} = {}): {status: number | null; json: T; stderr: string} {
  const r = bench([...args, '--json'], options)
  let json: T
  try {
    json = JSON.parse(r.stdout) as T
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.status}):\n${r.stdout}\n--- stderr:\n${r.stderr}`)
  }
  return {status: r.status, json, stderr: r.stderr}
}

/** A fresh temp directory (the one place tests make them). */
export function makeTempDir(prefix = 'benchdb-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function removeTempDir(dir: string): void {
  rmSync(dir, {recursive: true, force: true})
}

/** A fresh temp directory, removed by the returned cleanup. */
export function tempDir(prefix = 'benchdb-'): {dir: string; cleanup: () => void} {
  const dir = makeTempDir(prefix)
  return {dir, cleanup: () => removeTempDir(dir)}
}
