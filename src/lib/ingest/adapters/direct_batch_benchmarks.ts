import {detect, validate} from '../../../schema/formats/direct_batch_benchmarks.js'
import {fileStem, isObject, newDocument, orNull, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelRef} from '../normalize/model.js'
import {latencyPercentiles} from '../normalize/percentiles.js'
import {isSimulated, simulatedHardware} from '../normalize/simulation.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

export const directBatchBenchmarksAdapter: ShapeAdapter = {
  name: 'direct_batch_benchmarks',
  category: 'performance',
  priority: 55,
  description: 'Results keyed by model with benchmark_data.batch_results per batch size (latencies already in ms, raw samples in latencies_ms)',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const simSet = simulatedHardware(d)
    const perModel: JsonObject = {}
    const out = newDocument({testName: fileStem(ctx), testType: 'performance', startedAt, metadata: {}})
    for (const [key, entry] of Object.entries(d.results as Record<string, Record<string, unknown>>)) {
      const data = entry.benchmark_data as Record<string, unknown>
      const hwName = str(data.hardware) ?? str(entry.hardware) ?? str(d.hardware) ?? 'cpu'
      const model = modelRef(str(data.model) ?? str(entry.model) ?? key)
      const summary = isObject(entry.summary) ? entry.summary : {}
      // Command, stdout/stderr and output file describe the per-model sub-run: run metadata.
      perModel[key] = {...rest(entry, ['benchmark_data', 'summary']), benchmark_data: rest(data, ['batch_results'])} as JsonObject
      for (const [bs, raw] of Object.entries(data.batch_results as Record<string, Record<string, unknown>>)) {
        const samples = Array.isArray(raw.latencies_ms) ? (raw.latencies_ms as number[]) : []
        const metrics: JsonObject = rest(raw, ['batch_size', 'avg_latency_ms', 'throughput_items_per_second', 'memory_mb', 'latencies_ms'])
        if (summary[bs] !== undefined) metrics.summary = summary[bs] as JsonObject
        out.performance.push({
          model,
          hardware: hardwareRef(hwName, {deviceName: str(raw.device) !== hwName ? str(raw.device) : null}),
          batchSize: num(raw.batch_size) ?? Number(bs),
          averageLatencyMs: num(raw.avg_latency_ms),
          throughputItemsPerSecond: num(raw.throughput_items_per_second),
          memoryPeakMb: num(raw.memory_mb),
          iterations: samples.length > 0 ? samples.length : null,
          ...(samples.length > 0 ? latencyPercentiles(samples) : {}),
          samples: samples.map((latencyMs, batchIndex) => ({batchIndex, batchSize: num(raw.batch_size) ?? Number(bs), latencyMs})),
          metrics: orNull(metrics),
          simulated: isSimulated({isSimulation: raw.is_simulation, hardwareType: hardwareRef(hwName).type, simulatedSet: simSet}),
        })
      }
    }
    out.run.metadata = runMetadata(ctx, startedAt !== null, {...rest(d, ['results', 'timestamp']), perModel})
    return out
  },
}
