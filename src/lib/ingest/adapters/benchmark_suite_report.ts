import {detect, validate} from '../../../schema/formats/benchmark_suite_report.js'
import {fileStem, isObject, newDocument, rest, runMetadata} from '../normalize/document.js'
import {mapFunctionalityReport, oneRowPerPair, statsTimestamp} from '../normalize/functionality.js'
import {hardwareRef} from '../normalize/hardware.js'
import {modelRef} from '../normalize/model.js'
import {simulatedHardware} from '../normalize/simulation.js'
import {parseStatusOrError} from '../normalize/status.js'
import {timeRange} from '../normalize/time.js'
import {str} from '../normalize/units.js'
import type {JsonObject, ModelRef, ShapeAdapter} from '../types.js'

export const benchmarkSuiteReportAdapter: ShapeAdapter = {
  name: 'benchmark_suite_report',
  category: 'compatibility',
  priority: 50,
  description: 'Suite report: models map (key -> canonical id), functionality_verification.<suite> reports, performance_benchmarks.<family> status, detected and simulated hardware',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const simSet = simulatedHardware(d)
    const out = newDocument({testName: fileStem(ctx), testType: 'benchmark_suite', metadata: {}})
    // The models map turns keys (`bert`) used everywhere else in the file into canonical ids.
    const models: Record<string, ModelRef> = {}
    for (const [key, m] of Object.entries(d.models as Record<string, Record<string, unknown>>)) {
      models[key] = modelRef(m.name as string, {family: str(m.family), modality: str(m.modality), metadata: {key, ...rest(m, ['name', 'family', 'modality'])} as JsonObject})
      out.models.push(models[key])
    }
    const times: unknown[] = [d.timestamp]
    for (const [suite, report] of Object.entries(d.functionality_verification as Record<string, Record<string, unknown>>)) {
      times.push(statsTimestamp(report))
      out.compatibility.push(...mapFunctionalityReport(report, {models, simulatedSet: simSet, suite}))
    }
    out.compatibility = oneRowPerPair(out.compatibility)
    for (const [family, res] of Object.entries(isObject(d.performance_benchmarks) ? d.performance_benchmarks : {})) {
      if (!isObject(res)) continue
      const parsed = parseStatusOrError(String(res.status ?? 'error'))
      out.integration.push({
        testModule: 'performance_benchmarks',
        testName: family,
        status: parsed.status,
        errorMessage: parsed.passed ? null : str(res.error) ?? parsed.detail,
        metadata: rest(res, ['status', 'error']),
        simulated: false,
      })
    }
    for (const [hw, present] of Object.entries(isObject(d.hardware_detected) ? d.hardware_detected : {})) {
      if (present === true) out.hardwarePlatforms.push(hardwareRef(hw, {metadata: {detected: true, simulated: simSet.has(hardwareRef(hw).type)}}))
    }
    const {startedAt, completedAt} = timeRange(times)
    out.run.startedAt = startedAt
    out.run.completedAt = completedAt
    out.run.metadata = runMetadata(ctx, startedAt !== null, {
      ...rest(d, ['models', 'functionality_verification', 'performance_benchmarks']),
      functionalityStats: Object.fromEntries(Object.entries(d.functionality_verification as Record<string, Record<string, unknown>>).map(([k, v]) => [k, (v.stats ?? null) as JsonObject])),
    })
    return out
  },
}
