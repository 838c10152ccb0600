/**
 * False-alarm benchmark of db:compare (`npm run bench:compare`, never run by the tests).
 *
 * 1,000 latency series of pure noise and 1,000 with a true 10 % regression, each judged by
 * `decide()` — the function compareRuns calls for every series — at the default settings
 * (threshold 5 %, alpha 0.01). Then the same through DuckDB for 200 series: written with the real
 * ingest writer, compared with compareRuns (window:20 vs latest), and checked to give exactly the
 * in-process verdicts. Seeded, so the figures are reproducible.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {compareRuns} from '../src/lib/compare/compare.js'
import {latencyScenario, prng, REALISTIC_NOISE, syntheticRun, gaussian, type NoiseModel} from '../src/lib/compare/synthetic.js'
import {decide, DEFAULT_SETTINGS, type SeriesEvidence} from '../src/lib/compare/verdict.js'
import {openBenchDb} from '../src/lib/db/bench-db.js'
import type {NormalizedDocument} from '../src/lib/ingest/types.js'
import {writeBatch} from '../src/lib/ingest/writer.js'

const SERIES = 1000
const SEED = 20250301
const DEFAULT_WINDOW = 20

interface Rates {
  falseAlarms: number
  caught: number
}

function rates(noise: NoiseModel, baselineRuns: number, seed: number, withSamples = true): Rates {
  const rand = prng(seed)
  const strip = (e: SeriesEvidence): SeriesEvidence => (withSamples ? e : {...e, baselineSamples: [], candidateSamples: []})
  let falseAlarms = 0
  let caught = 0
  for (let i = 0; i < SERIES; i++) {
    if (decide(strip(latencyScenario({noise, baselineRuns, trueChange: 0}, rand))).verdict === 'regressed') falseAlarms++
    if (decide(strip(latencyScenario({noise, baselineRuns, trueChange: 0.1}, rand))).verdict === 'regressed') caught++
  }
  return {falseAlarms: falseAlarms / SERIES, caught: caught / SERIES}
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`

function headline(): Rates {
  const r = rates(REALISTIC_NOISE, DEFAULT_WINDOW, SEED)
  console.log(`## db:compare false-alarm benchmark (seed ${SEED}, ${SERIES} series per figure, threshold ${DEFAULT_SETTINGS.threshold * 100} %, alpha ${DEFAULT_SETTINGS.alpha})`)
  console.log('')
  console.log(`Realistic noise: run-to-run ${REALISTIC_NOISE.runCv * 100} %, per-iteration ${REALISTIC_NOISE.iterationCv * 100} % log-normal, ` +
    `${REALISTIC_NOISE.outlierRate * 100} % outlier iterations +${REALISTIC_NOISE.outlierSlowdown * 100} %, ${REALISTIC_NOISE.iterations} iterations per run; ` +
    `baseline window:${DEFAULT_WINDOW}, one candidate run.`)
  console.log('')
  console.log('| figure | result | target |')
  console.log('|---|---:|---|')
  console.log(`| pure noise flagged as regression | ${pct(r.falseAlarms)} | < 1 % |`)
  console.log(`| true 10 % regression caught | ${pct(r.caught)} | >= 90 % |`)
  return r
}

function sensitivity(): void {
  console.log('')
  console.log('### How the figures depend on noise and history (false alarms / caught)')
  console.log('')
  const windows = [3, 5, 10, 20]
  console.log(`| run-to-run noise | raw samples | ${windows.map((w) => `window:${w}`).join(' | ')} |`)
  console.log(`|---|---|${windows.map(() => '---:').join('|')}|`)
  for (const runCv of [0.005, 0.01, 0.02, 0.03]) {
    for (const withSamples of [true, false]) {
      const cells = windows.map((w, k) => {
        const r = rates({...REALISTIC_NOISE, runCv}, w, SEED + k + Math.round(runCv * 1000), withSamples)
        return `${pct(r.falseAlarms)} / ${pct(r.caught)}`
      })
      console.log(`| ${runCv * 100} % | ${withSamples ? 'yes' : 'no'} | ${cells.join(' | ')} |`)
    }
  }
  console.log('')
  console.log('(With 3+ baseline runs the run-to-run check is the binding one, so raw samples change nothing here: the same')
  console.log('seed gives the same verdicts. Samples matter when the baseline is shorter; see below.)')
  console.log('')
  console.log('Short baselines with samples (Mann-Whitney; no history test):')
  console.log('')
  console.log('| run-to-run noise | 1 baseline run | 2 baseline runs (+ run-vs-run check) |')
  console.log('|---|---:|---:|')
  for (const runCv of [0.005, 0.01, 0.02, 0.03]) {
    const one = rates({...REALISTIC_NOISE, runCv}, 1, SEED + 90 + runCv * 1000)
    const two = rates({...REALISTIC_NOISE, runCv}, 2, SEED + 95 + runCv * 1000)
    console.log(`| ${runCv * 100} % | ${pct(one.falseAlarms)} / ${pct(one.caught)} | ${pct(two.falseAlarms)} / ${pct(two.caught)} |`)
  }
}

/** The same decisions through DuckDB: 100 null + 100 regressed series, 20 baseline runs + 1 candidate. */
async function throughDuckDb(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'benchdb-bench-compare-'))
  const runsCount = DEFAULT_WINDOW + 1
  const perGroup = 100
  const rand = prng(SEED + 7)
  const normal = gaussian(rand)
  // values[series][run] = synthetic run; the last run is the candidate.
  const series = Array.from({length: perGroup * 2}, (_, s) => Array.from({length: runsCount}, (_, r) =>
    syntheticRun(100 * (s >= perGroup && r === runsCount - 1 ? 1.1 : 1), REALISTIC_NOISE, rand, normal)))
  const docs: NormalizedDocument[] = Array.from({length: runsCount}, (_, r) => ({
    run: {testName: `bench-${r}`, testType: 'performance', startedAt: new Date(Date.UTC(2025, 0, 1 + r, 2)).toISOString(), gitBranch: 'main'},
    performance: series.map((runs, s) => ({
      model: {name: `model-${s}`, family: s < perGroup ? 'null' : 'regressed'}, hardware: {type: 'cpu', deviceName: 'bench'},
      testCase: 'inference', batchSize: 1, precision: 'fp32', averageLatencyMs: runs[r].value, simulated: false,
      samples: runs[r].samples.map((latencyMs, batchIndex) => ({batchIndex, latencyMs})),
    })),
    compatibility: [], integration: [], webPlatform: [], hardwarePlatforms: [], models: [],
  }))
  const bench = await openBenchDb(join(dir, 'bench.duckdb'))
  try {
    const t0 = performance.now()
    await bench.write((db, dims) => writeBatch(db, dims, docs.map((doc, r) => ({
      path: `bench/run-${r}.json`, sha256: null, sizeBytes: null, mtimeMs: null, category: 'performance', shape: 'synthetic',
      status: 'ingested' as const, doc,
    }))))
    const t1 = performance.now()
    const result = await compareRuns(bench, {baseline: `window:${DEFAULT_WINDOW}`, candidate: 'latest', metric: 'latency'})
    const t2 = performance.now()
    const regressed = (family: string) => result.series.filter((x) => x.key.modelFamily === family && x.verdict === 'regressed').length
    // Same evidence straight into decide(): the verdicts must be identical, series by series.
    let mismatches = 0
    for (const x of result.series) {
      const s = Number(x.key.modelName.slice('model-'.length))
      const runs = series[s]
      const inProcess = decide({
        better: 'lower', baselineRuns: runs.slice(0, -1).map((r) => r.value), candidateRuns: [runs.at(-1)!.value],
        baselineSamples: runs.slice(0, -1).flatMap((r) => r.samples), candidateSamples: runs.at(-1)!.samples,
        baselineRunSamples: runs.slice(0, -1).map((r) => r.samples),
      })
      if (inProcess.verdict !== x.verdict || inProcess.pValue !== x.pValue) mismatches++
    }
    console.log('')
    console.log(`### Through DuckDB (${perGroup * 2} series x ${runsCount} runs, ${perGroup * 2 * runsCount * REALISTIC_NOISE.iterations} raw samples, compareRuns window:${DEFAULT_WINDOW} vs latest)`)
    console.log('')
    console.log('| figure | result |')
    console.log('|---|---:|')
    console.log(`| pure noise flagged as regression | ${regressed('null')} / ${perGroup} |`)
    console.log(`| true 10 % regression caught | ${regressed('regressed')} / ${perGroup} |`)
    console.log(`| verdicts differing from in-process decide() | ${mismatches} / ${result.series.length} |`)
    console.log(`| write ${runsCount} runs / compare (ms) | ${(t1 - t0).toFixed(0)} / ${(t2 - t1).toFixed(0)} |`)
  } finally {
    bench.close()
    rmSync(dir, {recursive: true, force: true})
  }
}

const t0 = performance.now()
const r = headline()
sensitivity()
await throughDuckDb()
console.log('')
console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s, Node ${process.version})`)
if (r.falseAlarms >= 0.01 || r.caught < 0.9) process.exitCode = 1
