import {detect, validate} from '../../../schema/formats/model_platform_checks.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelFrom} from '../normalize/model.js'
import {isSimulated, simulatedHardware} from '../normalize/simulation.js'
import {lastErrorLine} from '../normalize/status.js'
import {timeRange} from '../normalize/time.js'
import {str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

/** A model id with a slash or dash is canonical (`prajjwal1/bert-tiny`); a bare key (`bert`) is flagged. */
function model(name: string) {
  return /[/-]/.test(name) ? modelFrom(name, name) : modelFrom(null, name)
}

export const modelPlatformChecksAdapter: ShapeAdapter = {
  name: 'model_platform_checks',
  category: 'compatibility',
  priority: 40,
  description: 'Model-on-platform checks {model, platform, success} (list, or one with error/traceback): one compatibility row each',
  detect,
  validate,
  map(doc, ctx) {
    const checks = (Array.isArray(doc) ? doc : [doc]) as Array<Record<string, unknown>>
    const simSet = simulatedHardware(Array.isArray(doc) ? {} : doc)
    const {startedAt, completedAt} = timeRange(checks.map((c) => c.timestamp))
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'compatibility',
      startedAt,
      completedAt,
      success: checks.every((c) => c.success === true),
      metadata: runMetadata(ctx, startedAt !== null),
    })
    for (const c of checks) {
      const hardware = hardwareRef(c.platform as string)
      const err = c.success === true ? {errorType: null, message: null} : lastErrorLine(str(c.stderr) || str(c.traceback) || str(c.error))
      out.compatibility.push({
        model: model(c.model as string),
        hardware,
        isCompatible: c.success as boolean,
        errorMessage: str(c.error) ?? err.message,
        errorType: err.errorType,
        metadata: rest(c, ['model', 'platform', 'success', 'error']) as JsonObject,
        simulated: isSimulated({isSimulation: c.is_simulation, implementationType: c.implementation_type, hardwareType: hardware.type, simulatedSet: simSet}),
      })
    }
    return out
  },
}
