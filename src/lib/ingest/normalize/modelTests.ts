import type {IntegrationRow, JsonObject} from '../types.js'
import {rest} from './document.js'
import {modelFrom} from './model.js'
import {parseStatusOrError} from './status.js'
import {num, str} from './units.js'

/**
 * One model test `{status: "success"|"failed"|"error", elapsed_time, error, traceback, stdout,
 * stderr}` -> an integration row; module is the skill test of that model (`test_hf_<model>`).
 */
export function modelTestRow(modelKey: string, t: Record<string, unknown>, suite: string): IntegrationRow {
  const parsed = parseStatusOrError(String(t.status ?? 'error'))
  return {
    testModule: `test_hf_${modelKey}`,
    testClass: suite,
    testName: 'run',
    status: parsed.status,
    executionTimeSeconds: num(t.elapsed_time),
    model: modelFrom(null, modelKey),
    errorMessage: parsed.passed ? null : str(t.error) ?? lastLine(str(t.stderr)) ?? parsed.detail,
    errorTraceback: str(t.traceback) ?? (parsed.passed ? null : str(t.stderr)),
    metadata: rest(t, ['status', 'elapsed_time', 'error', 'traceback', 'model']) as JsonObject,
    simulated: false,
    assertions:
      typeof t.return_code === 'number' ? [{name: 'return_code', passed: t.return_code === 0, expectedValue: '0', actualValue: String(t.return_code)}] : [],
  }
}

function lastLine(s: string | null): string | null {
  const lines = (s ?? '').trim().split('\n')
  return lines[lines.length - 1] || null
}
