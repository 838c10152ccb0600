import {afterAll, describe, expect, test} from '@jest/globals'
import {join} from 'node:path'
import {bench, tempDir} from '../helpers/cli.js'
import {pythonApiQuery} from '../helpers/contract.js'
import {openBenchDb} from '../../src/index.js'
import {sampleDocuments} from '../../src/lib/db/sample-data.js'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe('library entry point', () => {
  test("the predecessor README's Python API query runs unchanged and returns the right averages", async () => {
    const path = join(tmp.dir, 'api.duckdb')
    expect(bench(['db:create', '--output', path, '--sample-data']).status).toBe(0)

    // Expected averages computed from the sample's inputs, not from SQL.
    const sums = new Map<string, {sum: number; n: number}>()
    for (const {doc} of sampleDocuments()) {
      for (const p of doc.performance) {
        const key = `${p.model.name}|${p.hardware.type}`
        const s = sums.get(key) ?? {sum: 0, n: 0}
        s.sum += p.throughputItemsPerSecond!
        s.n++
        sums.set(key, s)
      }
    }

    const b = await openBenchDb(path, {readOnly: true})
    try {
      const rows = await b.db.all<{model_name: string; hardware_type: string; avg_throughput: number}>(pythonApiQuery())
      expect(rows.length).toBe(sums.size)
      for (const r of rows) {
        const s = sums.get(`${r.model_name}|${r.hardware_type}`)!
        expect(r.avg_throughput).toBeCloseTo(s.sum / s.n, 9)
      }
      // Incompatible pairs have no performance rows (llama cannot run on qnn or webnn in the sample).
      expect(rows.some((r) => r.model_name === 'meta-llama/Llama-3.2-1B' && r.hardware_type === 'webnn')).toBe(false)
    } finally {
      b.close()
    }
  })

  test('runs real ESM (import.meta and top-level await work under jest)', async () => {
    expect(typeof import.meta.url).toBe('string')
    const mod = await import('../../src/lib/version.js')
    expect(mod.BENCHDB_VERSION).toMatch(/^\d+\.\d+\.\d+/)
  })
})
