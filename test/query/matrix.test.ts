import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'

import {BenchDb} from '../../src/lib/db/bench-db.js'
import {SAMPLE_HARDWARE, SAMPLE_MODELS, SAMPLE_RUN_DATES} from '../../src/lib/db/sample-data.js'
import {compatibilityMatrix, matrixCell} from '../../src/lib/report/index.js'
import {addDocuments, compat, emptyDoc, ref, sampleDb, type TempDb, useSampleBench} from '../helpers/query.js'

const LAST = new Date(SAMPLE_RUN_DATES[2]).toISOString()

describe('compatibility matrix on the sample database', () => {
  const sample = useSampleBench()

  test('every model x hardware cell; simulated-only qnn is untested, never incompatible', async () => {
    const m = await compatibilityMatrix(sample.bench)
    expect(m.rows).toEqual(SAMPLE_MODELS.map((x) => x.name).sort())
    expect(m.hardware).toEqual(SAMPLE_HARDWARE.map((h) => h.type))
    expect(m.cells).toHaveLength(m.rows.length * m.hardware.length)
    expect(m.totals).toEqual({compatible: 40, incompatible: 2, partial: 0, untested: 6})
    for (const row of m.rows) {
      const qnn = matrixCell(m, row, 'qnn')!
      expect(qnn).toMatchObject({state: 'untested', compatible: 0, incompatible: 0, latestEvidenceAt: null, latestFailure: null})
    }
    expect(matrixCell(m, 'openai/whisper-tiny', 'webnn')).toMatchObject({
      state: 'incompatible', incompatible: 3, compatible: 0, latestFailure: 'Unsupported operator: STFT',
      latestErrorType: 'unsupported', latestFailureAt: LAST, latestEvidenceAt: LAST,
    })
    // 3 compatibility tests + 9 benchmark results (3 batch sizes x 3 runs)
    expect(matrixCell(m, 'bert-base-uncased', 'cuda')).toMatchObject({state: 'compatible', compatible: 12, benchmarks: 9, latestEvidenceAt: LAST})
    // qnn: 6 models x 3 runs of compatibility + 5 compatible models x 9 results
    expect(m.meta.simulatedExcluded).toBe(6 * 3 + 5 * 9)
  })

  test('with simulated rows included, qnn shows llama incompatible', async () => {
    const m = await compatibilityMatrix(sample.bench, {filters: {includeSimulated: true}})
    expect(m.totals).toEqual({compatible: 45, incompatible: 3, partial: 0, untested: 0})
    expect(matrixCell(m, 'meta-llama/Llama-3.2-1B', 'qnn')?.latestFailure).toBe('Model exceeds the 4 GB QNN context binary limit')
    expect(m.meta.simulatedIncluded).toBe(true)
  })

  test('by family aggregates models; drill-down with --model keeps one row', async () => {
    const f = await compatibilityMatrix(sample.bench, {by: 'family'})
    expect(f.rows).toEqual(['bert', 'clip', 'llama', 't5', 'vit', 'whisper'])
    expect(matrixCell(f, 'llama', 'webnn')?.state).toBe('incompatible')
    expect(matrixCell(f, 'bert', 'cpu')).toMatchObject({state: 'compatible', models: 1, compatible: 12})
    const one = await compatibilityMatrix(sample.bench, {filters: {model: 'openai/whisper-tiny'}})
    expect(one.rows).toEqual(['openai/whisper-tiny'])
    expect(one.cells.map((c) => c.state)).toEqual(['compatible', 'compatible', 'compatible', 'compatible', 'compatible', 'untested', 'incompatible', 'compatible'])
  })
})

describe('compatibility matrix with mixed evidence', () => {
  let db: TempDb
  let bench: BenchDb
  beforeAll(async () => {
    db = await sampleDb()
    const bert = ref.model('bert-base-uncased', 'bert')
    const t5 = ref.model('t5-small', 't5')
    const doc1 = emptyDoc('extra-1', '2025-04-01T00:00:00Z')
    doc1.compatibility.push(compat(bert, ref.hw('openvino'), false, 'OpenVINO plugin crashed'))
    doc1.compatibility.push(compat(t5, ref.hw('qnn'), false, 'QNN op missing'))
    doc1.hardwarePlatforms.push(ref.hw('tpu'))
    doc1.models.push(ref.model('untested-model', 'bert'))
    const doc2 = emptyDoc('extra-2', '2025-04-05T00:00:00Z')
    doc2.compatibility.push(compat(bert, ref.hw('openvino'), false, 'OpenVINO plugin crashed again'))
    doc2.compatibility.push(compat(t5, ref.hw('qnn'), true))
    await addDocuments(db.path, [doc1, doc2])
    bench = await BenchDb.open(db.path, {readOnly: true})
  })
  afterAll(() => {
    bench?.close()
    db?.cleanup()
  })

  test('partial cells carry the latest failure and the latest evidence date', async () => {
    const m = await compatibilityMatrix(bench)
    expect(matrixCell(m, 'bert-base-uncased', 'openvino')).toMatchObject({
      state: 'partial', compatible: 12, incompatible: 2, latestFailure: 'OpenVINO plugin crashed again',
      latestFailureAt: '2025-04-05T00:00:00.000Z', latestEvidenceAt: '2025-04-05T00:00:00.000Z', suggestedFix: 'update the driver',
    })
    // real (non-simulated) qnn evidence: failed, then passed -> partial, failure reason kept
    expect(matrixCell(m, 't5-small', 'qnn')).toMatchObject({
      state: 'partial', compatible: 1, incompatible: 1, latestFailure: 'QNN op missing', latestFailureAt: '2025-04-01T00:00:00.000Z',
      latestEvidenceAt: '2025-04-05T00:00:00.000Z',
    })
    // a hardware type nobody tested appears as untested, not as 0 or incompatible; a model nobody
    // tested is left out and counted, and with --all (filters.all) it is a row of untested cells
    expect(m.hardware).toContain('tpu')
    expect(m.rows).not.toContain('untested-model')
    expect(m.hiddenRows).toBe(1)
    expect(m.totals.partial).toBe(2)
    const all = await compatibilityMatrix(bench, {filters: {all: true}})
    expect([all.rows.length, all.hiddenRows]).toEqual([m.rows.length + 1, 0])
    expect(all.cells.filter((c) => c.hardware === 'tpu' || c.row === 'untested-model').every((c) => c.state === 'untested')).toBe(true)
    expect(all.cells.filter((c) => c.row === 'untested-model')).toHaveLength(all.hardware.length)
  })

  test('--since narrows the evidence', async () => {
    const m = await compatibilityMatrix(bench, {filters: {since: '2025-04-02'}})
    expect(matrixCell(m, 'bert-base-uncased', 'openvino')).toMatchObject({state: 'incompatible', incompatible: 1, compatible: 0})
    expect(matrixCell(m, 't5-small', 'qnn')?.state).toBe('compatible')
    expect(matrixCell(m, 'bert-base-uncased', 'cpu')?.state).toBe('untested')
  })

  test('family cells combine the evidence of their models', async () => {
    const m = await compatibilityMatrix(bench, {by: 'family', filters: {family: 'bert'}})
    expect(m.rows).toEqual(['bert'])
    expect(matrixCell(m, 'bert', 'openvino')).toMatchObject({state: 'partial', models: 1, latestFailure: 'OpenVINO plugin crashed again'})
  })
})
