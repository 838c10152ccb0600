import {detect, validate} from '../../../schema/formats/batch_size_map.js'
import {fileStem, newDocument, orNull, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelFrom} from '../normalize/model.js'
import {isSimulated, simulatedHardware} from '../normalize/simulation.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {ShapeAdapter} from '../types.js'

export const batchSizeMapAdapter: ShapeAdapter = {
  name: 'batch_size_map',
  category: 'performance',
  priority: 50,
  description: 'One model x hardware, results keyed by batch size (`batch_sizes: {"1": {throughput, latency_ms, memory_usage_mb}}`)',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    // hardware_key is the machine spelling ("webgpu"); `hardware` the display one ("WebGPU").
    const hwName = str(d.hardware_key) ?? (d.hardware as string)
    const hardware = hardwareRef(hwName, {metadata: d.hardware !== hwName ? {displayName: d.hardware as string} : null})
    const key = str(d.model_key) ?? String(d.model ?? 'unknown')
    const model = modelFrom(d.model_path, key, {family: str(d.model_category), displayName: str(d.model)})
    const simSet = simulatedHardware(d)
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'performance',
      startedAt,
      success: typeof d.compatible === 'boolean' ? d.compatible : null,
      metadata: runMetadata(ctx, startedAt !== null, rest(d, ['batch_sizes', 'timestamp'])),
    })
    for (const [bs, raw] of Object.entries(d.batch_sizes as Record<string, Record<string, unknown>>)) {
      out.performance.push({
        model,
        hardware,
        batchSize: Number(bs),
        averageLatencyMs: num(raw.latency_ms),
        throughputItemsPerSecond: num(raw.throughput),
        memoryPeakMb: num(raw.memory_usage_mb),
        metrics: orNull(rest(raw, ['latency_ms', 'throughput', 'memory_usage_mb'])),
        simulated: isSimulated({isSimulation: raw.is_simulation ?? d.is_simulation, hardwareType: hardware.type, simulatedSet: simSet}),
      })
    }
    return out
  },
}
