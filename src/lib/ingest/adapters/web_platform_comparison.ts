import {detect, validate} from '../../../schema/formats/web_platform_comparison.js'
import {fileStem, isObject, newDocument, rest, runMetadata} from '../normalize/document.js'
import {canonicalHardware, hardwareRef} from '../normalize/hardware.js'
import {modelRef} from '../normalize/model.js'
import {isSimulated, simulatedHardware} from '../normalize/simulation.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

export const webPlatformComparisonAdapter: ShapeAdapter = {
  name: 'web_platform_comparison',
  category: 'web_platform',
  priority: 50,
  description: 'WebNN vs WebGPU comparison by modality: one web_platform_results row per model x platform (time_ms -> inference_time_ms)',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const simSet = simulatedHardware(d)
    const out = newDocument({testName: fileStem(ctx), testType: 'web_platform', startedAt, metadata: runMetadata(ctx, startedAt !== null, rest(d, ['results_by_modality', 'timestamp']))})
    for (const [modality, entries] of Object.entries(d.results_by_modality as Record<string, Array<Record<string, unknown>>>)) {
      for (const e of entries) {
        const model = modelRef(e.model as string, {modality})
        for (const [key, cell] of Object.entries(e)) {
          if (key === 'model' || !isObject(cell)) continue
          const platform = canonicalHardware(key)
          out.webPlatform.push({
            model,
            hardware: hardwareRef(platform),
            platform,
            success: typeof cell.success === 'boolean' ? cell.success : null,
            inferenceTimeMs: num(cell.time_ms),
            memoryUsageMb: num(cell.memory_mb),
            errorMessage: str(cell.error),
            metrics: {implementation: str(cell.implementation), ...rest(cell, ['time_ms', 'memory_mb', 'success', 'implementation', 'error'])} as JsonObject,
            simulated: isSimulated({implementationType: cell.implementation, hardwareType: platform, simulatedSet: simSet}),
          })
        }
      }
    }
    return out
  },
}
