import {canonicalHardware} from './hardware.js'
import {isSimulatedImplementation} from './status.js'

/**
 * Which hardware a document declares simulated: `simulated_hardware: [...]` and
 * `warnings: [{type: 'simulation', affected_hardware: [...]}]` (canonical names).
 */
export function simulatedHardware(doc: unknown): Set<string> {
  const out = new Set<string>()
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return out
  const o = doc as Record<string, unknown>
  if (Array.isArray(o.simulated_hardware)) for (const h of o.simulated_hardware) if (typeof h === 'string') out.add(canonicalHardware(h))
  if (Array.isArray(o.warnings)) {
    for (const w of o.warnings) {
      const warning = w as Record<string, unknown> | null
      if (warning && warning.type === 'simulation' && Array.isArray(warning.affected_hardware)) {
        for (const h of warning.affected_hardware) if (typeof h === 'string') out.add(canonicalHardware(h))
      }
    }
  }
  return out
}

/** A row is simulated when any evidence says so (flags are OR-ed, never overridden to false). */
export function isSimulated(evidence: {
  isSimulation?: unknown
  implementationType?: unknown
  hardwareType?: string
  simulatedSet?: Set<string>
}): boolean {
  if (evidence.isSimulation === true) return true
  if (isSimulatedImplementation(evidence.implementationType)) return true
  if (evidence.hardwareType && evidence.simulatedSet?.has(evidence.hardwareType)) return true
  return false
}
