import {detect, validate} from '../../../schema/formats/skill_test_runner.js'
import {fileStem, isObject, newDocument, rest, runMetadata} from '../normalize/document.js'
import {addSkillResult, modelKeyFromTestFile} from '../normalize/skillResult.js'
import {toIsoUtc} from '../normalize/time.js'
import {num, str} from '../normalize/units.js'
import type {JsonObject, ShapeAdapter} from '../types.js'

export const skillTestRunnerAdapter: ShapeAdapter = {
  name: 'skill_test_runner',
  category: 'performance',
  priority: 50,
  description: 'Skill test runner output: skill_tests.<file> with return_code/stdout/stderr and json_result (a status map)',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'skill_test',
      startedAt,
      commandLine: str(d.command),
      metadata: runMetadata(ctx, startedAt !== null, rest(d, ['skill_tests', 'timestamp', 'command'])),
    })
    const perFile: JsonObject = {}
    for (const [file, t] of Object.entries(d.skill_tests as Record<string, Record<string, unknown>>)) {
      const module = file.replace(/\.py$/, '')
      const key = modelKeyFromTestFile(file)
      // The process itself is one test; its json_result's checks are more.
      out.integration.push({
        testModule: module,
        testName: 'run',
        // No return code: the process outcome is unknown, which is not a pass.
        status: t.return_code === 0 ? 'pass' : typeof t.return_code === 'number' ? 'fail' : 'error',
        executionTimeSeconds: num(t.elapsed_time),
        errorMessage: t.return_code === 0 ? null : str(t.stderr) || (typeof t.return_code === 'number' ? null : 'no return_code in the result'),
        metadata: rest(t, ['json_result', 'elapsed_time']) as JsonObject,
        simulated: false,
      })
      if (isObject(t.json_result)) {
        const jr = t.json_result
        addSkillResult(out, {status: rest(jr, ['metadata']), metadata: {...(isObject(jr.metadata) ? jr.metadata : {})}}, module, key)
      }
      perFile[file] = {elapsed_time: num(t.elapsed_time)}
    }
    out.run.success = out.integration.every((r) => r.status !== 'fail' && r.status !== 'error')
    return out
  },
}
