import {detect, validate} from '../../../schema/formats/skill_performance_metrics.js'
import {fileStem, isObject, newDocument, rest, runMetadata} from '../normalize/document.js'
import {PLATFORM_PREFIXES} from '../normalize/hardware.js'
import {addSkillResult, modelKeyFromTestFile} from '../normalize/skillResult.js'
import {parseStatusOrError} from '../normalize/status.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

/** Groups are per platform (`cpu: {cpu_init, implementation_type}`): unprefixed keys get the group's prefix. */
function flatten(groups: Record<string, unknown>): {map: JsonObject; other: JsonObject} {
  const map: JsonObject = {}
  const other: JsonObject = {}
  for (const [group, v] of Object.entries(groups)) {
    if (!PLATFORM_PREFIXES.includes(group) || !isObject(v)) {
      other[group] = v as JsonObject[string]
      continue
    }
    for (const [k, x] of Object.entries(v)) map[k.startsWith(group + '_') ? k : `${group}_${k}`] = x as JsonObject[string]
  }
  return {map, other}
}

export const skillPerformanceMetricsAdapter: ShapeAdapter = {
  name: 'skill_performance_metrics',
  category: 'performance',
  priority: 50,
  description: 'Per test file status + execution_time + performance_metrics.<platform> status maps',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const meta = isObject(d.metadata) ? d.metadata : {}
    const startedAt = toIsoUtc(meta.timestamp)
    const out = newDocument({testName: fileStem(ctx), testType: 'skill_test', startedAt, metadata: runMetadata(ctx, startedAt !== null, {metadata: meta as JsonObject})})
    const extras: JsonObject = {}
    for (const [file, r] of Object.entries(d.results as Record<string, Record<string, unknown>>)) {
      const module = file.split('/').pop()!.replace(/\.py$/, '')
      const parsed = parseStatusOrError(r.status as string)
      const pm = isObject(r.performance_metrics) ? r.performance_metrics : {}
      out.integration.push({
        testModule: module,
        testName: 'run',
        status: parsed.status,
        executionTimeSeconds: num(r.execution_time),
        errorMessage: parsed.passed ? null : str(r.error) ?? str(pm.error) ?? parsed.detail,
        errorTraceback: str(r.traceback),
        metadata: {testFile: file, ...rest(r, ['status', 'execution_time', 'performance_metrics', 'error', 'traceback'])},
        simulated: false,
      })
      const {map, other} = flatten(pm)
      if (Object.keys(other).length > 0) extras[file] = other
      if (Object.keys(map).length > 0) addSkillResult(out, {status: map}, module, modelKeyFromTestFile(file))
    }
    out.run.metadata = {...(out.run.metadata ?? {}), nonPlatformMetrics: extras}
    out.run.success = out.integration.every((r) => r.status !== 'fail' && r.status !== 'error')
    return out
  },
}
