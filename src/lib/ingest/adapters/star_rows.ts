import {detect, validate} from '../../../schema/formats/star_rows.js'
import {fileStem, newDocument, orNull, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelRef} from '../normalize/model.js'
import {isSimulated} from '../normalize/simulation.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

const USED = [
  'model_name', 'model_family', 'modality', 'hardware_type', 'device_name', 'batch_size', 'precision', 'test_case',
  'total_time_seconds', 'average_latency_ms', 'throughput_items_per_second', 'memory_peak_mb', 'iterations',
  'warmup_iterations', 'metrics', 'is_simulation', 'implementation_type',
]

export const starRowsAdapter: ShapeAdapter = {
  name: 'star_rows',
  category: 'performance',
  priority: 60,
  description: 'Top-level list of performance rows keyed by the contract column names (model_name, hardware_type, throughput_items_per_second, ...)',
  detect,
  validate,
  map(doc, ctx) {
    const rows = doc as Array<Record<string, unknown>>
    const out = newDocument({testName: fileStem(ctx), testType: 'performance', startedAt: null, metadata: runMetadata(ctx, false)})
    for (const r of rows) {
      const hardware = hardwareRef(r.hardware_type as string, {deviceName: str(r.device_name)})
      // Unknown keys join the row's own `metrics` object: nothing is dropped.
      const metrics: JsonObject = {...((r.metrics as JsonObject | null) ?? {}), ...rest(r, USED)}
      if (r.implementation_type !== undefined) metrics.implementation_type = r.implementation_type as string
      out.performance.push({
        model: modelRef(r.model_name as string, {family: str(r.model_family), modality: str(r.modality)}),
        hardware,
        testCase: str(r.test_case),
        batchSize: num(r.batch_size),
        precision: str(r.precision),
        totalTimeSeconds: num(r.total_time_seconds),
        averageLatencyMs: num(r.average_latency_ms),
        throughputItemsPerSecond: num(r.throughput_items_per_second),
        memoryPeakMb: num(r.memory_peak_mb),
        iterations: num(r.iterations),
        warmupIterations: num(r.warmup_iterations),
        metrics: orNull(metrics),
        simulated: isSimulated({isSimulation: r.is_simulation, implementationType: r.implementation_type}),
      })
    }
    return out
  },
}
