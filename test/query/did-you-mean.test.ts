import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {join} from 'node:path'
import {bench, tempDir} from '../helpers/cli.js'
import {closest, didYouMean} from '../../src/lib/util/did-you-mean.js'

describe('closest', () => {
  const models = ['bert-base-uncased', 'bert-large-uncased', 'distilbert-base-uncased', 't5-small', 'vit-base-patch16-224']
  test('a one-letter typo finds the model; nothing far away is offered', () => {
    expect(closest('bert-base-uncase', models)[0]).toBe('bert-base-uncased')
    expect(closest('whisper-tiny', models)).toEqual([])
  })
  test('case differences rank first, then containment, then edit distance', () => {
    expect(closest('T5-SMALL', models)).toEqual(['t5-small'])
    expect(closest('vit-base', models)).toEqual(['vit-base-patch16-224'])
    expect(closest('tpu', ['cpu', 'cuda', 'mps', 'webgpu'])).toEqual(['cpu', 'mps'])
  })
  test('the sentence names one, two or three values', () => {
    expect(didYouMean([])).toBe('')
    expect(didYouMean(['a'])).toBe('did you mean "a"?')
    expect(didYouMean(['a', 'b', 'c'])).toBe('did you mean "a", "b" or "c"?')
  })
})

describe('unknown names in db:query filters are usage errors with suggestions from the database', () => {
  let tmp: ReturnType<typeof tempDir>
  let db: string
  beforeAll(() => {
    tmp = tempDir()
    db = join(tmp.dir, 'b.duckdb')
    expect(bench(['db:create', '--db', db, '--sample-data']).status).toBe(0)
  })
  afterAll(() => tmp.cleanup())

  test.each([
    [['--report', 'performance', '--model', 'bert-base-uncase'], '--model "bert-base-uncase": no model of that name in the database; did you mean "bert-base-uncased"?'],
    [['--compatibility-matrix', '--family', 'bertt'], '--family "bertt": no family of that name in the database; did you mean "bert"?'],
    [['--report', 'summary', '--hardware', 'cudaa'], '--hardware "cudaa": no hardware type of that name in the database; did you mean "cuda"?'],
    [['--model', 'bert-base-uncased', '--compare-hardware', '--baseline', 'tpu'], '--baseline "tpu": no hardware type of that name in the database; did you mean "cpu" or "mps"?'],
  ])('%j', (args, message) => {
    const r = bench(['db:query', '--db', db, ...args])
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.split('\n')[0]).toBe(`Error: ${message}`)
  })

  test('a known name in another case is not an error', () => {
    const r = bench(['db:query', '--db', db, '--report', 'performance', '--model', 'BERT-BASE-UNCASED', '--json'])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).rows.length).toBeGreaterThan(0)
  })
})
