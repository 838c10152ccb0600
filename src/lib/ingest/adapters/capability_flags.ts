import {detect, validate} from '../../../schema/formats/capability_flags.js'
import {fileStem, newDocument, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

/** Flags naming a hardware backend; the rest (torch, optimum-*, llama_cpp) are software, kept in run metadata. */
const HARDWARE_FLAGS = new Set(['cpu', 'cuda', 'rocm', 'mps', 'openvino', 'qnn', 'qualcomm', 'webnn', 'webgpu'])

export const capabilityFlagsAdapter: ShapeAdapter = {
  name: 'capability_flags',
  category: 'hardware',
  priority: 10,
  description: 'Flat map of capability flags (cuda, openvino, torch, optimum, ...): hardware_platforms for hardware flags that are true',
  detect,
  validate,
  map(doc, ctx) {
    const entries = Object.entries(doc as Record<string, unknown>)
    const flags = Object.fromEntries(entries.filter(([, v]) => typeof v === 'boolean' || v === null)) as JsonObject
    const other = Object.fromEntries(entries.filter(([, v]) => !(typeof v === 'boolean' || v === null))) as JsonObject
    const d = flags as Record<string, boolean | null>
    const out = newDocument({testName: fileStem(ctx), testType: 'capability_probe', startedAt: null, metadata: runMetadata(ctx, false, {flags, ...other})})
    for (const [k, v] of Object.entries(d)) if (v === true && HARDWARE_FLAGS.has(k)) out.hardwarePlatforms.push(hardwareRef(k, {metadata: {detected: true}}))
    return out
  },
}
