import {detect, validate} from '../../../schema/formats/benchmark_progress.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelFrom} from '../normalize/model.js'
import {toIsoUtc} from '../normalize/time.js'
import {str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter, TestStatus} from '../types.js'

/**
 * A progress file holds no measurements: each listed benchmark becomes an integration row
 * (completed -> pass, failed -> fail, skipped -> skip) so failures are queryable.
 */
export const benchmarkProgressAdapter: ShapeAdapter = {
  name: 'benchmark_progress',
  category: 'performance',
  priority: 45,
  description: 'Benchmark progress (completed/failed/skipped_benchmarks): one integration row per listed benchmark, no measurements',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const out = newDocument({testName: fileStem(ctx), testType: 'benchmark_progress', startedAt, metadata: runMetadata(ctx, startedAt !== null, rest(d, ['completed_benchmarks', 'failed_benchmarks', 'skipped_benchmarks', 'timestamp']))})
    const lists: Array<[string, TestStatus]> = [['completed_benchmarks', 'pass'], ['failed_benchmarks', 'fail'], ['skipped_benchmarks', 'skip']]
    for (const [list, status] of lists) {
      for (const b of (d[list] as Array<Record<string, unknown>> | undefined) ?? []) {
        const modelName = str(b.model) ?? str(b.model_name)
        const key = str(b.model_type) ?? modelName ?? 'unknown'
        const hw = str(b.hardware_type) ?? str(b.hardware)
        out.integration.push({
          testModule: 'benchmark_hardware_models',
          testName: `${key}/${hw ?? 'unknown'}`,
          status,
          hardware: hw ? hardwareRef(hw) : null,
          model: modelFrom(modelName, key),
          errorMessage: str(b.error),
          errorTraceback: str(b.stderr) || null,
          metadata: {list, ...rest(b, ['model_type', 'model', 'hardware_type', 'error', 'stderr'])} as JsonObject,
          simulated: false,
        })
      }
    }
    out.run.success = out.integration.every((r) => r.status !== 'fail')
    return out
  },
}
