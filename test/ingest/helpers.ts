import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {detectShape, validateForAdapter} from '../../src/lib/ingest/registry.js'
import type {NormalizedDocument, ShapeAdapter} from '../../src/lib/ingest/types.js'

export const FIXTURES = join(process.cwd(), 'test', 'fixtures')
/** A fixed mtime so mapped output is deterministic. */
export const MTIME = new Date('2025-01-01T00:00:00Z')

export function load(rel: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, rel), 'utf8'))
}

/** Detect, validate and map a fixture; throws when it is unrecognized or rejected. */
export function ingest(rel: string): {adapter: ShapeAdapter; doc: unknown; out: NormalizedDocument} {
  const doc = load(rel)
  const det = detectShape(doc)
  if (!det.adapter) throw new Error(`${rel} unrecognized: ${det.errors.join(' | ')}`)
  const v = validateForAdapter(det.adapter, doc)
  if (!v.ok) throw new Error(`${rel} rejected by ${det.adapter.name}: ${v.message}`)
  return {adapter: det.adapter, doc, out: det.adapter.map(doc, {path: rel, mtime: MTIME})}
}

export interface Counts {
  performance: number
  samples: number
  compatibility: number
  integration: number
  assertions: number
  webPlatform: number
  webgpuFeatures: number
  hardwarePlatforms: number
  models: number
}

export function counts(out: NormalizedDocument): Counts {
  return {
    performance: out.performance.length,
    samples: out.performance.reduce((n, p) => n + (p.samples?.length ?? 0), 0),
    compatibility: out.compatibility.length,
    integration: out.integration.length,
    assertions: out.integration.reduce((n, r) => n + (r.assertions?.length ?? 0), 0),
    webPlatform: out.webPlatform.length,
    webgpuFeatures: out.webPlatform.filter((w) => w.webgpuFeatures).length,
    hardwarePlatforms: out.hardwarePlatforms.length,
    models: out.models.length,
  }
}
