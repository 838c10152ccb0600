import type {CompatibilityRow, IntegrationRow, JsonObject, ModelRef, PerformanceRow} from '../types.js'
import {PLATFORM_PREFIXES, hardwareRef} from './hardware.js'
import {isSimulatedImplementation, parseStatus} from './status.js'
import {isObject} from './document.js'
import {num, secondsToMs, str} from './units.js'

/**
 * Skill status maps, the predecessor's most common test output:
 *   {"init": "Success", "cpu_init": "Success (REAL)", "cuda_handler": "Success (MOCK)",
 *    "cpu_embedding_shape": [1, 768], "apple_tests": "Apple Silicon not available", ...}
 * Keys are `<platform>_<check>`; values that parse as a status are checks (one
 * integration_test_results row each), everything else is a detail kept in metadata of the
 * platform's compatibility row. One compatibility row per platform that ran at least one
 * non-skipped check: compatible when every such check passed.
 */
export interface StatusMapResult {
  integration: IntegrationRow[]
  compatibility: CompatibilityRow[]
  performance: PerformanceRow[]
  /** Details not tied to a platform (e.g. `init`-level shapes), for the run metadata. */
  general: JsonObject
}

export function splitPlatformKey(key: string): {prefix: string | null; check: string} {
  const lower = key.toLowerCase()
  for (const p of PLATFORM_PREFIXES) if (lower === p || lower.startsWith(p + '_')) return {prefix: p, check: lower.slice(p.length + 1) || p}
  return {prefix: null, check: key}
}

interface PlatformAcc {
  prefix: string
  checks: Record<string, string>
  failures: string[]
  passed: number
  ran: number
  initSuccess: boolean | null
  simulated: boolean
  implementations: Set<string>
  details: JsonObject
  examples: unknown[]
}

export interface StatusMapOptions {
  testModule: string
  testClass?: string | null
  model: ModelRef | null
  simulatedSet?: Set<string>
  /** Example records (with `platform`) attached to the matching platform's compatibility row. */
  examples?: unknown[]
}

export function mapStatusMap(map: Record<string, unknown>, opts: StatusMapOptions): StatusMapResult {
  const platforms = new Map<string, PlatformAcc>()
  const acc = (prefix: string): PlatformAcc => {
    const type = hardwareRef(prefix).type
    let a = platforms.get(type)
    if (!a) {
      a = {prefix, checks: {}, failures: [], passed: 0, ran: 0, initSuccess: null, simulated: false, implementations: new Set(), details: {}, examples: []}
      platforms.set(type, a)
    }
    return a
  }
  const out: StatusMapResult = {integration: [], compatibility: [], performance: [], general: {}}
  for (const [key, value] of Object.entries(map)) {
    const {prefix, check} = splitPlatformKey(key)
    const parsed = typeof value === 'string' ? parseStatus(value) : null
    if (parsed) {
      const hw = prefix ? hardwareRef(prefix) : null
      out.integration.push({
        testModule: opts.testModule,
        testClass: opts.testClass ?? null,
        testName: key,
        status: parsed.status,
        hardware: hw,
        model: opts.model,
        errorMessage: parsed.passed ? null : parsed.detail ?? parsed.raw,
        metadata: {statusText: parsed.raw, ...(parsed.implementation ? {implementation: parsed.implementation} : {})},
        simulated: parsed.simulated || (hw !== null && (opts.simulatedSet?.has(hw.type) ?? false)),
      })
      if (prefix) {
        const a = acc(prefix)
        a.checks[key] = parsed.raw
        if (parsed.implementation) a.implementations.add(parsed.implementation)
        if (parsed.simulated) a.simulated = true
        if (parsed.status !== 'skip') {
          a.ran++
          if (parsed.passed) a.passed++
          else a.failures.push(parsed.detail ?? parsed.raw)
          if (check === 'init') a.initSuccess = parsed.passed
        }
      }
      continue
    }
    if (prefix) {
      const a = acc(prefix)
      a.details[key] = value as JsonObject[string]
      if (check === 'implementation_type' || check.endsWith('implementation_type')) {
        if (typeof value === 'string') a.implementations.add(value)
        if (isSimulatedImplementation(value)) a.simulated = true
      }
      if (isObject(value) && (value.is_simulated === true || isSimulatedImplementation(value.implementation_type) || isSimulatedImplementation(value.implementation))) a.simulated = true
    } else {
      out.general[key] = value as JsonObject[string]
    }
  }
  for (const ex of opts.examples ?? []) {
    const platform = isObject(ex) ? str(ex.platform) : null
    if (platform && platforms.has(hardwareRef(platform).type)) {
      const a = platforms.get(hardwareRef(platform).type)!
      a.examples.push(ex)
      if (isObject(ex) && (ex.is_simulated === true || isSimulatedImplementation(ex.implementation_type))) a.simulated = true
    } else {
      ;((out.general.examples ??= []) as unknown[]).push(ex)
    }
  }
  for (const [type, a] of platforms) {
    // Without a model there is no compatibility row to make: the details stay with the run.
    if (!opts.model) {
      out.general[a.prefix] = {checks: a.checks, details: a.details, examples: a.examples as JsonObject[]}
      continue
    }
    if (a.ran === 0 && Object.keys(a.details).length === 0 && a.examples.length === 0) continue
    const simulated = a.simulated || (opts.simulatedSet?.has(type) ?? false)
    // After examples are attached, so their is_simulated flags count for the benchmark row too.
    for (const [key, value] of Object.entries(a.details)) {
      const perf = benchmarkRow(key, value, a, opts)
      if (perf) out.performance.push(perf)
    }
    const metadata: JsonObject = {checks: a.checks, implementationTypes: [...a.implementations]}
    if (Object.keys(a.details).length > 0) metadata.details = a.details
    if (a.examples.length > 0) metadata.examples = a.examples as JsonObject[]
    if (a.ran === 0) metadata.note = 'no check ran on this platform (only skipped checks or details)'
    out.compatibility.push({
      model: opts.model,
      hardware: hardwareRef(a.prefix),
      isCompatible: a.ran === 0 ? null : a.failures.length === 0,
      initializationSuccess: a.initSuccess,
      errorMessage: a.failures[0] ?? null,
      metadata,
      simulated,
    })
  }
  return out
}

/** `cuda_benchmark: {average_inference_time (s), iterations, cuda_device, cuda_memory_used_mb}` -> a performance row. */
function benchmarkRow(key: string, value: unknown, a: PlatformAcc, opts: StatusMapOptions): PerformanceRow | null {
  if (!key.endsWith('_benchmark') || !isObject(value) || !opts.model) return null
  const device = str(value.cuda_device) ?? str(value.device)
  const memory = Object.entries(value).find(([k, v]) => /memory.*_mb$/.test(k) && num(v) !== null)
  // A benchmark block with neither a time nor a memory figure measured nothing.
  if (num(value.average_inference_time) === null && !memory) return null
  return {
    model: opts.model,
    hardware: hardwareRef(a.prefix, {deviceName: device}),
    testCase: opts.testModule,
    averageLatencyMs: secondsToMs(num(value.average_inference_time)),
    iterations: num(value.iterations),
    memoryPeakMb: memory ? num(memory[1]) : null,
    metrics: {source: key, ...value} as JsonObject,
    simulated: a.simulated || (opts.simulatedSet?.has(hardwareRef(a.prefix).type) ?? false),
  }
}
