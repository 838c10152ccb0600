import {afterAll} from '@jest/globals'
import {createHash} from 'node:crypto'
import {mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {bench, makeTempDir, type CliResult, type RunOptions} from './cli.js'
import {packRaw} from '../../src/lib/ingest/raw-document.js'
import type {NormalizedDocument} from '../../src/lib/ingest/types.js'
import {writeBatch, type LedgerEntry} from '../../src/lib/ingest/writer.js'

export {BIN, ROOT} from './cli.js'
export const DAY = 86_400_000

const made: string[] = []
// Every test file importing this helper removes the directories it made (each held databases,
// archives and backups: hundreds of MB per suite run were left in /tmp).
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, {recursive: true, force: true})
})

export function tempDir(): string {
  const d = makeTempDir()
  made.push(d)
  return d
}

export const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

/** Writes a pretty JSON result file `ageDays` old (by mtime) and returns its absolute path. */
export function writeResult(root: string, rel: string, body: unknown, ageDays = 60): string {
  const path = resolve(root, rel)
  mkdirSync(dirname(path), {recursive: true})
  writeFileSync(path, JSON.stringify(body, null, 2) + '\n')
  const when = new Date(Date.now() - ageDays * DAY)
  utimesSync(path, when, when)
  return path
}

export function smallDoc(model: string, latency = 5): NormalizedDocument {
  return {
    run: {testName: `bench ${model}`, testType: 'performance'},
    performance: [{model: {name: model}, hardware: {type: 'cpu'}, batchSize: 1, averageLatencyMs: latency, throughputItemsPerSecond: 1000 / latency, simulated: false}],
    compatibility: [], integration: [], webPlatform: [], hardwarePlatforms: [], models: [],
  }
}

export interface FixtureFile {
  path: string
  status?: 'ingested' | 'rejected' | 'unrecognized'
  reason?: string
  /** Record these bytes instead of the file's (to fake a later edit, write the file afterwards). */
  bytes?: Buffer
}

/** What db:convert writes: one ledger row per file (with its raw bytes) and the rows of ingested ones. */
export async function ingestFiles(dbPath: string, files: FixtureFile[]): Promise<number[]> {
  const bench = await BenchDb.open(dbPath)
  try {
    return await bench.write((tx, dims) =>
      writeBatch(tx, dims, files.map((f, i): LedgerEntry => {
        const bytes = f.bytes ?? readFileSync(f.path)
        const status = f.status ?? 'ingested'
        return {
          path: resolve(f.path), sha256: sha(bytes), sizeBytes: bytes.length, mtimeMs: statSync(f.path).mtimeMs,
          category: 'performance', shape: 'test-shape', status, reason: f.reason ?? null,
          raw: packRaw(bytes), doc: status === 'ingested' ? smallDoc(`model-${i}-${sha(bytes).slice(0, 6)}`) : null,
        }
      })),
    )
  } finally {
    bench.close()
  }
}

/** sha256 of every file under a directory, by relative path (the "no byte changed" proof). */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir, {recursive: true, encoding: 'utf8'})) {
    const p = join(dir, name)
    if (statSync(p).isFile()) out[relative(dir, p)] = sha(readFileSync(p))
  }
  return out
}

/** The built CLI (cli.ts's runner, under the maintain tests' name). */
export const runCli = (args: string[], options: RunOptions = {}): CliResult => bench(args, options)
