/** Unit conversions to the schema's units: latency ms, memory MB, throughput items/s. */

export const MB_PER_GB = 1024

export function secondsToMs(seconds: number | null | undefined): number | null {
  return typeof seconds === 'number' ? seconds * 1000 : null
}

export function gbToMb(gb: number | null | undefined): number | null {
  return typeof gb === 'number' ? gb * MB_PER_GB : null
}

/** A number or null: never coerces strings, so a string where a number belongs stays visible. */
export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

export function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null
}
