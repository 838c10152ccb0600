import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {detectShape, textAdapter, validateForAdapter} from '../../src/lib/ingest/registry.js'
import type {NormalizedDocument, ShapeAdapter} from '../../src/lib/ingest/types.js'

export const FIXTURES = join(process.cwd(), 'test', 'fixtures')
/** A fixed mtime so mapped output is deterministic. */
export const MTIME = new Date('2025-01-01T00:00:00Z')

export function load(rel: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, rel), 'utf8'))
}

/**
 * Detect, validate and map a fixture; throws when it is unrecognized or rejected. A fixture that is
 * not one JSON document goes to the text reader that claims it (`doc` is then what it parsed).
 */
export function ingest(rel: string): {adapter: ShapeAdapter; doc: unknown; out: NormalizedDocument} {
  const text = readFileSync(join(FIXTURES, rel), 'utf8')
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return ingestText(rel, text)
  }
  const det = detectShape(doc)
  if (!det.adapter) throw new Error(`${rel} unrecognized: ${det.errors.join(' | ')}`)
  const v = validateForAdapter(det.adapter, doc)
  if (!v.ok) throw new Error(`${rel} rejected by ${det.adapter.name}: ${v.message}`)
  return {adapter: det.adapter, doc, out: det.adapter.map(doc, {path: rel, mtime: MTIME})}
}

function ingestText(rel: string, text: string): {adapter: ShapeAdapter; doc: unknown; out: NormalizedDocument} {
  const adapter = textAdapter(text)
  if (!adapter) throw new Error(`${rel} is neither JSON nor a text format any adapter claims`)
  const parsed = adapter.text!.parse(text)
  if (!parsed.ok) throw new Error(`${rel} rejected by ${adapter.name} at line ${parsed.line}: ${parsed.reason}`)
  const v = validateForAdapter(adapter, parsed.value)
  if (!v.ok) throw new Error(`${rel} rejected by ${adapter.name}: ${v.message}`)
  return {adapter, doc: parsed.value, out: adapter.map(parsed.value, {path: rel, mtime: MTIME})}
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
