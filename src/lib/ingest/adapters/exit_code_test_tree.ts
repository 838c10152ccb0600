import {detect, validate} from '../../../schema/formats/exit_code_test_tree.js'
import {fileStem, newDocument, rest, runMetadata} from '../normalize/document.js'
import {parseStatusOrError} from '../normalize/status.js'
import {toIsoUtc} from '../normalize/time.js'
import type {ShapeAdapter} from '../types.js'

type Leaf = {exit_code: number; status: string}

export const exitCodeTestTreeAdapter: ShapeAdapter = {
  name: 'exit_code_test_tree',
  category: 'integration',
  priority: 45,
  description: 'Test scripts by exit code: tests.<test> or tests.<group>.<test> = {exit_code, status}',
  detect,
  validate,
  map(doc, ctx) {
    const d = doc as Record<string, unknown>
    const startedAt = toIsoUtc(d.timestamp)
    const out = newDocument({
      testName: fileStem(ctx),
      testType: 'integration',
      startedAt,
      success: typeof d.success_count === 'number' && typeof d.total_tests === 'number' ? d.success_count === d.total_tests : null,
      metadata: runMetadata(ctx, startedAt !== null, rest(d, ['tests', 'timestamp'])),
    })
    const push = (module: string, name: string, leaf: Leaf) => {
      const parsed = parseStatusOrError(leaf.status)
      out.integration.push({
        testModule: module,
        testName: name,
        status: parsed.status,
        errorMessage: parsed.passed ? null : `exit code ${leaf.exit_code}`,
        metadata: {exitCode: leaf.exit_code, statusText: leaf.status},
        simulated: false,
        // The script's verdict is its exit code: recorded as an assertion expected 0.
        assertions: [{name: 'exit_code', passed: leaf.exit_code === 0, expectedValue: '0', actualValue: String(leaf.exit_code)}],
      })
    }
    for (const [name, node] of Object.entries(d.tests as Record<string, Record<string, unknown>>)) {
      if ('exit_code' in node) push(name, name, node as unknown as Leaf)
      else for (const [sub, leaf] of Object.entries(node)) push(name, sub, leaf as Leaf)
    }
    return out
  },
}
