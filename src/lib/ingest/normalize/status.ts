import type {TestStatus} from '../types.js'

/**
 * Status strings of the predecessor's test harness: `Success`, `Success (REAL)`,
 * `Success (MOCK)`, `Failed CPU initialization`, `Error: ...`, `CUDA not available`,
 * `Ready (REAL)`, `completed`, ... -> pass/fail/error/skip plus the implementation type in
 * parentheses. `(MOCK)` (and SIMULATED) means the result was simulated, not measured.
 */
export interface ParsedStatus {
  status: TestStatus
  passed: boolean
  /** REAL, MOCK, SIMULATED, ... as written inside the parentheses, upper-cased; null if absent. */
  implementation: string | null
  simulated: boolean
  /** The text after the verdict, e.g. the error message. */
  detail: string | null
  raw: string
}

const SIMULATED = /MOCK|SIMULAT/i

export function isSimulatedImplementation(impl: unknown): boolean {
  return typeof impl === 'string' && SIMULATED.test(impl)
}

/** Returns null when the string is not a status (e.g. `torch.float32`, generated text). */
export function parseStatus(raw: string): ParsedStatus | null {
  const s = raw.trim()
  const implMatch = /\(([A-Z][A-Z_ ]*)\)/.exec(s)
  const implementation = implMatch ? implMatch[1].trim() : null
  let status: TestStatus | null = null
  if (/^(success|succeeded|passed|pass|ok|completed|ready)\b/i.test(s)) status = 'pass'
  else if (/^(failed|failure|fail)\b/i.test(s)) status = 'fail'
  else if (/^error\b/i.test(s)) status = 'error'
  else if (/\bnot (available|installed)\b|^skipped\b/i.test(s)) status = 'skip'
  if (status === null) return null
  const detail = s.replace(/^(success|succeeded|passed|pass|ok|completed|ready|failed|failure|fail|error|skipped)\b:?\s*/i, '').trim()
  return {
    status,
    passed: status === 'pass',
    implementation,
    simulated: SIMULATED.test(s),
    detail: detail.length > 0 ? detail : null,
    raw,
  }
}

/** Like parseStatus, but anything unrecognised counts as an error whose message is the string. */
export function parseStatusOrError(raw: string): ParsedStatus {
  return parseStatus(raw) ?? {status: 'error', passed: false, implementation: null, simulated: false, detail: raw, raw}
}

export function statusFromBoolean(ok: boolean): TestStatus {
  return ok ? 'pass' : 'fail'
}

/** `IndentationError: expected ...` -> {type: 'IndentationError', message}: last error line of stderr. */
export function lastErrorLine(text: unknown): {errorType: string | null; message: string | null} {
  if (typeof text !== 'string' || text.trim() === '') return {errorType: null, message: null}
  const lines = text.trim().split('\n').map((l) => l.trim()).filter(Boolean)
  const last = lines[lines.length - 1]
  const m = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit)):\s*(.*)$/.exec(last)
  return m ? {errorType: m[1], message: last} : {errorType: null, message: last}
}
