import {toMb, toMs} from '../../metrics/units.js'
import {fileStem, newDocument} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {latencySamples, mean, MetricList, parseNumber} from '../normalize/metric-values.js'
import {TEXT_ONLY, textLines} from '../text-input.js'
import type {ShapeAdapter, TextParse} from '../types.js'

/** One benchmark of the output: its result lines (several with -count N). */
interface GoBenchmark {
  name: string
  procs: number | null
  pkg: string | null
  cpu: string | null
  /** b.N and the unit -> value pairs of each result line, with its line number. */
  runs: Array<{line: number; n: number; values: Array<{unit: string; value: number}>}>
}

interface GoOutput {
  goos: string | null
  goarch: string | null
  benchmarks: GoBenchmark[]
}

const RESULT = /^(Benchmark\S*)\s+(\d+)(\s+.*)?$/
const HEADER = /^(goos|goarch|pkg|cpu):\s*(.*)$/

/**
 * `go test -bench` text output (`go test -bench . | tee bench.txt`), also several packages and
 * -count N repetitions in one file. One row per benchmark (package x name x GOMAXPROCS):
 * - the name without its `-N` GOMAXPROCS suffix is the series' name; the package and `procs=N` are
 *   its test case (so a sub-benchmark whose own name ends in -N never merges with another);
 * - ns/op (any time/op) -> average_latency_ms, with each -count repetition as a sample;
 *   MB/s -> bytes_per_second; B/op -> memory_allocated (MB); allocs/op -> allocations;
 *   any other unit (b.ReportMetric) -> a metric named after the unit: higher is better for
 *   `.../s`, lower for time per something, no direction otherwise;
 * - the `cpu:` header names the device; goos/goarch are tags.
 */
export const goBenchAdapter: ShapeAdapter = {
  name: 'go_bench',
  category: 'performance',
  priority: 60,
  description: 'go test -bench text output: ns/op, MB/s, B/op, allocs/op and custom metrics per benchmark, goos/goarch/pkg/cpu header',
  detect: TEXT_ONLY,
  validate: {type: 'object', required: ['benchmarks'], properties: {benchmarks: {type: 'array', minItems: 1}}},
  text: {
    sniff: (text) => /^Benchmark\S*\s+\d+\s+[\d.]+(e[-+]?\d+)?\s+\S+\/op\b/m.test(text) || (/^goos: \S+/m.test(text) && /^goarch: \S+/m.test(text) && /^Benchmark\S*\s+\d+/m.test(text)),
    parse: parseGo,
  },
  map(doc, ctx) {
    const o = doc as GoOutput
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'go_bench',
      tags: {...(o.goos ? {goos: o.goos} : {}), ...(o.goarch ? {goarch: o.goarch} : {})},
      metadata: {tool: 'go test -bench'},
    })
    for (const b of o.benchmarks) {
      const m = new MetricList()
      let latency: number | null = null
      let latencySamplesMs: number[] = []
      const units = [...new Set(b.runs.flatMap((r) => r.values.map((v) => v.unit)))]
      for (const unit of units) {
        const vals = b.runs.map((r) => r.values.find((v) => v.unit === unit)?.value).filter((v): v is number => v !== undefined)
        const where = `line ${b.runs[0].line}`
        const perOp = /^([^/]+)\/op$/.exec(unit)?.[1]
        const timeMs = perOp ? toMs(1, perOp) : null
        if (timeMs !== null) {
          latencySamplesMs = vals.map((v) => v * timeMs)
          latency = mean(latencySamplesMs)
        } else if (unit === 'MB/s') m.add('bytes_per_second', mean(vals), 'MB/s', where, {samples: vals.length > 1 ? vals : null})
        else if (unit === 'B/op') m.add('memory_allocated', mean(vals.map((v) => toMb(v, 'B')!)), 'MB', where)
        else if (unit === 'allocs/op') m.add('allocations', mean(vals), 'count', where)
        else m.add(customName(unit), mean(vals), unit, where, {higherIsBetter: direction(unit), samples: vals.length > 1 ? vals : null})
      }
      out.performance.push({
        model: {name: b.name, modality: 'benchmark', source: 'go', family: null, metadata: b.pkg ? {package: b.pkg} : null},
        hardware: hardwareRef('cpu', {deviceName: b.cpu}),
        testCase: [b.pkg, b.procs !== null ? `procs=${b.procs}` : null].filter(Boolean).join(' ') || null,
        averageLatencyMs: latency,
        iterations: b.runs.reduce((s, r) => s + r.n, 0),
        samples: latencySamplesMs.length > 1 ? latencySamples(latencySamplesMs) : undefined,
        metricValues: m.values,
        metrics: {repetitions: b.runs.length, iterationsPerRepetition: b.runs.map((r) => r.n)},
        simulated: false,
        sourcePointer: `line ${b.runs[0].line}`,
      })
    }
    return out
  },
}

function parseGo(text: string): TextParse {
  const out: GoOutput = {goos: null, goarch: null, benchmarks: []}
  const byKey = new Map<string, GoBenchmark>()
  let pkg: string | null = null
  let cpu: string | null = null
  const lines = textLines(text)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    const h = HEADER.exec(line)
    if (h) {
      const v = h[2].trim() || null
      if (h[1] === 'goos') out.goos = v
      else if (h[1] === 'goarch') out.goarch = v
      else if (h[1] === 'pkg') pkg = v
      else cpu = v
      continue
    }
    const r = RESULT.exec(line)
    // A bare `BenchmarkX` line (printed before its log output) or prose: not a result.
    if (!r) continue
    const fields = (r[3] ?? '').trim().split(/\s+/).filter(Boolean)
    if (fields.length === 0 || fields.length % 2 !== 0) {
      return {ok: false, line: i + 1, reason: `benchmark result "${line.slice(0, 80)}" is not "<name> <iterations> <value> <unit> ..."`, expected: 'value and unit pairs after the iteration count (e.g. 325 ns/op)'}
    }
    const values: Array<{unit: string; value: number}> = []
    for (let k = 0; k < fields.length; k += 2) {
      const value = parseNumber(fields[k])
      if (value === null) return {ok: false, line: i + 1, reason: `"${fields[k]}" is not a number`, expected: `a number before the unit "${fields[k + 1]}"`}
      values.push({unit: fields[k + 1], value})
    }
    const suffix = /^(.*)-(\d+)$/.exec(r[1])
    const name = suffix ? suffix[1] : r[1]
    const procs = suffix ? Number(suffix[2]) : null
    const key = `${pkg}\0${name}\0${procs}`
    let b = byKey.get(key)
    if (!b) {
      b = {name, procs, pkg, cpu, runs: []}
      byKey.set(key, b)
      out.benchmarks.push(b)
    }
    b.runs.push({line: i + 1, n: Number(r[2]), values})
  }
  if (out.benchmarks.length === 0) return {ok: false, line: lines.length, reason: 'no benchmark result line', expected: 'lines like "BenchmarkX-8  1000  325 ns/op"'}
  return {ok: true, value: out}
}

/** A custom unit as a metric name: `auxMetricUnits` -> `auxmetricunits`, `ns/key` -> `ns_per_key`. */
function customName(unit: string): string {
  return unit.replace(/\//g, '_per_').replace(/[^A-Za-z0-9_]+/g, '_').toLowerCase()
}

function direction(unit: string): boolean | null {
  if (/\/s$/.test(unit)) return true
  if (/^(ns|us|µs|ms|s)\//.test(unit) || /\/op$/.test(unit)) return false
  return null
}
