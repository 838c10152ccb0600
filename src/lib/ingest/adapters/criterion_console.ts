import {toMs} from '../../metrics/units.js'
import {fileStem, newDocument} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {MetricList, parseNumber} from '../normalize/metric-values.js'
import {TEXT_ONLY, textLines} from '../text-input.js'
import type {ShapeAdapter, TextParse} from '../types.js'

interface Estimate {
  lo: number
  est: number
  hi: number
  unit: string
}

interface ConsoleBenchmark {
  name: string
  line: number
  /** Criterion: time: [lo est hi] (ms after parsing); libtest/bencher: ns/iter and its +/- spread. */
  timeMs: Estimate | null
  spreadMs: number | null
  thrpt: Estimate | null
  style: 'criterion' | 'libtest'
}

const NUM = '[-+]?[\\d,]*\\.?\\d+(?:[eE][-+]?\\d+)?'
const TRIPLE = new RegExp(`^\\[(${NUM})\\s*(\\S+)\\s+(${NUM})\\s*(\\S+)\\s+(${NUM})\\s*(\\S+)\\]`)
const TIME = /^(.*?)\s*\btime:\s+(.*)$/
const THRPT = /^\s*thrpt:\s+(.*)$/
const LIBTEST = /^test (.+?) \.\.\. bench:\s+(\S+) ns\/iter(?: \(\+\/- (\S+)\))?/

/**
 * `cargo bench` console output, both styles:
 * - Criterion.rs: `<name>  time: [lo est hi]` (the name alone on the line before when long),
 *   optional `thrpt: [lo est hi]`; `change:` lines, outlier counts and progress are ignored;
 * - libtest `#[bench]` and Criterion's `--output-format bencher`: `test <name> ... bench: N ns/iter (+/- D)`.
 * One row per benchmark: the estimate -> average_latency_ms (ps/ns/µs/ms/s converted), the
 * interval bounds -> latency_ci_lower / latency_ci_upper, libtest's +/- -> latency_spread (ms, no
 * direction); thrpt in elem/s (K/M/G) -> throughput items/s, in bytes -> bytes_per_second (MB/s).
 */
export const criterionConsoleAdapter: ShapeAdapter = {
  name: 'criterion_console',
  category: 'performance',
  priority: 60,
  description: 'cargo bench console output (Criterion.rs time: [lo est hi] / thrpt:, libtest "bench: N ns/iter (+/- D)")',
  detect: TEXT_ONLY,
  validate: {type: 'object', required: ['benchmarks'], properties: {benchmarks: {type: 'array', minItems: 1}}},
  text: {
    sniff: (text) => /\btime:\s+\[[\d.]+\s*(ps|ns|µs|us|ms|s) [\d.]+\s*\S+ [\d.]+\s*\S+\]/.test(text) || /^test .+ \.\.\. bench:\s+[\d,]+ ns\/iter/m.test(text),
    parse: parseConsole,
  },
  map(doc, ctx) {
    const {benchmarks} = doc as {benchmarks: ConsoleBenchmark[]}
    const out = newDocument({testName: fileStem(ctx), testType: 'cargo_bench', metadata: {tool: 'cargo bench'}})
    for (const b of benchmarks) {
      const where = `line ${b.line}`
      const m = new MetricList()
      if (b.timeMs && b.style === 'criterion') {
        m.add('latency_ci_lower', b.timeMs.lo, 'ms', where)
        m.add('latency_ci_upper', b.timeMs.hi, 'ms', where)
      }
      m.add('latency_spread', b.spreadMs, 'ms', where, {higherIsBetter: null})
      let throughput: number | null = null
      if (b.thrpt) {
        const t = throughputOf(b.thrpt)
        if (t?.kind === 'items') throughput = t.est
        else if (t) m.add('bytes_per_second', t.est, 'MB/s', where)
      }
      out.performance.push({
        model: {name: b.name, modality: 'benchmark', source: b.style === 'criterion' ? 'criterion' : 'cargo-bench', family: null},
        hardware: hardwareRef('cpu'),
        averageLatencyMs: b.timeMs?.est ?? null,
        throughputItemsPerSecond: throughput,
        metricValues: m.values,
        simulated: false,
        sourcePointer: where,
      })
    }
    return out
  },
}

function parseConsole(text: string): TextParse {
  const benchmarks: ConsoleBenchmark[] = []
  const lines = textLines(text)
  let previous = ''
  let last: ConsoleBenchmark | null = null
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]
    const line = raw.trim()
    const no = i + 1
    const lib = LIBTEST.exec(line)
    // `change:` blocks repeat time:/thrpt: with percentages: a comparison with the last run, not a measurement.
    if (/^(time|thrpt|change):\s+\[[^\]]*%/.test(line)) continue
    if (lib) {
      const ns = parseNumber(lib[2])
      const spread = lib[3] === undefined ? null : parseNumber(lib[3])
      if (ns === null || (lib[3] !== undefined && spread === null)) return {ok: false, line: no, reason: `"${line.slice(0, 80)}" has no number of ns/iter`, expected: 'test <name> ... bench: <n> ns/iter (+/- <n>)'}
      last = null
      benchmarks.push({name: lib[1].trim(), line: no, timeMs: {lo: ns / 1e6, est: ns / 1e6, hi: ns / 1e6, unit: 'ns'}, spreadMs: spread === null ? null : spread / 1e6, thrpt: null, style: 'libtest'})
    } else if (/^test .+ \.\.\. bench:/.test(line)) {
      return {ok: false, line: no, reason: `"${line.slice(0, 80)}" is cut or malformed`, expected: 'test <name> ... bench: <n> ns/iter (+/- <n>)'}
    } else if (TIME.test(line) && /\btime:\s+\[/.test(line)) {
      const [, before, rest] = TIME.exec(line)!
      const est = triple(rest)
      if (!est) return {ok: false, line: no, reason: `time estimate "${rest.slice(0, 60)}" is cut or malformed`, expected: 'time: [<lo> <unit> <estimate> <unit> <hi> <unit>]'}
      const ms = {lo: toMs(est.lo, est.unit), est: toMs(est.est, est.unit), hi: toMs(est.hi, est.unit)}
      if (ms.lo === null || ms.est === null || ms.hi === null) return {ok: false, line: no, reason: `unknown time unit "${est.unit}"`, expected: 'ps, ns, µs, us, ms or s'}
      // The name is on this line, or alone on the line before when it is too long to align.
      const name = before.trim() || previous
      if (!name) return {ok: false, line: no, reason: 'time estimate without a benchmark name', expected: 'the benchmark name before "time:"'}
      last = {name, line: no, timeMs: {lo: ms.lo, est: ms.est, hi: ms.hi, unit: 'ms'}, spreadMs: null, thrpt: null, style: 'criterion'}
      benchmarks.push(last)
    } else if (THRPT.test(line) && last) {
      const t = triple(THRPT.exec(line)![1])
      if (!t) return {ok: false, line: no, reason: 'throughput estimate is cut or malformed', expected: 'thrpt: [<lo> <unit> <estimate> <unit> <hi> <unit>]'}
      last.thrpt = t
    }
    // Progress lines ("Benchmarking x: Warming up ...") are not names.
    if (line !== '' && !/^Benchmarking /.test(line)) previous = line
  }
  if (benchmarks.length === 0) return {ok: false, line: lines.length, reason: 'no benchmark result', expected: 'criterion "time: [...]" or libtest "bench: N ns/iter" lines'}
  return {ok: true, value: {benchmarks}}
}

/** `[26.029 us 26.251 us 26.505 us]` -> the three values and the estimate's unit (all three share it in practice). */
function triple(text: string): Estimate | null {
  const m = TRIPLE.exec(text.trim())
  if (!m) return null
  const [lo, est, hi] = [parseNumber(m[1]), parseNumber(m[3]), parseNumber(m[5])]
  if (lo === null || est === null || hi === null || m[2] !== m[4] || m[4] !== m[6]) return null
  return {lo, est, hi, unit: m[4]}
}

const SI: Record<string, number> = {'': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12}
const BINARY: Record<string, number> = {'': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4}

/** elem/s (with K/M/G) -> items/s; B/s, KiB/s, MB/s ... -> MB/s (10^6 bytes). */
function throughputOf(t: Estimate): {kind: 'items' | 'bytes'; est: number} | null {
  const elem = /^([KMGT]?)elem\/s$/.exec(t.unit)
  if (elem) return {kind: 'items', est: t.est * SI[elem[1]]}
  const bin = /^(Ki|Mi|Gi|Ti)?B\/s$/.exec(t.unit)
  if (bin) return {kind: 'bytes', est: (t.est * BINARY[bin[1] ?? '']) / 1e6}
  const dec = /^([KMGT])B\/s$/.exec(t.unit)
  if (dec) return {kind: 'bytes', est: (t.est * SI[dec[1]]) / 1e6}
  return null
}
