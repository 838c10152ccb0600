import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'

import {BenchDb} from '../../src/lib/db/bench-db.js'
import {writeBatch} from '../../src/lib/ingest/writer.js'
import {answer} from '../../src/lib/report/index.js'
import {compat, emptyDoc, perf, ref, sampleDb, type TempDb} from '../helpers/query.js'

describe('result cache of a long-lived process', () => {
  let db: TempDb
  let bench: BenchDb
  beforeAll(async () => {
    db = await sampleDb()
    bench = await BenchDb.open(db.path)
  })
  afterAll(() => {
    bench?.close()
    db?.cleanup()
  })

  test('serves identical requests until the data changes, with a fresh generation time', async () => {
    const request = {mode: 'report', report: 'summary'} as const
    const first = await answer(bench, request, {now: new Date('2026-01-01T00:00:00Z')})
    const second = await answer(bench, request, {now: new Date('2026-01-02T00:00:00Z')})
    expect(second.meta.generatedAt).toBe('2026-01-02T00:00:00.000Z')
    expect({...second, meta: {...second.meta, generatedAt: ''}}).toEqual({...first, meta: {...first.meta, generatedAt: ''}})

    const doc = emptyDoc('late-run', '2025-06-01T00:00:00Z')
    doc.performance.push(perf(ref.model('new-model', 'bert'), ref.hw('cpu'), 1, 5))
    doc.compatibility.push(compat(ref.model('new-model', 'bert'), ref.hw('cuda'), false, 'no kernel'))
    await bench.write((tx, dims) => writeBatch(tx, dims, [{path: 'late.json', sha256: null, sizeBytes: null, mtimeMs: null, category: 'performance', shape: 'test', status: 'ingested', doc}]))
    const third = await answer(bench, request)
    if (third.kind !== 'report' || third.report !== 'summary' || first.kind !== 'report' || first.report !== 'summary') throw new Error('wrong kind')
    expect(third.overview.models).toBe(first.overview.models + 1)
    expect(third.overview.lastMeasured).toBe('2025-06-01T00:00:00.000Z')
    expect(third.models.find((m) => m.model === 'new-model')).toMatchObject({incompatible: 1, compatible: 1})
  })

  test('a renamed family (an in-place update) also invalidates', async () => {
    const before = await answer(bench, {mode: 'matrix', by: 'family'})
    await bench.db.run(`UPDATE models SET model_family = 'renamed' WHERE model_name = 't5-small'`)
    const after = await answer(bench, {mode: 'matrix', by: 'family'})
    expect(before.kind === 'matrix' && before.rows).toContain('t5')
    expect(after.kind === 'matrix' && after.rows).toContain('renamed')
  })
})
