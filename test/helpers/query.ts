/**
 * Fixtures for the db:query tests: real DuckDB files in temp dirs (the sample database, and one
 * with extra evidence written through the library), expected values computed from the sample's
 * own source (sampleDocuments()) rather than by SQL, and a runner for the built CLI.
 */
import {afterAll, beforeAll} from '@jest/globals'
import {rmSync} from 'node:fs'
import {join} from 'node:path'

import {BenchDb} from '../../src/lib/db/bench-db.js'
import {bench, makeTempDir, type CliResult} from './cli.js'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {sampleDocuments} from '../../src/lib/db/sample-data.js'
import type {CompatibilityRow, HardwareRef, ModelRef, NormalizedDocument, PerformanceRow} from '../../src/lib/ingest/types.js'
import {writeBatch} from '../../src/lib/ingest/writer.js'

export const XSS_MODEL = '<img src=x onerror=alert(1)>'
export const FIXED_NOW = new Date('2026-01-02T03:04:05.000Z')

export interface TempDb {
  dir: string
  path: string
  cleanup: () => void
}

export async function sampleDb(): Promise<TempDb> {
  const dir = makeTempDir()
  const path = join(dir, 'benchmark_db.duckdb')
  await createDatabase(path, {sampleData: true})
  return {dir, path, cleanup: () => rmSync(dir, {recursive: true, force: true})}
}

/**
 * The sample database, opened read-only for the tests of the calling file or describe block
 * (registers its own beforeAll/afterAll): read `sample.bench` inside tests.
 */
export function useSampleBench(): {readonly bench: BenchDb} {
  let db: TempDb | undefined
  let bench: BenchDb | undefined
  beforeAll(async () => {
    db = await sampleDb()
    bench = await BenchDb.open(db.path, {readOnly: true})
  })
  afterAll(() => {
    bench?.close()
    db?.cleanup()
  })
  return {
    get bench(): BenchDb {
      if (!bench) throw new Error('useSampleBench: the sample database is opened in beforeAll')
      return bench
    },
  }
}

/** Writes extra documents through the same writer the converter uses. */
export async function addDocuments(path: string, docs: NormalizedDocument[]): Promise<void> {
  const bench = await BenchDb.open(path)
  try {
    await bench.write((tx, dims) =>
      writeBatch(tx, dims, docs.map((doc, i) => ({
        path: `extra/doc-${i}-${doc.run.testName}.json`, sha256: null, sizeBytes: null, mtimeMs: null,
        category: 'compatibility', shape: 'test-fixture', status: 'ingested' as const, doc,
      }))),
    )
    await bench.checkpoint()
  } finally {
    bench.close()
  }
}

export function emptyDoc(testName: string, startedAt: string): NormalizedDocument {
  return {
    run: {testName, testType: 'compatibility', startedAt, completedAt: null},
    performance: [], compatibility: [], integration: [], webPlatform: [], hardwarePlatforms: [], models: [],
  }
}

export const ref = {
  model: (name: string, family: string | null = null): ModelRef => ({name, family}),
  hw: (type: string): HardwareRef => ({type}),
}

export function compat(model: ModelRef, hw: HardwareRef, ok: boolean, error: string | null = null, simulated = false): CompatibilityRow {
  return {model, hardware: hw, isCompatible: ok, errorMessage: error, errorType: error ? 'runtime' : null, suggestedFix: error ? 'update the driver' : null, simulated}
}

export function perf(model: ModelRef, hw: HardwareRef, batchSize: number, throughput: number, simulated = false): PerformanceRow {
  return {model, hardware: hw, batchSize, precision: 'fp32', throughputItemsPerSecond: throughput, averageLatencyMs: (1000 * batchSize) / throughput, simulated}
}

// ---- expected values, from the sample's source documents ----

export interface FlatPerf {
  run: number
  date: string
  model: string
  family: string
  hardware: string
  batch: number
  precision: string
  throughput: number
  latency: number
  memory: number
  simulated: boolean
}

export function samplePerformance(): FlatPerf[] {
  return sampleDocuments().flatMap(({doc}, run) =>
    doc.performance.map((p) => ({
      run: run + 1, date: new Date(doc.run.startedAt!).toISOString(), model: p.model.name, family: p.model.family!,
      hardware: p.hardware.type, batch: p.batchSize!, precision: p.precision!, throughput: p.throughputItemsPerSecond!,
      latency: p.averageLatencyMs!, memory: p.memoryPeakMb!, simulated: p.simulated,
    })),
  )
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
export const geomean = (xs: number[]) => Math.exp(mean(xs.map(Math.log)))

// ---- the built CLI ----

export {ROOT, type CliResult} from './cli.js'

/** The built CLI (cli.ts's runner, under the query tests' name). */
export const runCli = (args: string[], options: {cwd?: string} = {}): CliResult => bench(args, options)

/** The seed README's "Python API usage" query, unchanged. */
export const README_QUERY = `
    SELECT 
        m.model_name,
        hp.hardware_type,
        AVG(pr.throughput_items_per_second) as avg_throughput
    FROM 
        performance_results pr
    JOIN 
        models m ON pr.model_id = m.model_id
    JOIN 
        hardware_platforms hp ON pr.hardware_id = hp.hardware_id
    GROUP BY 
        m.model_name, hp.hardware_type
`

/** RFC 4180 parser (quoted fields with "", CRLF records) for checking CSV output cell by cell. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') row.push(field), (field = '')
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++
    else field += ch
  }
  if (field !== '' || row.length) row.push(field), rows.push(row)
  return rows
}
