/**
 * bench/convert: db:convert against its physical limit, in one run on this machine.
 *
 *   npm run bench            (all benches)      npx tsx bench/convert.ts [files]   (this one)
 *
 * Generates N realistic 2-3 KB result files (the star-schema list shape of
 * performance_results/bert_cpu_test.json), warms the page cache, then measures:
 *   - Node readFileSync + JSON.parse of every file (the limit a Node converter cannot beat),
 *   - DuckDB read_json_auto over the same glob,
 *   - `bench db:convert` into a new database (cold: empty ledger), through the built CLI,
 *   - the no-op rerun,
 * plus the child's peak RSS (at two corpus sizes, to show the trend), and the database and
 * Parquet sizes as a fraction of the JSON bytes.
 *
 * db:convert reads, hashes, parses and classifies on worker threads (one per core). The limit
 * stays the honest single-threaded read + JSON.parse; a parallel read + parse over the same
 * number of worker threads is printed beside it as the limit of a parallel converter.
 *
 *   BENCH_CONVERT_GB=1 npx tsx bench/convert.ts    also converts a 1 GB corpus of the same files
 *   (~480k files) and prints its peak RSS; the corpus is deleted afterwards.
 *
 * Memory whatever the file sizes: three corpora of BENCH_CONVERT_CORPUS_MB MB of JSON each
 * (default 128; 1024 for the 1 GB target), one of 1-10 KB files, one of 100 KB-1 MB files and one
 * of mixed sizes (90 % of the files 1-10 KB, 8 % 10-100 KB, 2 % 100 KB-1 MB: about a quarter,
 * a fifth and a half of the bytes), each converted cold into a new database: peak RSS of the CLI and database size as a
 * fraction of the JSON bytes. BENCH_CONVERT_PART=memory runs only these.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {availableParallelism, cpus, loadavg, totalmem} from 'node:os'
import {Worker} from 'node:worker_threads'
import {join, resolve} from 'node:path'
import {globby} from 'globby'
import {DuckDBInstance} from '@duckdb/node-api'
import {writeCorpus, writeSizedCorpus} from '../test/helpers/star-rows-corpus.js'
import {dirBytes} from '../src/lib/ingest/parquet-export.js'

const ROOT = resolve(import.meta.dirname, '..')
// BENCH_CONVERT_BIN=/other/checkout/bin/run.js: the same measurements of another build (paired before/after runs).
const BIN = process.env.BENCH_CONVERT_BIN ?? join(ROOT, 'bin', 'run.js')
const WORK = join(ROOT, 'bench', '.work', 'convert')
const N = Number(process.argv[2] ?? 10_000)
const SMALL = Math.max(500, Math.floor(N / 4))
const GB = Number(process.env.BENCH_CONVERT_GB ?? 0)
const CORPUS_MB = Number(process.env.BENCH_CONVERT_CORPUS_MB ?? 128)
const PART = process.env.BENCH_CONVERT_PART ?? 'all'

function corpus(n: number): {dir: string; files: string[]; bytes: number} {
  const dir = join(WORK, `corpus-${n}`)
  if (!existsSync(join(dir, 'done'))) {
    rmSync(dir, {recursive: true, force: true})
    mkdirSync(dir, {recursive: true})
    writeCorpus(dir, n)
    mkdirSync(join(dir, 'done'))
  }
  const files = globbySyncish(dir)
  return {dir, files, bytes: files.reduce((s, f) => s + statSync(f).size, 0)}
}

function globbySyncish(dir: string): string[] {
  const out = spawnSync(process.execPath, ['-e', `import('globby').then(g=>g.globby('**/*.json',{cwd:${JSON.stringify(dir)},absolute:true})).then(f=>process.stdout.write(JSON.stringify(f)))`], {cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30})
  return JSON.parse(out.stdout) as string[]
}

interface CliRun {
  wallSeconds: number
  cpuSeconds: number
  maxRssMb: number
  json: {summary: {elapsedSeconds: number; ingested: number; unchanged: number; scanned: number}}
}

/** The built CLI under /usr/bin/time -v (peak RSS of the child), --json for the engine's own timing. */
function cli(args: string[]): CliRun {
  const t = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, BIN, ...args, '--json'], {cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30})
  const wallSeconds = Number(process.hrtime.bigint() - t) / 1e9
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr)
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr)
  if (r.status !== 0 && r.status !== 1) throw new Error(`bench db:convert failed (${r.status}): ${r.stderr.slice(0, 2000)}`)
  return {wallSeconds, cpuSeconds: Number(user?.[1] ?? NaN) + Number(sys?.[1] ?? NaN), maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, json: JSON.parse(r.stdout)}
}

async function main(): Promise<void> {
  mkdirSync(WORK, {recursive: true})
  const big = corpus(N)
  const small = corpus(SMALL)
  // Warm the page cache so every contender reads from memory (the cold-cache limit is the disk).
  for (const f of [...big.files, ...small.files]) readFileSync(f)

  // (a) the limit: read + parse, sequential, like the converter.
  let t = process.hrtime.bigint()
  const cpu0 = process.cpuUsage()
  const listed = await globby('**/*.json', {cwd: big.dir, absolute: true})
  let rows = 0
  for (const f of listed) rows += (JSON.parse(readFileSync(f, 'utf8')) as unknown[]).length
  const readParse = Number(process.hrtime.bigint() - t) / 1e9
  const cpu1 = process.cpuUsage(cpu0)
  const readParseCpu = (cpu1.user + cpu1.system) / 1e6
  // (a') the same over as many threads as db:convert uses (worker start-up included).
  const threads = availableParallelism()
  const parallelReadParse = await parallelReadAndParse(listed, threads)

  // (b) DuckDB's own JSON reader over the same glob (in memory).
  const inst = await DuckDBInstance.create(':memory:')
  const con = await inst.connect()
  t = process.hrtime.bigint()
  const rj = await con.runAndReadAll(`SELECT count(*)::INTEGER FROM read_json_auto('${big.dir}/**/*.json')`)
  const readJson = Number(process.hrtime.bigint() - t) / 1e9
  const rjRows = Number(rj.getRows()[0][0])
  con.closeSync()
  inst.closeSync()

  // (c) db:convert cold into a new database, (d) the no-op rerun, then Parquet.
  const db = join(WORK, 'bench.duckdb')
  const pq = join(WORK, 'parquet')
  for (const p of [db, `${db}.wal`]) rmSync(p, {force: true})
  rmSync(pq, {recursive: true, force: true})
  const cold = cli(['db:convert', '--input-dir', big.dir, '--db', db])
  const noop = cli(['db:convert', '--input-dir', big.dir, '--db', db])
  const exp = cli(['db:convert', '--export-only', '--parquet-dir', pq, '--db', db])
  const dbBytes = statSync(db).size + (existsSync(`${db}.wal`) ? statSync(`${db}.wal`).size : 0)
  const pqBytes = dirBytes(pq)

  // The fixed cost of the command: the same CLI over an empty directory into a new database
  // (node + oclif + loading DuckDB + creating the schema + exit). Every cold convert pays it.
  const empty = join(WORK, 'empty-input')
  mkdirSync(empty, {recursive: true})
  const dbEmpty = join(WORK, 'empty.duckdb')
  for (const p of [dbEmpty, `${dbEmpty}.wal`]) rmSync(p, {force: true})
  const fixed = cli(['db:convert', '--input-dir', empty, '--db', dbEmpty])

  // Peak RSS trend: the same command on a quarter of the corpus.
  const db2 = join(WORK, 'small.duckdb')
  for (const p of [db2, `${db2}.wal`]) rmSync(p, {force: true})
  const coldSmall = cli(['db:convert', '--input-dir', small.dir, '--db', db2])

  const limit = fps(listed.length, readParse)
  const row = (name: string, files: number, s: number, note = '') =>
    `| ${name.padEnd(44)} | ${String(files).padStart(6)} | ${s.toFixed(2).padStart(7)} s | ${(files ? String(fps(files, s)) : '-').padStart(7)} | ${(files ? (fps(files, s) / limit).toFixed(2) + 'x' : '-').padStart(6)} | ${note}`
  const cpuLimit = fps(listed.length, readParseCpu)
  const mb = (b: number) => (b / 1024 / 1024).toFixed(1) + ' MB'
  const lines = [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}; warm page cache`,
    `Corpus: ${listed.length} files, ${mb(big.bytes)} of JSON (${Math.round(big.bytes / listed.length)} B/file, ${rows} result rows)`,
    '',
    `| step                                         |  files |      time | files/s | vs limit | notes`,
    `|----------------------------------------------|-------:|----------:|--------:|---------:|------`,
    row('Node readFileSync + JSON.parse (the limit)', listed.length, readParse),
    row(`  same on ${threads} worker threads`, listed.length, parallelReadParse, `the limit of a ${threads}-thread converter: ${(readParse / parallelReadParse).toFixed(2)}x the single thread`),
    row("DuckDB read_json_auto('**/*.json')", listed.length, readJson, `${rjRows} rows`),
    row('bench db:convert, new database (CLI wall)', cold.json.summary.scanned, cold.wallSeconds, `incl. process start; peak RSS ${cold.maxRssMb.toFixed(0)} MB`),
    row('  floor: empty directory, new database', 0, fixed.wallSeconds, 'node + oclif + DuckDB + schema + exit: paid by every cold convert'),
    row('  ceiling: floor + the parallel read + parse', listed.length, fixed.wallSeconds + parallelReadParse, 'the best any converter run as this CLI could do, with no other work per file'),
    row('  same, engine only (summary.elapsedSeconds)', cold.json.summary.scanned, cold.json.summary.elapsedSeconds, `${cold.json.summary.ingested} ingested; ${(fps(listed.length, cold.json.summary.elapsedSeconds) / fps(listed.length, parallelReadParse)).toFixed(2)}x the ${threads}-thread read + parse`),
    row('bench db:convert, no-op rerun (CLI wall)', noop.json.summary.scanned, noop.wallSeconds, `peak RSS ${noop.maxRssMb.toFixed(0)} MB`),
    row('  same, engine only', noop.json.summary.scanned, noop.json.summary.elapsedSeconds, `${noop.json.summary.unchanged} unchanged`),
    '',
    `CPU time (user+sys; fairer than wall time on a shared, loaded machine): read+parse ${readParseCpu.toFixed(2)} s (${cpuLimit} files/s); ` +
      `db:convert cold ${cold.cpuSeconds.toFixed(2)} s (${fps(listed.length, cold.cpuSeconds)} files/s = ${(fps(listed.length, cold.cpuSeconds) / cpuLimit).toFixed(2)}x, incl. process start and the worker threads); ` +
      `no-op rerun ${noop.cpuSeconds.toFixed(2)} s`,
    `Load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`,
    `Peak RSS of db:convert: ${small.files.length} files (${mb(small.bytes)}) -> ${coldSmall.maxRssMb.toFixed(0)} MB; ${listed.length} files (${mb(big.bytes)}) -> ${cold.maxRssMb.toFixed(0)} MB`,
    `Database: ${mb(dbBytes)} = ${((100 * dbBytes) / big.bytes).toFixed(1)} % of the JSON bytes (raw documents kept, compressed)`,
    `Parquet export: ${mb(pqBytes)} = ${((100 * pqBytes) / big.bytes).toFixed(1)} % of the JSON bytes (${exp.wallSeconds.toFixed(2)} s)`,
  ]
  process.stdout.write(lines.join('\n') + '\n')
  if (GB > 0) process.stdout.write(bigCorpusRss(GB) + '\n')
}

/** readFileSync + JSON.parse of `files` split over `n` worker threads; wall seconds. */
async function parallelReadAndParse(files: string[], n: number): Promise<number> {
  const code = `const {parentPort, workerData} = require('node:worker_threads'); const {readFileSync} = require('node:fs');
    let rows = 0; for (const f of workerData) rows += JSON.parse(readFileSync(f, 'utf8')).length; parentPort.postMessage(rows)`
  const t = process.hrtime.bigint()
  const parts = Array.from({length: n}, (_, i) => files.filter((_, k) => k % n === i))
  await Promise.all(parts.map((part) => new Promise((resolve, reject) => {
    const w = new Worker(code, {eval: true, workerData: part})
    w.once('message', resolve)
    w.once('error', reject)
  })))
  return Number(process.hrtime.bigint() - t) / 1e9
}

/** Peak RSS of db:convert over `gb` GB of the same 2-3 KB files (generated, then deleted). */
function bigCorpusRss(gb: number): string {
  const perFile = 2204
  const n = Math.ceil((gb * 2 ** 30) / perFile)
  const dir = join(WORK, `corpus-${gb}gb`)
  const db = join(WORK, 'big.duckdb')
  try {
    rmSync(dir, {recursive: true, force: true})
    mkdirSync(dir, {recursive: true})
    let t = process.hrtime.bigint()
    writeCorpus(dir, n)
    const gen = Number(process.hrtime.bigint() - t) / 1e9
    const bytes = Number(spawnSync('du', ['-sb', dir], {encoding: 'utf8'}).stdout.split('\t')[0])
    for (const p of [db, `${db}.wal`]) rmSync(p, {force: true})
    t = process.hrtime.bigint()
    const run = cli(['db:convert', '--input-dir', dir, '--db', db])
    const dbBytes = statSync(db).size
    const noop = cli(['db:convert', '--input-dir', dir, '--db', db])
    return `1 GB corpus: ${n} files, ${(bytes / 2 ** 20).toFixed(0)} MB on disk (generated in ${gen.toFixed(0)} s): db:convert ${run.wallSeconds.toFixed(0)} s ` +
      `(${fps(n, run.wallSeconds)} files/s), peak RSS ${run.maxRssMb.toFixed(0)} MB (target < 512 MB), database ${(dbBytes / 2 ** 20).toFixed(0)} MB; ` +
      `no-op rerun ${noop.wallSeconds.toFixed(1)} s (engine ${noop.json.summary.elapsedSeconds.toFixed(1)} s, ${noop.json.summary.unchanged} unchanged), peak RSS ${noop.maxRssMb.toFixed(0)} MB`
  } finally {
    rmSync(dir, {recursive: true, force: true})
    for (const p of [db, `${db}.wal`]) rmSync(p, {force: true})
  }
}

const fps = (n: number, s: number) => Math.round(n / s)

const KB = 1024
/** File sizes in bytes drawn from a uniform u in [0, 1): log-uniform within each range. */
const logUniform = (lo: number, hi: number) => (u: number) => lo * (hi / lo) ** u
const CORPORA: Array<[string, (u: number) => number]> = [
  ['1-10 KB files', logUniform(1 * KB, 10 * KB)],
  ['100 KB-1 MB files', logUniform(100 * KB, 1024 * KB)],
  ['mixed sizes', (u) => (u < 0.9 ? logUniform(1 * KB, 10 * KB)(u / 0.9) : u < 0.98 ? logUniform(10 * KB, 100 * KB)((u - 0.9) / 0.08) : logUniform(100 * KB, 1024 * KB)((u - 0.98) / 0.02))],
]

const RSS_TARGET_MB = 512
const RATIO_TARGET = 25

/**
 * Peak RSS and database size of a cold convert of each corpus (generated, then deleted), each
 * beside its target (< 512 MB RSS, database <= 25 % of the JSON bytes), and files/s (wall and CPU:
 * the CPU figure is the fairer one on a shared machine).
 */
function memoryCorpora(): string {
  const lines = [`Memory whatever the file sizes: ${CORPUS_MB} MB of JSON per corpus, cold db:convert into a new database`,
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}; load before: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`, '',
    '| corpus              |   files |  JSON MB | mean KB | peak RSS (target < 512 MB) | database | db / JSON (target <= 25 %) | wall  | files/s | CPU s | files/CPU s',
    '|---------------------|--------:|---------:|--------:|---------------------------:|---------:|---------------------------:|------:|--------:|------:|-----------:']
  let met = true
  for (const [name, sizeOf] of CORPORA) {
    const dir = join(WORK, `sized-${name.replace(/\W+/g, '-')}`)
    const db = join(WORK, 'sized.duckdb')
    try {
      rmSync(dir, {recursive: true, force: true})
      mkdirSync(dir, {recursive: true})
      const {files, bytes} = writeSizedCorpus(dir, CORPUS_MB * 2 ** 20, sizeOf)
      for (const p of [db, `${db}.wal`]) rmSync(p, {force: true})
      const run = cli(['db:convert', '--input-dir', dir, '--db', db])
      const dbBytes = statSync(db).size + (existsSync(`${db}.wal`) ? statSync(`${db}.wal`).size : 0)
      const ratio = (100 * dbBytes) / bytes
      const rssOk = run.maxRssMb < RSS_TARGET_MB
      const ratioOk = ratio <= RATIO_TARGET
      met &&= rssOk && ratioOk
      lines.push(`| ${name.padEnd(19)} | ${String(files).padStart(7)} | ${(bytes / 2 ** 20).toFixed(0).padStart(8)} | ${(bytes / files / KB).toFixed(1).padStart(7)} | ` +
        `${`${run.maxRssMb.toFixed(0)} MB ${rssOk ? 'met' : 'MISSED'}`.padStart(26)} | ${(dbBytes / 2 ** 20).toFixed(1).padStart(5)} MB | ` +
        `${`${ratio.toFixed(1)} % ${ratioOk ? 'met' : 'MISSED'}`.padStart(26)} | ${run.wallSeconds.toFixed(1).padStart(5)} | ${String(fps(files, run.wallSeconds)).padStart(7)} | ` +
        `${run.cpuSeconds.toFixed(1).padStart(5)} | ${String(fps(files, run.cpuSeconds)).padStart(10)}`)
    } finally {
      rmSync(dir, {recursive: true, force: true})
      for (const p of [db, `${db}.wal`]) rmSync(p, {force: true})
    }
  }
  lines.push('', `Load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores. ` +
    `Target (issue #16, for 1 GB: BENCH_CONVERT_CORPUS_MB=1024): peak RSS < ${RSS_TARGET_MB} MB and database <= ${RATIO_TARGET} % on every corpus: ${met ? 'met' : 'MISSED'}`)
  return lines.join('\n')
}

if (PART !== 'memory') await main()
if (PART === 'memory' || PART === 'all') process.stdout.write(memoryCorpora() + '\n')
