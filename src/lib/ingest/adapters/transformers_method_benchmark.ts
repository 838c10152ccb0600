import {detect, validate} from '../../../schema/formats/transformers_method_benchmark.js'
import {fileStem, isObject, newDocument, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelRef} from '../normalize/model.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, secondsToMs, str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

export const transformersMethodBenchmarkAdapter: ShapeAdapter = {
  name: 'transformers_method_benchmark',
  category: 'hardware',
  priority: 50,
  description: 'pipeline() vs from_pretrained() timings per device (seconds -> ms), success per method, hardware flags',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const meta = d.metadata as Record<string, unknown>
    const hw = isObject(d.hardware) ? d.hardware : {}
    const startedAt = toIsoUtc(meta.timestamp)
    const out = newDocument({testName: fileStem(ctx), testType: 'hardware_test', startedAt, metadata: runMetadata(ctx, startedAt !== null, {metadata: meta as JsonObject, hardware: hw as JsonObject, examples: d.examples as JsonObject[]})})
    const model = modelRef(meta.model as string, {metadata: {task: str(meta.task), modelClass: str(meta.class), description: str(meta.description)}})
    out.models.push(model)
    const results = (isObject(d.results) ? d.results : {}) as Record<string, Record<string, unknown>>
    for (const [key, p] of Object.entries(d.performance as Record<string, Record<string, unknown>>)) {
      const r = results[key] ?? {}
      const device = str(r.device) ?? key.split('_').pop()!
      const method = key.endsWith('_' + device) ? key.slice(0, -(device.length + 1)) : key
      out.performance.push({
        model,
        hardware: hardwareRef(device),
        testCase: method,
        averageLatencyMs: secondsToMs(num(p.avg_time)),
        iterations: num(p.num_runs),
        metrics: {minLatencyMs: secondsToMs(num(p.min_time)), maxLatencyMs: secondsToMs(num(p.max_time)), ...rest(p, ['avg_time', 'min_time', 'max_time', 'num_runs'])},
        simulated: false,
      })
    }
    for (const [key, r] of Object.entries(results)) {
      const successKey = Object.keys(r).find((k) => k.endsWith('_success'))
      if (!successKey) continue // nothing to judge; the entry is still in run metadata via performance/metrics
      out.integration.push({
        testModule: 'transformers_methods',
        testName: key,
        status: r[successKey] === true ? 'pass' : 'fail',
        hardware: hardwareRef(str(r.device) ?? 'cpu'),
        model,
        metadata: rest(r, []) as JsonObject,
        simulated: false,
      })
    }
    // Facts about the machine: detected accelerators (CUDA with its version and device count).
    for (const [k, v] of Object.entries(hw)) {
      if (v === true) out.hardwarePlatforms.push(hardwareRef(k, k === 'cuda' ? {platformVersion: str(hw.cuda_version), metadata: {deviceCount: num(hw.cuda_devices)}} : {}))
    }
    return out
  },
}
