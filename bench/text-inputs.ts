/**
 * bench/text-inputs: what scanning text files costs db:convert, in one run on this machine.
 *
 *   npx tsx bench/text-inputs.ts [jsonFiles] [logFiles] [logKB]
 *
 * A corpus of N JSON result files, converted (cold and no-op rerun) alone and then with M build-log
 * `.log` files of K KB beside them that no text format claims: those are read and sniffed on every
 * run (they get no ledger row, so no fast path), which is the price of recognising text by
 * content. Also converts M `go test -bench` outputs (claimed, ingested, then unchanged on rerun).
 * Prints each figure beside the JSON-only baseline measured in the same run.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {writeCorpus} from '../test/helpers/star-rows-corpus.js'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin', 'run.js')
const WORK = join(ROOT, 'bench', '.work', 'text-inputs')
const N = Number(process.argv[2] ?? 2000)
const M = Number(process.argv[3] ?? 200)
const KB = Number(process.argv[4] ?? 256)

function convert(dir: string, db: string): number {
  const t = process.hrtime.bigint()
  const r = spawnSync(process.execPath, [BIN, 'db:convert', '--input-dir', dir, '--db', db, '--json'], {encoding: 'utf8', maxBuffer: 1 << 28})
  if (r.status !== 0) throw new Error(`db:convert exited ${r.status}: ${r.stderr}`)
  return Number(process.hrtime.bigint() - t) / 1e9
}

function measure(label: string, dir: string, base?: {cold: number; rerun: number}): {cold: number; rerun: number} {
  const db = join(WORK, `${label.replace(/\W+/g, '_')}.duckdb`)
  rmSync(db, {force: true})
  const cold = convert(dir, db)
  const rerun = convert(dir, db)
  const rel = (v: number, b?: number) => (b ? ` (${(v / b).toFixed(2)}x)` : '')
  console.log(`${label.padEnd(44)} cold ${cold.toFixed(2)} s${rel(cold, base?.cold)}   no-op rerun ${rerun.toFixed(2)} s${rel(rerun, base?.rerun)}`)
  return {cold, rerun}
}

rmSync(WORK, {recursive: true, force: true})
mkdirSync(WORK, {recursive: true})
const json = join(WORK, 'json')
writeCorpus(json, N)
const base = measure(`${N} JSON files`, json)

const logLine = '2025-05-01T10:00:00Z INFO building target //pkg:lib (step 42 of 900), cache miss, 12.5 ms\n'
const log = logLine.repeat(Math.ceil((KB * 1024) / logLine.length))
for (let i = 0; i < M; i++) writeFileSync(join(json, `build-${i}.log`), log)
measure(`+ ${M} unclaimed .log files of ${KB} KB`, json, base)

for (let i = 0; i < M; i++) rmSync(join(json, `build-${i}.log`))
const go = readFileSync(join(ROOT, 'test', 'fixtures', 'formats', 'go-bench', 'benchmark-action__github-action-benchmark__go_output.txt'), 'utf8')
for (let i = 0; i < M; i++) writeFileSync(join(json, `go-${i}.txt`), go.replace('325 ns/op', `${325 + i} ns/op`))
measure(`+ ${M} go test -bench outputs (claimed)`, json, base)
rmSync(WORK, {recursive: true, force: true})
