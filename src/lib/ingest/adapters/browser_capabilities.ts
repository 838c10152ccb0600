import {detect, validate} from '../../../schema/formats/browser_capabilities.js'
import {fileStem, isObject, newDocument, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {toIsoUtc} from '../normalize/time.js'
import {str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

const APIS = ['webnn', 'webgpu', 'webgl', 'wasm']

/**
 * Machine facts only: one hardware_platforms entry per browser API (webnn, webgpu, webgl, wasm)
 * with platform = browser, platform_version from the user agent, and `supported` in metadata.
 */
export const browserCapabilitiesAdapter: ShapeAdapter = {
  name: 'browser_capabilities',
  category: 'hardware',
  priority: 50,
  description: 'Browser capability probe (webnn/webgpu/webgl/wasm support): hardware_platforms facts, no results',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const browser = d.browser as string
    const ua = str(d.user_agent) ?? ''
    const version = new RegExp(`${browser === 'chrome' ? 'Chrome' : browser === 'firefox' ? 'Firefox' : browser === 'edge' ? 'Edg' : 'Version'}/([\\d.]+)`, 'i').exec(ua)?.[1] ?? null
    const out = newDocument({testName: fileStem(ctx), testType: 'browser_capabilities', startedAt, metadata: runMetadata(ctx, startedAt !== null, rest(d, [...APIS, 'timestamp']))})
    for (const api of APIS) {
      const info = d[api]
      if (!isObject(info)) continue
      out.hardwarePlatforms.push(hardwareRef(api, {platform: browser, platformVersion: version, metadata: {...info} as JsonObject}))
    }
    return out
  },
}
