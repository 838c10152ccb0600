import {join} from 'node:path'
import {openBenchDb, type BenchDb} from '../../src/lib/db/bench-db.js'
import {makeTempDir, removeTempDir} from './cli.js'
import type {NormalizedDocument, PerformanceRow} from '../../src/lib/ingest/types.js'
import {writeBatch} from '../../src/lib/ingest/writer.js'

/** Synthetic runs for db:compare tests, written through the real ingest writer into a temp DuckDB. */

export interface SynthResult {
  model: string
  family?: string
  hardware: string
  device?: string
  batch?: number
  precision?: string
  testCase?: string
  latencyMs?: number
  throughput?: number
  memoryMb?: number
  p99Ms?: number
  /** Raw per-iteration latencies (ms). */
  samples?: number[]
  simulated?: boolean
}

export interface SynthRun {
  startedAt: string
  commit?: string
  branch?: string
  /** The machine that ran it (test_runs.machine, part of the series). */
  machine?: string
  results: SynthResult[]
}

/** Temp dirs come from cli.ts (one helper); these are the compare tests' names for it. */
export const tempDir = (): string => makeTempDir()
export const removeDir = removeTempDir

function row(r: SynthResult): PerformanceRow {
  return {
    model: {name: r.model, family: r.family ?? r.model.split(/[-/]/)[0]},
    hardware: {type: r.hardware, deviceName: r.device ?? `${r.hardware}-device`},
    testCase: r.testCase ?? 'inference',
    batchSize: r.batch ?? 1,
    precision: r.precision ?? 'fp32',
    averageLatencyMs: r.latencyMs ?? null,
    throughputItemsPerSecond: r.throughput ?? null,
    memoryPeakMb: r.memoryMb ?? null,
    latencyP99Ms: r.p99Ms ?? null,
    simulated: r.simulated ?? false,
    samples: r.samples?.map((latencyMs, batchIndex) => ({batchIndex, latencyMs})),
  }
}

function doc(run: SynthRun, i: number): NormalizedDocument {
  return {
    run: {testName: `synthetic-${i}`, testType: 'performance', startedAt: run.startedAt, gitCommit: run.commit ?? null, gitBranch: run.branch ?? null, machine: run.machine ?? null},
    performance: run.results.map(row),
    compatibility: [], integration: [], webPlatform: [], hardwarePlatforms: [], models: [],
  }
}

/** Writes the runs (one ledger entry each) and returns their run ids in the given order. */
export async function writeRuns(bench: BenchDb, runs: SynthRun[]): Promise<number[]> {
  const ledgerIds = await bench.write((db, dims) => writeBatch(db, dims, runs.map((run, i) => ({
    path: `synthetic/run-${i}-${run.startedAt}.json`, sha256: null, sizeBytes: null, mtimeMs: null,
    category: 'performance', shape: 'synthetic', status: 'ingested' as const, doc: doc(run, i),
  }))))
  const rows = await bench.db.all<{run_id: number; source_file_id: number}>(
    `SELECT run_id, source_file_id FROM test_runs WHERE source_file_id IN (${ledgerIds.join(',')})`,
  )
  const byLedger = new Map(rows.map((r) => [r.source_file_id, r.run_id]))
  return ledgerIds.map((id) => byLedger.get(id)!)
}

/** A fresh database in a temp dir, filled with `runs`. */
export async function databaseWith(runs: SynthRun[]): Promise<{dir: string; path: string; bench: BenchDb; runIds: number[]}> {
  const dir = tempDir()
  const path = join(dir, 'compare.duckdb')
  const bench = await openBenchDb(path)
  const runIds = await writeRuns(bench, runs)
  await bench.checkpoint()
  return {dir, path, bench, runIds}
}

/** ISO date of day `n` of March 2025 at 02:00 UTC (nightly runs). */
export const day = (n: number) => `2025-03-${String(n).padStart(2, '0')}T02:00:00Z`
