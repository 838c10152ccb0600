import type {HardwareRef, JsonObject} from '../types.js'

/**
 * Hardware names as files spell them -> the canonical lower-case set of the schema. Qualcomm's
 * runtime is QNN (SNPE before it), Apple silicon runs through MPS, AMD GPUs through ROCm.
 * Unknown names are kept, lower-cased (the schema allows others).
 */
const ALIASES: Array<[RegExp, string]> = [
  [/^(cuda|nvidia|gpu)(:\d+)?$/, 'cuda'],
  [/^(qualcomm|qnn|snpe|qualcomm_ai)$/, 'qnn'],
  [/^(mps|apple|apple silicon|apple_silicon|metal)$/, 'mps'],
  [/^(rocm|amd|hip)$/, 'rocm'],
  [/^(openvino|ov)$/, 'openvino'],
  [/^webnn$/, 'webnn'],
  [/^webgpu$/, 'webgpu'],
  [/^(cpu|x86_64|x86|arm64|aarch64)$/, 'cpu'],
]

/** Spellings seen -> canonical name (files repeat a handful of spellings on every row). */
const seen = new Map<string, string>()

export function canonicalHardware(raw: string): string {
  let canonical = seen.get(raw)
  if (canonical !== undefined) return canonical
  const s = raw.trim().toLowerCase()
  canonical = s
  for (const [re, c] of ALIASES) {
    if (re.test(s)) {
      canonical = c
      break
    }
  }
  if (seen.size >= 4096) seen.clear()
  seen.set(raw, canonical)
  return canonical
}

/** Prefixes used in skill status maps (`cpu_init`, `apple_tests`, `qualcomm_handler`, ...). */
export const PLATFORM_PREFIXES = ['cpu', 'cuda', 'openvino', 'apple', 'qualcomm', 'mps', 'rocm', 'webnn', 'webgpu', 'qnn', 'amd']

/** A HardwareRef; when the file spelled the type differently, the spelling is kept in metadata. */
export function hardwareRef(raw: string, extra: Partial<HardwareRef> = {}): HardwareRef {
  const type = canonicalHardware(raw)
  // Copied key by key: object spread of these small, differently shaped objects took V8's slow
  // generic path (~5 us per row on the ingest hot path).
  const out = {} as HardwareRef
  for (const k in extra) (out as unknown as Record<string, unknown>)[k] = extra[k as keyof HardwareRef]
  out.type = type
  if (raw === type && !extra.metadata) {
    out.metadata = null
    return out
  }
  const metadata: JsonObject = {...(extra.metadata ?? {})}
  if (raw !== type) metadata.sourceName = raw
  out.metadata = Object.keys(metadata).length > 0 ? metadata : null
  return out
}
