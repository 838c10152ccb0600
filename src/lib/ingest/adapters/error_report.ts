import {detect, validate} from '../../../schema/formats/error_report.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {lastErrorLine} from '../normalize/status.js'
import {toIsoUtc} from '../normalize/time.js'
import type {ShapeAdapter} from '../types.js'

/** The failing module is the outermost test file in the traceback (`File ".../test_x.py"`), else the file name. */
function moduleFromTraceback(tb: string): string | null {
  const m = /File "[^"]*?([\w]+)\.py"/.exec(tb)
  return m ? m[1] : null
}

export const errorReportAdapter: ShapeAdapter = {
  name: 'error_report',
  category: 'integration',
  priority: 40,
  description: 'A test run that crashed: {status: "Error", error, traceback, timestamp} -> one integration row with status error',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, string>
    const startedAt = toIsoUtc(d.timestamp)
    const module = moduleFromTraceback(d.traceback) ?? fileStem(ctx)
    const out = newDocument({testName: fileStem(ctx), testType: 'integration', startedAt, success: false, metadata: runMetadata(ctx, startedAt !== null)})
    out.integration.push({
      testModule: module,
      testName: 'run',
      status: 'error',
      errorMessage: d.error,
      errorTraceback: d.traceback,
      metadata: {statusText: d.status, errorType: lastErrorLine(d.traceback).errorType, ...rest(d, ['status', 'error', 'traceback', 'timestamp'])},
      simulated: false,
    })
    return out
  },
}
