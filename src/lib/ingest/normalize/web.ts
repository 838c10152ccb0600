import type {JsonObject, WebPlatformRow} from '../types.js'
import {isObject, orNull, rest} from './document.js'
import {canonicalHardware, hardwareRef} from './hardware.js'
import {modelFrom} from './model.js'
import {isSimulated} from './simulation.js'
import {num, str} from './units.js'

const USED = ['model_key', 'model_name', 'platform', 'status', 'test_file', 'browser', 'browser_version', 'modality', 'metrics', 'is_simulation', 'error', 'timestamp']

/**
 * A single web platform result {model_key, model_name, platform, status, test_file, metrics:
 * {inference_time_ms, load_time_ms, memory_mb, throughput_items_per_second}, is_simulation,
 * platform_support, implementation_type} -> a web_platform_results row. Throughput has no
 * column there and stays in metrics. Simulated when is_simulation, platform_support.simulated,
 * a MOCK/SIMULATED implementation type, or the document's simulated hardware say so.
 */
export function webResultRow(r: Record<string, unknown>, simulatedSet: Set<string>): WebPlatformRow {
  const platform = canonicalHardware(String(r.platform))
  const m = isObject(r.metrics) ? r.metrics : {}
  const support = isObject(r.platform_support) ? r.platform_support : {}
  const metrics: JsonObject = {...rest(m, ['inference_time_ms', 'load_time_ms', 'memory_mb', 'initialization_time_ms', 'total_time_ms', 'shader_compilation_time_ms']), ...rest(r, USED)}
  if (r.timestamp !== undefined) metrics.timestamp = r.timestamp as string
  return {
    model: modelFrom(r.model_name, String(r.model_key ?? r.model_name ?? 'unknown'), {modality: str(r.modality)}),
    hardware: hardwareRef(platform),
    platform,
    browser: str(r.browser),
    browserVersion: str(r.browser_version),
    testFile: str(r.test_file),
    success: typeof r.status === 'string' ? /^(success|completed|passed)$/i.test(r.status) : typeof r.success === 'boolean' ? r.success : null,
    loadTimeMs: num(m.load_time_ms),
    initializationTimeMs: num(m.initialization_time_ms),
    inferenceTimeMs: num(m.inference_time_ms),
    totalTimeMs: num(m.total_time_ms),
    shaderCompilationTimeMs: num(m.shader_compilation_time_ms),
    memoryUsageMb: num(m.memory_mb),
    errorMessage: str(r.error),
    metrics: orNull(metrics),
    simulated:
      support.simulated === true || isSimulated({isSimulation: r.is_simulation, implementationType: r.implementation_type, hardwareType: platform, simulatedSet}),
    webgpuFeatures: null,
  }
}
