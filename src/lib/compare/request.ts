import {BenchError} from '../errors.js'
import {FAIL_ON, parseAlpha, parseThreshold, type CompareOptions, type FailOn} from './compare.js'
import {COMPARE_FORMATS, type CompareFormat} from './render.js'

/**
 * A comparison request as text, the way the CLI flags and the API's query string carry it, turned
 * into CompareOptions with the same validation (usage errors) for both front ends.
 *
 *   GET /api/compare/runs?baseline=window:20&candidate=latest&metric=latency&threshold=5%&hardware=cuda
 */
export interface CompareRequest {
  baseline?: string
  candidate?: string
  metric?: string
  threshold?: string
  alpha?: string
  model?: string | string[]
  family?: string | string[]
  hardware?: string | string[]
  machine?: string | string[]
  includeSimulated?: string | boolean
  excludeRegressions?: string | boolean
  format?: string
  failOn?: string
}

export interface ParsedCompareRequest {
  options: CompareOptions
  format: CompareFormat
  failOn: FailOn
}

export const REQUEST_DEFAULTS = {baseline: 'window:20', candidate: 'latest', metric: 'throughput', threshold: '5%', alpha: '0.05'} as const

const list = (v: string | string[] | undefined): string[] | undefined => {
  const values = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean)
  return values.length ? values : undefined
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new BenchError('usage', `invalid ${name} "${value}"`, {expected: allowed.join(', ')})
  }
  return value as T
}

function bool(name: string, value: string | boolean | undefined): boolean {
  if (value === undefined || typeof value === 'boolean') return Boolean(value)
  if (['', 'true', '1', 'yes'].includes(value.toLowerCase())) return true
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false
  throw new BenchError('usage', `invalid ${name} "${value}"`, {expected: 'true or false'})
}

export function parseCompareRequest(request: CompareRequest): ParsedCompareRequest {
  return {
    options: {
      baseline: request.baseline ?? REQUEST_DEFAULTS.baseline,
      candidate: request.candidate ?? REQUEST_DEFAULTS.candidate,
      metric: request.metric ?? REQUEST_DEFAULTS.metric,
      threshold: parseThreshold(request.threshold ?? REQUEST_DEFAULTS.threshold),
      alpha: parseAlpha(request.alpha ?? REQUEST_DEFAULTS.alpha),
      filters: {models: list(request.model), families: list(request.family), hardware: list(request.hardware), machines: list(request.machine)},
      includeSimulated: bool('includeSimulated', request.includeSimulated),
      excludeRegressions: bool('excludeRegressions', request.excludeRegressions),
    },
    format: oneOf<CompareFormat>('format', request.format ?? 'json', COMPARE_FORMATS),
    failOn: oneOf<FailOn>('failOn', request.failOn ?? 'regression', FAIL_ON),
  }
}
