import {detect, validate} from '../../../schema/formats/optimum_benchmark.js'
import {toJoules, toMb, toMs} from '../../metrics/units.js'
import {fileStem, isObject, newDocument} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {latencySamples, MetricList} from '../normalize/metric-values.js'
import {num, str} from '../normalize/units.js'
import type {HardwareRef, ModelRef, PerformanceRow, ShapeAdapter} from '../types.js'

type Rec = Record<string, unknown>

/**
 * optimum-benchmark: one row per phase of the report (test case = the phase: load, forward,
 * prefill, decode, per_token, call ...), for the config's model on its backend's device.
 * - latency (unit s, or whatever `unit` says) -> average_latency_ms, p50/p90/p99 -> the percentile
 *   columns, p95 -> latency_p95, stdev -> latency_stddev, stdev_ (% of the mean) -> latency_cv,
 *   values -> per-iteration samples (ms),
 *   count -> iterations, total -> total_time_seconds;
 * - throughput by its unit: samples/s -> samples_per_second, tokens/s -> tokens_per_second,
 *   other `<thing>/s` -> `<thing>_per_second` (custom, higher is better);
 * - units default to the ones optimum-benchmark always writes (latency s, memory MB, energy kWh,
 *   throughput per phase: THROUGHPUT_UNIT, efficiency per kWh) when a report leaves `unit` out;
 * - memory (MB as written) -> memory_peak from the device's own peak (max_process_vram, else
 *   max_global_vram, on an accelerator; max_ram on cpu), every other counter as memory_<name>;
 * - energy (kWh as written) -> energy (total) and energy_<part> in J; efficiency (<x>/kWh) -> items/J.
 * benchmark_report.json carries no config: the model is then named after the file's folder.
 */
export const optimumBenchmarkAdapter: ShapeAdapter = {
  name: 'optimum_benchmark',
  category: 'performance',
  priority: 55,
  description: 'Hugging Face optimum-benchmark benchmark.json / benchmark_report.json: per-phase latency, throughput, memory, energy with units',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Rec
    const config = isObject(d.config) ? d.config : null
    const report = (config ? d.report : d) as Record<string, Rec | null>
    const backend = config && isObject(config.backend) ? config.backend : {}
    const scenario = config && isObject(config.scenario) ? config.scenario : {}
    const env = config && isObject(config.environment) ? config.environment : {}
    const shapes = isObject(scenario.input_shapes) ? scenario.input_shapes : {}
    const out = newDocument({
      testName: str(config?.name) ?? fileStem(ctx),
      testType: 'optimum_benchmark',
      machine: null,
      tags: str(backend.name) ? {backend: str(backend.name)!} : null,
      metadata: {
        tool: 'optimum-benchmark',
        version: env.optimum_benchmark_version ?? null,
        commit: env.optimum_benchmark_commit ?? null,
        scenario: scenario.name ?? null,
        backend: backend.name ?? null,
        backendVersion: backend.version ?? null,
        task: backend.task ?? null,
        hasConfig: config !== null,
      },
    })
    const modelRef = model(backend, ctx.path)
    const hw = hardware(backend, env)
    for (const [phase, body] of Object.entries(report)) {
      if (!body) continue
      out.performance.push(phaseRow(phase, body, modelRef, hw, num(shapes.batch_size), str(backend.torch_dtype) ?? str(backend.dtype)))
    }
    return out
  },
}

function phaseRow(phase: string, body: Rec, modelRef: ModelRef, hw: HardwareRef, batchSize: number | null, precision: string | null): PerformanceRow {
  const at = `/${phase}`
  const m = new MetricList()
  const row: PerformanceRow = {model: modelRef, hardware: hw, testCase: phase, batchSize, precision, simulated: false, sourcePointer: at}
  const lat = isObject(body.latency) ? body.latency : null
  if (lat) {
    const unit = str(lat.unit) ?? 's'
    const ms = (v: unknown) => (num(v) === null ? null : toMs(num(v)!, unit))
    row.averageLatencyMs = ms(lat.mean)
    row.latencyP50Ms = ms(lat.p50)
    row.latencyP90Ms = ms(lat.p90)
    row.latencyP99Ms = ms(lat.p99)
    m.add('latency_p95', ms(lat.p95), 'ms', `${at}/latency/p95`)
    m.add('latency_stddev', ms(lat.stdev), 'ms', `${at}/latency/stdev`)
    // `stdev_` is the relative standard deviation, in percent of the mean.
    m.add('latency_cv', num(lat.stdev_), '%', `${at}/latency/stdev_`)
    const total = ms(lat.total)
    row.totalTimeSeconds = total === null ? null : total / 1000
    row.iterations = num(lat.count)
    const values = Array.isArray(lat.values) ? (lat.values as number[]).map((v) => toMs(v, unit)!).filter((v) => v !== null) : []
    row.samples = latencySamples(values)
  }
  const tp = isObject(body.throughput) ? body.throughput : null
  if (tp && num(tp.value) !== null) {
    const unit = str(tp.unit) ?? (THROUGHPUT_UNIT[phase] ?? 'samples/s')
    const thing = /^([a-z_]+)\/s$/i.exec(unit)?.[1]?.toLowerCase()
    const known: Record<string, string> = {samples: 'samples_per_second', tokens: 'tokens_per_second', requests: 'requests_per_second'}
    const metric = thing ? (known[thing] ?? `${thing}_per_second`) : 'throughput_other'
    m.add(metric, num(tp.value), unit, `${at}/throughput/value`, {higherIsBetter: true})
  }
  const mem = isObject(body.memory) ? body.memory : null
  if (mem) {
    const unit = str(mem.unit) ?? 'MB'
    const accel = hw.type !== 'cpu'
    const peakKey = accel ? (num(mem.max_process_vram) !== null ? 'max_process_vram' : 'max_global_vram') : 'max_ram'
    for (const [k, raw] of Object.entries(mem)) {
      const v = num(raw)
      if (k === 'unit' || v === null) continue
      const mb = toMb(v, unit)
      if (k === peakKey) row.memoryPeakMb = mb
      else m.add(`memory_${k}`, mb, 'MB', `${at}/memory/${k}`, {higherIsBetter: false})
    }
  }
  const energy = isObject(body.energy) ? body.energy : null
  if (energy) {
    const unit = str(energy.unit) ?? 'kWh'
    for (const [k, raw] of Object.entries(energy)) {
      const v = num(raw)
      if (k === 'unit' || v === null) continue
      m.add(k === 'total' ? 'energy' : `energy_${k}`, toJoules(v, unit), 'J', `${at}/energy/${k}`, {higherIsBetter: false})
    }
  }
  const eff = isObject(body.efficiency) ? body.efficiency : null
  const effValue = eff ? num(eff.value) : null
  if (effValue !== null) {
    // `<items>/kWh` -> items per joule (optimum-benchmark's efficiencies are always per kWh).
    const per = /\/(\w+)$/.exec(str(eff!.unit) ?? '/kWh')?.[1]
    const joules = per ? toJoules(1, per) : null
    m.add('efficiency', joules ? effValue / joules : null, 'items/J', `${at}/efficiency/value`)
  }
  row.metricValues = m.values
  return row
}

/**
 * The throughput unit optimum-benchmark writes for each phase (it is fixed by the scenario, not
 * configurable), for a report that leaves `unit` out: generation phases count tokens, `forward`
 * samples, diffusion's `call` images.
 */
const THROUGHPUT_UNIT: Readonly<Record<string, string>> = {prefill: 'tokens/s', decode: 'tokens/s', per_token: 'tokens/s', forward: 'samples/s', call: 'images/s'}

function model(backend: Rec, path: string): ModelRef {
  const id = str(backend.model)
  if (id) return {name: id, family: str(backend.model_type), source: 'optimum-benchmark', metadata: {task: backend.task ?? null, library: backend.library ?? null}}
  // A report alone names no model: its folder (optimum-benchmark writes <output_dir>/<name>/benchmark_report.json) does.
  const folder = path.split(/[\\/]/).slice(-2, -1)[0] ?? 'unknown'
  return {name: folder, source: 'optimum-benchmark', metadata: {modelNamedAfterFolder: true}}
}

function hardware(backend: Rec, env: Rec): HardwareRef {
  // A report without its config does not say the device: `unknown`, never a guess.
  const device = (str(backend.device) ?? 'unknown').split(':')[0]
  const gpus = Array.isArray(env.gpu) ? (env.gpu as unknown[]).filter((g): g is string => typeof g === 'string') : []
  const cpu = str(env.cpu)?.trim() || null
  if (device === 'cpu') return hardwareRef('cpu', {deviceName: cpu})
  return hardwareRef(device, {deviceName: gpus[0] ?? null})
}
