import {detect, validate} from '../../../schema/formats/family_benchmark_summary.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelRef} from '../normalize/model.js'
import {isSimulated, simulatedHardware} from '../normalize/simulation.js'
import {systemPlatforms} from '../normalize/systemInfo.js'
import {toIsoUtc} from '../normalize/time.js'
import {num} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

export const familyBenchmarkSummaryAdapter: ShapeAdapter = {
  name: 'family_benchmark_summary',
  category: 'performance',
  priority: 50,
  description: 'Per-family summary: models_tested aligned with hardware_results.<hw>.latency_ms[] / throughput[] (one aggregate row per model x hardware)',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const simSet = simulatedHardware(d)
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'performance',
      startedAt,
      metadata: runMetadata(ctx, startedAt !== null, rest(d, ['model_families', 'timestamp'])),
    })
    out.hardwarePlatforms = systemPlatforms(d.system_info)
    const families = d.model_families as Record<string, {models_tested: string[]; hardware_results: Record<string, Record<string, unknown>>}>
    for (const [family, f] of Object.entries(families)) {
      for (const [hw, res] of Object.entries(f.hardware_results)) {
        const lat = (res.latency_ms as Array<number | null> | undefined) ?? []
        const thr = (res.throughput as Array<number | null> | undefined) ?? []
        const mem = (res.memory_mb as Array<number | null> | undefined) ?? []
        const hardware = hardwareRef(hw)
        f.models_tested.forEach((name, i) => {
          // The file gives one figure per model: an aggregate over the suite's configurations.
          const metrics: JsonObject = {aggregate: true, source: `model_families.${family}.hardware_results.${hw}[${i}]`}
          for (const [k, v] of Object.entries(res)) if (!['latency_ms', 'throughput', 'memory_mb'].includes(k)) metrics[k] = Array.isArray(v) ? (v[i] as JsonObject[string]) : (v as JsonObject[string])
          out.performance.push({
            model: modelRef(name, {family}),
            hardware,
            testCase: family,
            averageLatencyMs: num(lat[i]),
            throughputItemsPerSecond: num(thr[i]),
            memoryPeakMb: num(mem[i]),
            metrics,
            simulated: isSimulated({hardwareType: hardware.type, simulatedSet: simSet}),
          })
        })
      }
    }
    return out
  },
}
