/**
 * Error rates and speed of db:compare (`npm run bench:compare`; never run by the tests), through
 * the real CLI (bin/run.js, so `npm run build` first) on real DuckDB files written by the ingest
 * writer. Seeded: the figures are reproducible.
 *
 * Every scenario writes SERIES noise-only series (family `noise`) and SERIES series with a true
 * step in the candidate runs (family `step`), judges each family in one CLI call (one comparison,
 * so the false discovery control works as in CI), and prints: the share of noise series called
 * "regressed" (false alarms), of step series called "regressed" (detection) and "unchanged" (the
 * unforgivable miss), and the same for the threshold-only rule (regressed when the median change
 * is beyond the threshold in the bad direction, unchanged otherwise) beside it.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateSeries, prng, type SeriesModel} from '../src/lib/compare/synthetic.js'
import {openBenchDb} from '../src/lib/db/bench-db.js'
import type {NormalizedDocument, PerformanceRow} from '../src/lib/ingest/types.js'
import {writeBatch} from '../src/lib/ingest/writer.js'

/** Series per family and scenario (BENCH_SERIES): 500 makes a 1 % rate precise to about +-1 point. */
const SERIES = Number(process.env.BENCH_SERIES ?? 500)
const SEED = 20251202
/** Sections to run (argv; all when none): scenarios symmetry jobs nightly history speed. */
const ONLY = new Set(process.argv.slice(2))
const wants = (section: string) => ONLY.size === 0 || ONLY.has(section)
const THRESHOLD = 0.05
const root = mkdtempSync(join(tmpdir(), 'bench-compare-'))
let dbCount = 0

interface Scenario {
  name: string
  /** Noise model of every series; the step family adds `step` at the first candidate run. */
  model: Omit<SeriesModel, 'runs' | 'step'>
  step: number
  history: number
  candidates: number
  window: number
  /** Runs labelled with their machine (test_runs.machine). */
  labelMachines?: boolean
  /**
   * The machine of the candidate runs in a 70/30 mix. Every series shares the runs' machines, so
   * a random draw would make the whole row depend on one coin: each case gets its own row.
   */
  candidateMachine?: 0 | 1
}

interface Built {
  path: string
  candidate: string
}

/** Writes `families` (name -> per-series values and samples) as runs; machines per run when labelled. */
async function writeDb(families: Record<string, {values: number[]; samples: number[][]}[]>, runs: number, candidates: number, machineOf?: number[]): Promise<Built> {
  const path = join(root, `db-${dbCount++}.duckdb`)
  const docs: NormalizedDocument[] = Array.from({length: runs}, (_, r) => ({
    run: {testName: `run-${r}`, testType: 'performance', startedAt: new Date(Date.UTC(2025, 0, 1) + r * 3_600_000).toISOString(),
      gitBranch: 'main', gitCommit: r >= runs - candidates ? 'cafe0001' : `beef${String(r).padStart(4, '0')}`,
      machine: machineOf ? `box-${machineOf[r]}` : null},
    performance: Object.entries(families).flatMap(([family, list]) => list.map((s, i): PerformanceRow => ({
      model: {name: `${family}-${i}`, family}, hardware: {type: 'cpu', deviceName: 'bench'}, testCase: 'inference', batchSize: 1,
      precision: 'fp32', averageLatencyMs: s.values[r], throughputItemsPerSecond: 1000 / s.values[r], simulated: false,
      samples: s.samples[r].length ? s.samples[r].map((latencyMs, batchIndex) => ({batchIndex, latencyMs})) : undefined,
    }))),
    compatibility: [], integration: [], webPlatform: [], hardwarePlatforms: [], models: [],
  }))
  const bench = await openBenchDb(path)
  try {
    await bench.write((db, dims) => writeBatch(db, dims, docs.map((doc, r) => ({
      path: `bench/run-${r}.json`, sha256: null, sizeBytes: null, mtimeMs: null, category: 'performance', shape: 'synthetic',
      status: 'ingested' as const, doc,
    }))))
    await bench.checkpoint()
  } finally {
    bench.close()
  }
  return {path, candidate: candidates === 1 ? 'latest' : 'commit:cafe0001'}
}

interface CliSeries {
  key: {modelName: string; modelFamily: string}
  verdict: string
  baseline: {value: number}[]
  candidate: {value: number}[]
}

function cli(args: string[]): {status: number | null; json: any; ms: number} {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, ['bin/run.js', ...args], {encoding: 'utf8', maxBuffer: 1 << 30})
  const ms = performance.now() - t0
  let json: any = null
  try {
    json = JSON.parse(r.stdout)
  } catch {
    throw new Error(`bench ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 500)}`)
  }
  return {status: r.status, json, ms}
}

const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** The threshold-only rule on the same runs: the median change against the threshold, nothing else. */
function thresholdOnly(s: CliSeries, better: 'lower' | 'higher'): string {
  const change = med(s.candidate.map((p) => p.value)) / med(s.baseline.map((p) => p.value)) - 1
  const bad = better === 'lower' ? change : -change
  return bad >= THRESHOLD ? 'regressed' : bad <= -THRESHOLD ? 'improved' : 'unchanged'
}

function compareFamily(db: Built, family: string, window: number, metric = 'latency'): CliSeries[] {
  const r = cli(['db:compare', '--db', db.path, '--baseline', `window:${window}`, '--candidate', db.candidate, '--metric', metric,
    '--family', family, '--fail-on', 'never', '--json'])
  return r.json.series as CliSeries[]
}

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} %`

/** 95 % Wilson score interval of n successes in d trials, in percent: the precision of a measured rate. */
function wilson(n: number, d: number): [number, number] {
  const z = 1.96
  const p = n / d
  const centre = (p + (z * z) / (2 * d)) / (1 + (z * z) / d)
  const half = (z * Math.sqrt((p * (1 - p)) / d + (z * z) / (4 * d * d))) / (1 + (z * z) / d)
  return [100 * Math.max(0, centre - half), 100 * Math.min(1, centre + half)]
}

/** A rate with its 95 % interval: "1.2 % (0.5-2.6)". */
const rate = (n: number, d: number) => {
  const [lo, hi] = wilson(n, d)
  return `${pct(n, d)} (${lo.toFixed(1)}-${hi.toFixed(1)})`
}
const rows: string[] = []

function row(name: string, cells: string[]): void {
  const line = `| ${name} | ${cells.join(' | ')} |`
  rows.push(line)
  console.log(line)
}

async function runScenario(s: Scenario, rand: () => number): Promise<void> {
  const runs = s.history + s.candidates
  const machineOf = s.model.machines ? Array.from({length: runs}, (_, i) => (s.model.machines!.pattern === 'alternate' ? i % 2 : rand() < 0.3 ? 1 : 0)) : undefined
  if (machineOf && s.candidateMachine !== undefined) machineOf.fill(s.candidateMachine, s.history)
  const model = (step: number): SeriesModel => ({...s.model, runs, ...(machineOf ? {machines: {...s.model.machines!, of: machineOf}} : {}),
    ...(step ? {step: {at: s.history, size: step}} : {})})
  const families = {
    noise: Array.from({length: SERIES}, () => generateSeries(model(0), rand)),
    step: Array.from({length: SERIES}, () => generateSeries(model(s.step), rand)),
  }
  const db = await writeDb(families, runs, s.candidates, s.labelMachines ? machineOf : undefined)
  const noise = compareFamily(db, 'noise', s.window)
  const step = compareFamily(db, 'step', s.window)
  const count = (list: CliSeries[], v: string, rule = false) => list.filter((x) => (rule ? thresholdOnly(x, 'lower') : x.verdict) === v).length
  row(s.name, [
    rate(count(noise, 'regressed'), noise.length), rate(count(step, 'regressed'), step.length), rate(count(step, 'unchanged'), step.length),
    pct(count(noise, 'regressed', true), noise.length), pct(count(step, 'regressed', true), step.length), pct(count(step, 'unchanged', true), step.length),
  ])
}

const base = {noise: 0.01}
const SCENARIOS: Scenario[] = [
  {name: 'normal 1 % noise, +10 %, window:20', model: base, step: 0.1, history: 20, candidates: 1, window: 20},
  {name: 'normal 3 % noise, +10 %, window:20', model: {noise: 0.03}, step: 0.1, history: 20, candidates: 1, window: 20},
  {name: 'normal 3 % noise, +10 %, 5 candidate runs', model: {noise: 0.03}, step: 0.1, history: 20, candidates: 5, window: 20},
  {name: '+5 % in 1 % noise', model: base, step: 0.05, history: 20, candidates: 1, window: 20},
  {name: '+5 % in 3 % noise', model: {noise: 0.03}, step: 0.05, history: 20, candidates: 1, window: 20},
  {name: '+3 % in 1 % noise (below threshold)', model: base, step: 0.03, history: 20, candidates: 1, window: 20},
  {name: 'heavy tails (t3, 2 %), +10 %', model: {noise: 0.02, tails: 't3'}, step: 0.1, history: 20, candidates: 1, window: 20},
  {name: 'outlier runs (3 % of runs +25 %), 1 %, +10 %', model: {noise: 0.01, outlierRuns: {rate: 0.03, size: 0.25}}, step: 0.1, history: 20, candidates: 1, window: 20},
  {name: 'two machines 12 % apart, alternating, labelled', model: {noise: 0.01, machines: {gap: 0.12, pattern: 'alternate'}}, step: 0.1, history: 20, candidates: 1, window: 20, labelMachines: true},
  {name: 'two machines 12 % apart, alternating, unlabelled', model: {noise: 0.01, machines: {gap: 0.12, pattern: 'alternate'}}, step: 0.1, history: 20, candidates: 1, window: 20},
  ...([0, 1] as const).flatMap((m): Scenario[] => [true, false].map((labelled) => ({
    name: `two machines, 70/30 mix, ${labelled ? 'labelled' : 'unlabelled'}, candidate on the ${m ? '30 % (slower)' : '70 %'} machine`,
    model: {noise: 0.01, machines: {gap: 0.12, pattern: 'mix'}}, step: 0.1, history: 20, candidates: 1, window: 20, labelMachines: labelled, candidateMachine: m,
  }))),
  {name: 'drift +0.5 %/run, 1 % noise, +10 %', model: {noise: 0.01, drift: 0.005}, step: 0.1, history: 20, candidates: 1, window: 20},
  {name: '3 iterations per run (2 % each), 1 %, +10 %', model: {noise: 0.01, iterations: 3, iterationCv: 0.02}, step: 0.1, history: 20, candidates: 1, window: 20},
  ...[1, 3, 5, 10, 20].map((w): Scenario => ({name: `window:${w}, 1 % noise, +10 % (30 runs of history)`, model: base, step: 0.1, history: 30, candidates: 1, window: w})),
  ...[1, 3, 5, 10, 20].map((w): Scenario => ({name: `window:${w}, 3 % noise, +10 % (30 runs of history)`, model: {noise: 0.03}, step: 0.1, history: 30, candidates: 1, window: w})),
]

/** Throughput vs latency of the same data: the share of series with the same verdict. */
async function symmetry(rand: () => number): Promise<void> {
  const families = {
    noise: Array.from({length: SERIES}, () => generateSeries({runs: 21, noise: 0.03}, rand)),
    step: Array.from({length: SERIES}, () => generateSeries({runs: 21, noise: 0.03, step: {at: 20, size: 0.06}}, rand)),
  }
  const db = await writeDb(families, 21, 1)
  let same = 0
  let total = 0
  for (const family of ['noise', 'step']) {
    const lat = compareFamily(db, family, 20, 'latency')
    const thr = new Map(compareFamily(db, family, 20, 'throughput').map((s) => [s.key.modelName, s.verdict]))
    const flip: Record<string, string> = {regressed: 'regressed', improved: 'improved', unchanged: 'unchanged', inconclusive: 'inconclusive'}
    for (const s of lat) {
      total++
      if (flip[s.verdict] === thr.get(s.key.modelName)) same++
    }
  }
  console.log(`\nThroughput vs latency of the same data (3 % noise, +0/+6 % steps): same verdict in ${rate(same, total)} of ${total} series.`)
}

/** 200 noise-only series per CI job (3 % noise): the share of jobs with any "regressed". */
async function jobs(rand: () => number): Promise<void> {
  const JOBS = 100
  const PER_JOB = 200
  const families: Record<string, {values: number[]; samples: number[][]}[]> = {}
  for (let j = 0; j < JOBS; j++) families[`job${j}`] = Array.from({length: PER_JOB}, () => generateSeries({runs: 21, noise: 0.03}, rand))
  const db = await writeDb(families, 21, 1)
  let failed = 0
  let thresholdFailed = 0
  for (let j = 0; j < JOBS; j++) {
    const r = cli(['db:compare', '--db', db.path, '--baseline', 'window:20', '--family', `job${j}`, '--metric', 'latency', '--json'])
    if (r.status === 1) failed++
    if ((r.json.series as CliSeries[]).some((s) => thresholdOnly(s, 'lower') === 'regressed')) thresholdFailed++
  }
  console.log(`CI jobs of ${PER_JOB} noise-only series (3 % noise, window:20): ${failed} / ${JOBS} failed, ${rate(failed, JOBS)} (threshold-only rule: ${thresholdFailed} / ${JOBS}).`)
}

/** A +10 % step at run 20 of 30 (1 % noise); each of the 10 runs after it is compared against window:20. */
async function nightly(rand: () => number): Promise<void> {
  const families = {step: Array.from({length: SERIES}, () => generateSeries({runs: 30, noise: 0.01, step: {at: 20, size: 0.1}}, rand))}
  const db = await writeDb(families, 30, 1)
  const ids = cli(['db:query', '--db', db.path, '--sql', 'SELECT run_id FROM test_runs ORDER BY started_at', '--json']).json
  const runIds: number[] = (Array.isArray(ids) ? ids : ids.rows).map((r: any) => r.run_id)
  const alerts = new Map<string, number>()
  const strict = new Map<string, number>()
  for (let k = 20; k < 30; k++) {
    for (const [map, extra] of [[alerts, []], [strict, ['--exclude-regressions']]] as const) {
      const r = cli(['db:compare', '--db', db.path, '--baseline', 'window:20', '--candidate', String(runIds[k]), '--metric', 'latency', '--fail-on', 'never', '--json', ...extra])
      for (const s of r.json.series as CliSeries[]) if (s.verdict === 'regressed') map.set(s.key.modelName, (map.get(s.key.modelName) ?? 0) + 1)
    }
  }
  const median = (m: Map<string, number>) => med(Array.from({length: SERIES}, (_, i) => m.get(`step-${i}`) ?? 0))
  console.log(`Nightly window:20 against each of the 10 runs after a +10 % step (1 % noise): median ${median(alerts)} "regressed" per series ` +
    `(the window restarts after the change point); with --exclude-regressions: ${median(strict)} (it stays red until fixed).`)
}

/** --history: false change points on 60-run noise series; detection, location and alerts per change of +10 % steps. */
async function history(rand: () => number): Promise<void> {
  const N = 200
  const noise = {noise: Array.from({length: N}, () => generateSeries({runs: 60, noise: 0.03}, rand))}
  const nDb = await writeDb(noise, 60, 1)
  const nr = cli(['db:compare', '--db', nDb.path, '--history', '--metric', 'latency', '--json'])
  const falseSeries = new Set((nr.json.alerts as any[]).flatMap((a) => a.series.map((s: any) => s.id))).size
  const stepSeries = Array.from({length: N}, () => generateSeries({runs: 50, noise: 0.03, step: {at: 40, size: 0.1}}, rand))
  const within5 = await writeDb({step: stepSeries.map((s) => ({values: s.values.slice(0, 45), samples: s.samples.slice(0, 45)}))}, 45, 1)
  const later = await writeDb({step: stepSeries}, 50, 1)
  const at = (r: any) => {
    const m = new Map<string, number[]>()
    for (const a of r.json.alerts as any[]) for (const s of a.series) m.set(s.key.modelName, [...(m.get(s.key.modelName) ?? []), s.runsBefore])
    return m
  }
  const r45 = cli(['db:compare', '--db', within5.path, '--history', '--metric', 'latency', '--json'])
  const r50 = cli(['db:compare', '--db', later.path, '--history', '--metric', 'latency', '--json'])
  const a45 = at(r45)
  const a50 = at(r50)
  let found = 0
  let located = 0
  const perChange: number[] = []
  for (let i = 0; i < N; i++) {
    const name = `step-${i}`
    const near = (a45.get(name) ?? []).filter((b) => Math.abs(b - 40) <= 3)
    if (near.length) found++
    if (near.some((b) => Math.abs(b - 40) <= 1)) located++
    // Alerts for this change over the two scans: distinct change runs near it.
    perChange.push(new Set([...(a45.get(name) ?? []), ...(a50.get(name) ?? [])].filter((b) => Math.abs(b - 40) <= 3)).size)
  }
  console.log(`\n--history: noise-only 60-run series (3 %) with a change point: ${rate(falseSeries, N)}; +10 % steps (3 % noise) reported within 5 runs: ` +
    `${rate(found, N)}, located within ±1 run: ${rate(located, N)}; alerts per change over scans at +5 and +10 runs: median ${med(perChange)}, max ${Math.max(...perChange)}.`)
}

/** 1,000 series x 50 runs: db:compare and --history end to end, beside the CLI's own start-up. */
async function speed(rand: () => number): Promise<void> {
  const families = {perf: Array.from({length: 1000}, () => generateSeries({runs: 50, noise: 0.02}, rand))}
  const db = await writeDb(families, 50, 1)
  const load = loadavg()[0]
  const times = (args: string[]) => med([0, 1, 2, 3, 4].map(() => cli(args).ms))
  const startup = times(['db:query', '--db', db.path, '--sql', 'SELECT 1 AS one', '--json'])
  const compareArgs = ['db:compare', '--db', db.path, '--metric', 'latency', '--fail-on', 'never', '--json']
  const historyArgs = ['db:compare', '--db', db.path, '--history', '--metric', 'latency', '--json']
  const compare = times(compareArgs)
  const hist = times(historyArgs)
  console.log(`\n1,000 series x 50 runs, end to end (median of 5): db:compare ${compare.toFixed(0)} ms (target < 2,000), --history ${hist.toFixed(0)} ms ` +
    `(target < 5,000); baseline in the same run: db:query "SELECT 1" ${startup.toFixed(0)} ms; load average ${load.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after.`)
  // On a shared machine the wall time is mostly waiting for a core; the CPU time is not.
  if (existsSync('/usr/bin/time')) {
    const cpu = (args: string[]) => med([0, 1, 2].map(() => {
      const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, 'bin/run.js', ...args], {encoding: 'utf8', maxBuffer: 1 << 30})
      const [user, sys] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number)
      return (user + sys) * 1000
    }))
    console.log(`CPU time (user + sys, median of 3): db:compare ${cpu(compareArgs).toFixed(0)} ms, --history ${cpu(historyArgs).toFixed(0)} ms, ` +
      `db:query "SELECT 1" ${cpu(['db:query', '--db', db.path, '--sql', 'SELECT 1 AS one', '--json']).toFixed(0)} ms.`)
  }
}

const t0 = performance.now()
// Each section has its own seed, so running one section alone gives the same figures as the full run.
const seeded = (section: number) => prng(SEED + section)
try {
  console.log(`db:compare through the CLI: ${SERIES} noise-only and ${SERIES} step series per scenario, threshold 5 %, alpha 0.05, ` +
    'one candidate run unless noted; rates with their 95 % Wilson interval.\n')
  if (wants('scenarios')) {
    console.log('| scenario | false "regressed" | step "regressed" | step "unchanged" | threshold-only: false | threshold-only: caught | threshold-only: "unchanged" |')
    console.log('|---|---:|---:|---:|---:|---:|---:|')
    for (const [i, s] of SCENARIOS.entries()) {
      // BENCH_SCENARIO=text runs only the scenarios whose name contains it (same seeds as the full run).
      if (!s.name.includes(process.env.BENCH_SCENARIO ?? '')) continue
      await runScenario(s, seeded(100 + i))
    }
  }
  if (wants('symmetry')) await symmetry(seeded(1))
  if (wants('jobs')) await jobs(seeded(2))
  if (wants('nightly')) await nightly(seeded(3))
  if (wants('history')) await history(seeded(4))
  if (wants('speed')) await speed(seeded(5))
} finally {
  // BENCH_KEEP=1 keeps the databases (for profiling one command on them).
  if (process.env.BENCH_KEEP) console.log(`databases kept in ${root}`)
  else rmSync(root, {recursive: true, force: true})
}
console.log(`\n(${((performance.now() - t0) / 1000).toFixed(1)} s, Node ${process.version})`)
