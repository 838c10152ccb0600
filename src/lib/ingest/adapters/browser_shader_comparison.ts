import {detect, validate} from '../../../schema/formats/browser_shader_comparison.js'
import {fileStem, isObject, newDocument, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelFrom} from '../normalize/model.js'
import {str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

/**
 * Compute shaders are a WebGPU feature, so every row is platform `webgpu`; the toggle lands in
 * webgpu_advanced_features.compute_shader_support. No timestamp in the document.
 */
export const browserShaderComparisonAdapter: ShapeAdapter = {
  name: 'browser_shader_comparison',
  category: 'web_platform',
  priority: 50,
  description: 'One model across browsers with/without WebGPU compute shaders (improvement_percentage in metrics)',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const out = newDocument({testName: fileStem(ctx), testType: 'web_platform', startedAt: null, metadata: runMetadata(ctx, false, rest(d, ['model', 'tests']))})
    for (const t of d.tests as Array<Record<string, unknown>>) {
      const perf = isObject(t.performance) ? t.performance : {}
      out.webPlatform.push({
        model: modelFrom(null, str(t.model) ?? (d.model as string)),
        hardware: hardwareRef('webgpu'),
        platform: 'webgpu',
        browser: str(t.browser),
        success: typeof t.success === 'boolean' ? t.success : null,
        metrics: {...perf, ...rest(t, ['model', 'browser', 'success', 'compute_shaders', 'performance'])} as JsonObject,
        simulated: t.is_simulation === true,
        webgpuFeatures: {computeShaderSupport: t.compute_shaders as boolean},
      })
    }
    out.run.success = out.webPlatform.every((r) => r.success === true)
    return out
  },
}
