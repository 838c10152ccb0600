/**
 * A generated database with history for the rollup tests: runs spread over several months (some at
 * and around a mid-day boundary, some without a run time), simulated rows, raw samples behind rows
 * that stored no percentiles, compatibility evidence, and new versions of files that supersede
 * (delete) older rows. Everything goes through the converter's writer (writeBatch).
 */
import {copyFileSync} from 'node:fs'

import {BenchDb} from '../../src/lib/db/bench-db.js'
import type {NormalizedDocument, PerformanceRow} from '../../src/lib/ingest/types.js'
import {writeBatch} from '../../src/lib/ingest/writer.js'
import {answer, type QueryRequest} from '../../src/lib/report/index.js'
import {compat, FIXED_NOW, ref} from './query.js'

const MODELS = [
  ref.model('bert-base-uncased', 'bert'), ref.model('bert-large', 'bert'), ref.model('roberta-base', 'bert'),
  ref.model('gpt2', 'gpt'), ref.model('gpt2-medium', 'gpt'), ref.model('t5-small', 't5'),
]
const HARDWARE = ['cpu', 'cuda', 'rocm', 'qnn'].map((t) => ref.hw(t))

/** Deterministic pseudo-random numbers (same database every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}

/**
 * Run start times: every ~3 days from January to April 2025 at changing hours, plus runs exactly
 * at, just before and just after 2025-02-14T12:00:00Z (the mid-day --since of the tests), and
 * on a month's first instant. `null` = a run without a time (evidence time: when it was stored).
 */
export function historyRunTimes(): (string | null)[] {
  const times: (string | null)[] = []
  for (let d = 0; d < 110; d += 3) times.push(new Date(Date.UTC(2025, 0, 1 + d, (d * 7) % 24, (d * 13) % 60)).toISOString())
  times.push('2025-02-14T12:00:00.000Z', '2025-02-14T11:59:59.999Z', '2025-02-14T12:00:00.001Z', '2025-03-01T00:00:00.000Z', null, null)
  return times
}

/** One result file: a run with performance rows (some with raw samples only) and compatibility rows. */
export function historyDocument(i: number, startedAt: string | null, version = 0): NormalizedDocument {
  const rnd = lcg(i * 7919 + version * 104729 + 1)
  const performance: PerformanceRow[] = []
  const compatibility = []
  for (const model of MODELS) {
    for (const hardware of HARDWARE) {
      if (rnd() < 0.2) continue // not every pair in every run
      const simulated = hardware.type === 'qnn'
      for (const batchSize of [1, 4]) {
        const throughput = (50 + MODELS.indexOf(model) * 17 + HARDWARE.indexOf(hardware) * 31) * batchSize ** 0.7 * (0.9 + rnd() * 0.2)
        const latency = (1000 * batchSize) / throughput
        const sampled = rnd() < 0.3
        performance.push({
          model, hardware, batchSize, precision: hardware.type === 'cuda' && rnd() < 0.5 ? 'fp16' : 'fp32',
          throughputItemsPerSecond: rnd() < 0.05 ? null : throughput, averageLatencyMs: latency,
          memoryPeakMb: rnd() < 0.1 ? null : 200 + rnd() * 800,
          // Rows with raw samples store no percentiles: comparisons fall back to the samples' quantiles.
          latencyP50Ms: sampled ? null : latency, latencyP90Ms: sampled ? null : latency * 1.1, latencyP99Ms: sampled ? null : latency * 1.3,
          samples: sampled ? Array.from({length: 5 + Math.floor(rnd() * 6)}, (_, k) => ({batchIndex: k, latencyMs: latency * (0.8 + rnd() * 0.6)})) : undefined,
          simulated,
        })
      }
      if (rnd() < 0.4) {
        const ok = rnd() < 0.8
        compatibility.push(compat(model, hardware, ok, ok ? null : `unsupported op ${Math.floor(rnd() * 5)} (v${version})`, hardware.type === 'qnn'))
      }
    }
  }
  return {
    run: {testName: `history-${i}`, testType: 'performance', startedAt, completedAt: null},
    performance, compatibility, integration: [], webPlatform: [], hardwarePlatforms: [], models: [],
  }
}

export const historyPath = (i: number) => `history/run-${i}.json`

/**
 * Writes result files `indexes` (version `version`); a version after 0 replaces the file's
 * earlier version, whose rows are deleted, as db:convert does for a changed file.
 */
export async function writeHistory(bench: BenchDb, indexes: number[], version = 0): Promise<void> {
  const times = historyRunTimes()
  const supersedes = new Map<string, number[]>()
  if (version > 0) {
    const rows = await bench.db.all<{path: string; id: number}>(
      `SELECT path, source_file_id AS id FROM source_files WHERE status = 'ingested' AND path IN (${indexes.map((i) => `'${historyPath(i)}'`).join(',')})`,
    )
    for (const r of rows) supersedes.set(r.path, [...(supersedes.get(r.path) ?? []), Number(r.id)])
  }
  await bench.write((tx, dims) =>
    writeBatch(tx, dims, indexes.map((i) => ({
      path: historyPath(i), sha256: `${i}-${version}`, sizeBytes: null, mtimeMs: null, category: 'performance', shape: 'test-fixture',
      status: 'ingested' as const, doc: historyDocument(i, times[i % times.length], version), supersedes: supersedes.get(historyPath(i)),
    }))),
  )
}

/** The questions the tests ask of both paths: every report, the matrix, comparisons and trends, under many filters. */
export function rollupRequests(model: string, hardware: string): [string, Exclude<QueryRequest, {mode: 'sql'}>][] {
  const filterSets = [
    {}, {includeSimulated: true}, {family: 'bert', hardware}, {batchSize: 4, precision: 'fp16'}, {model},
    {since: '2025-02-14T12:00:00Z'}, {since: '2025-02-14T12:00:00Z', includeSimulated: true}, {since: '2025-03-01'},
    {since: '2025-03-17T05:30:00Z', family: 'bert', batchSize: 1},
  ]
  const out: [string, Exclude<QueryRequest, {mode: 'sql'}>][] = []
  for (const filters of filterSets) {
    const f = JSON.stringify(filters)
    for (const report of ['performance', 'summary', 'hardware', 'compatibility', 'integration', 'web-platform'] as const) {
      out.push([`report ${report} ${f}`, {mode: 'report', report, filters}])
    }
    out.push([`matrix ${f}`, {mode: 'matrix', filters}], [`matrix by family ${f}`, {mode: 'matrix', by: 'family', filters}])
    for (const metric of ['throughput', 'memory', 'p50']) out.push([`compare ${metric} ${f}`, {mode: 'compare', metric, filters}])
  }
  out.push([`compare one model`, {mode: 'compare', metric: 'p90', filters: {model}}])
  out.push([`trend`, {mode: 'trend', metric: 'throughput', filters: {model, hardware}}])
  return out
}

/** Every request's answer (or error kind) from the database at `path`, opened read-only. */
export async function answersAt(path: string, requests: [string, Exclude<QueryRequest, {mode: 'sql'}>][]): Promise<Map<string, unknown>> {
  const bench = (await BenchDb.open(path, {readOnly: true})).showAs('benchmark_db.duckdb')
  try {
    const out = new Map<string, unknown>()
    for (const [label, request] of requests) {
      try {
        out.set(label, await answer(bench, request, {cache: false, now: FIXED_NOW}))
      } catch (err) {
        out.set(label, {error: (err as {kind?: string}).kind ?? String(err)})
      }
    }
    return out
  } finally {
    bench.close()
  }
}

/**
 * A copy of the database whose rollup state is gone, so every report there scans
 * performance_results directly (the reference the rollup path must match).
 */
export async function directCopy(path: string, to: string): Promise<string> {
  copyFileSync(path, to)
  const bench = await BenchDb.open(to)
  try {
    await bench.db.run('DELETE FROM perf_rollup_state')
    await bench.checkpoint()
  } finally {
    bench.close()
  }
  return to
}

/**
 * Values compared between the paths: sums of doubles merged in a different order may differ in the
 * last bits, so non-integers are compared to 12 significant digits; everything else exactly.
 */
export function comparable(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12))
  if (Array.isArray(value)) return value.map(comparable)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]))
  return value
}
