/** Unit conversions to the schema's units: latency ms, memory MB, throughput items/s. */

export const MB_PER_GB = 1024

export function secondsToMs(seconds: number | null | undefined): number | null {
  return typeof seconds === 'number' ? seconds * 1000 : null
}

export function gbToMb(gb: number | null | undefined): number | null {
  return typeof gb === 'number' ? gb * MB_PER_GB : null
}

const NUMERIC_STRING = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/

/**
 * A number or null. A string that is exactly a decimal number ("12.5", " 3e-2 ") is read as that
 * number: runners write numbers as strings now and then, and every caller asks for a number
 * (never an identity). Anything else (NaN, "12 ms", "", "0x10") is null.
 */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  return typeof value === 'string' && NUMERIC_STRING.test(value) ? Number(value) : null
}

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

export function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null
}
