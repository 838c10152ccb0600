import {detect, validate} from '../../../schema/formats/nested_benchmark_suite.js'
import {fileStem, isObject, newDocument, orNull, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelRef} from '../normalize/model.js'
import {latencyPercentiles} from '../normalize/percentiles.js'
import {isSimulated, simulatedHardware} from '../normalize/simulation.js'
import {systemPlatforms} from '../normalize/systemInfo.js'
import {timeRange} from '../normalize/time.js'
import {num, secondsToMs, str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

const CONFIG_KEY = /^batch_(\d+)(?:_seq_(\d+))?$/

/** performance_summary latency figures are seconds like the rest of the suite: converted to ms. */
function summaryInMs(summary: unknown): JsonObject | null {
  if (!isObject(summary)) return null
  const out: JsonObject = {...summary} as JsonObject
  if (isObject(summary.latency)) {
    delete out.latency
    out.latencyMs = Object.fromEntries(Object.entries(summary.latency).map(([k, v]) => [k, typeof v === 'number' ? v * 1000 : (v as JsonObject[string])]))
  }
  return out
}

export const nestedBenchmarkSuiteAdapter: ShapeAdapter = {
  name: 'nested_benchmark_suite',
  category: 'performance',
  priority: 55,
  description: 'benchmarks.<family>.<model>.<hardware>.benchmark_results.batch_B_seq_S with latencies in seconds (converted to ms), plus system facts',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const simSet = simulatedHardware(d)
    const times: unknown[] = [d.timestamp]
    const summaries: JsonObject = {}
    const out = newDocument({testName: fileStem(ctx), testType: 'performance', metadata: {}})
    out.hardwarePlatforms = systemPlatforms(d.system_info, d.hardware_details)
    const families = d.benchmarks as Record<string, Record<string, Record<string, Record<string, unknown>>>>
    for (const [family, models] of Object.entries(families)) {
      for (const [modelKey, perHw] of Object.entries(models)) {
        for (const [hwKey, res] of Object.entries(perHw)) {
          times.push(res.timestamp)
          const model = modelRef(str(res.model_name) ?? modelKey, {family: str(res.family) ?? family, metadata: res.model_class ? {modelClass: res.model_class as string} : null})
          const hardware = hardwareRef(str(res.hardware) ?? hwKey)
          const summary = summaryInMs(res.performance_summary)
          if (summary) summaries[`${model.name}/${hardware.type}`] = summary
          const shared = rest(res, ['benchmark_results', 'model_name', 'hardware', 'family', 'model_class', 'performance_summary'])
          for (const [configKey, cfg] of Object.entries(res.benchmark_results as Record<string, Record<string, unknown>>)) {
            const m = CONFIG_KEY.exec(configKey)
            const samplesMs = Array.isArray(cfg.latencies) ? (cfg.latencies as number[]).map((s) => s * 1000) : []
            const batchSize = m ? Number(m[1]) : null
            const metrics: JsonObject = {...rest(cfg, ['latencies', 'avg_latency', 'throughput', 'total_time', 'iterations', 'memory_mb']), ...shared}
            if (m?.[2]) metrics.sequenceLength = Number(m[2])
            out.performance.push({
              model,
              hardware,
              testCase: configKey,
              batchSize,
              totalTimeSeconds: num(cfg.total_time),
              averageLatencyMs: secondsToMs(num(cfg.avg_latency)),
              throughputItemsPerSecond: num(cfg.throughput),
              memoryPeakMb: num(cfg.memory_mb),
              iterations: num(cfg.iterations),
              ...(samplesMs.length > 0 ? latencyPercentiles(samplesMs) : {}),
              samples: samplesMs.map((latencyMs, batchIndex) => ({batchIndex, batchSize, latencyMs})),
              metrics: orNull(metrics),
              simulated: isSimulated({isSimulation: cfg.is_simulation ?? res.is_simulation, hardwareType: hardware.type, simulatedSet: simSet}),
            })
          }
        }
      }
    }
    const {startedAt, completedAt} = timeRange(times)
    out.run.startedAt = startedAt
    out.run.completedAt = completedAt
    out.run.metadata = runMetadata(ctx, startedAt !== null, {...rest(d, ['benchmarks']), performanceSummariesMs: summaries})
    return out
  },
}
