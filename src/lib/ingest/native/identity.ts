import {hardwareRef} from '../normalize/hardware.js'
import {modelRef} from '../normalize/model.js'
import type {HardwareRef, ModelRef} from '../types.js'

export type NativeModel = string | {name: string; family?: string; modality?: string; parameters_million?: number}
export type NativeBenchmark = string | {name: string; params?: Record<string, string | number | boolean | null>}
export type NativeHardware = string | {type: string; device?: string; memory_gb?: number; driver_version?: string}

export function nativeModel(m: NativeModel): ModelRef {
  if (typeof m === 'string') return modelRef(m)
  const ref = modelRef(m.name, {family: m.family ?? null, modality: m.modality ?? null})
  if (m.parameters_million !== undefined) ref.parametersMillion = m.parameters_million
  return ref
}

/**
 * A non-model benchmark is its own series identity (the shared contract): its name with its
 * parameters, in key order so the same parameters written in another order are the same series.
 */
export function benchmarkModel(b: NativeBenchmark, tool: string): ModelRef {
  const name = typeof b === 'string' ? b : b.name
  const params = typeof b === 'string' ? {} : b.params ?? {}
  const keys = Object.keys(params).sort()
  const full = keys.length ? `${name}[${keys.map((k) => `${k}=${String(params[k])}`).join(',')}]` : name
  return {name: full, modality: 'benchmark', source: tool, family: null, metadata: keys.length ? {benchmark: name, params} : null}
}

/** Named hardware; a benchmark that names none ran on the CPU of the machine (the shared contract). */
export function nativeHardware(h: NativeHardware | undefined): HardwareRef {
  if (h === undefined) return hardwareRef('cpu')
  if (typeof h === 'string') return hardwareRef(h)
  return hardwareRef(h.type, {deviceName: h.device ?? null, memoryGb: h.memory_gb ?? null, driverVersion: h.driver_version ?? null})
}
