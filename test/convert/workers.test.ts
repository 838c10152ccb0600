import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {unpackRaw} from '../../src/lib/ingest/raw-document.js'
import {cleanup, runCli, tempDir} from '../helpers/convert.js'
import {starRowsText, writeCorpus} from '../helpers/star-rows-corpus.js'

interface Outcome {
  path: string
  status: string
  reason: string | null
  pointer: string | null
  expected: string | null
  notes: string[]
  rows: Record<string, number> | null
  duplicateOf: string | null
  category: string | null
  shape: string | null
  sha256: string | null
}

/** The CLI with a given worker count (0: all on the main thread), every file's outcome listed. */
function convert(input: string, db: string, workers: number): {code: number; files: Outcome[]} {
  const r = runCli(['db:convert', '--input-dir', input, '--db', db, '--json', '--verbose'], undefined, {BENCHDB_CONVERT_WORKERS: String(workers)})
  const json = JSON.parse(r.stdout) as {files: Outcome[]}
  return {code: r.code, files: json.files.map((f) => ({...f, path: f.path.slice(input.length)})).sort((a, b) => a.path.localeCompare(b.path))}
}

async function contents(db: string): Promise<unknown> {
  const bench = await BenchDb.open(db, {readOnly: true})
  try {
    const perf = await bench.db.all(`SELECT substr(s.path, length(s.path) - 20) AS p, m.model_name, h.hardware_type, r.batch_size, r.throughput_items_per_second, r.metrics::VARCHAR AS metrics
      FROM performance_results r JOIN source_files s USING (source_file_id) JOIN models m USING (model_id) JOIN hardware_platforms h USING (hardware_id) ORDER BY p, r.result_id`)
    const ledger = await bench.db.all(`SELECT substr(path, length(path) - 20) AS p, status, sha256, category, shape, reason, json_pointer, duplicate_of IS NOT NULL AS dup FROM source_files ORDER BY p`)
    return {perf, ledger}
  } finally {
    bench.close()
  }
}

describe('reading, hashing, parsing and classifying on worker threads', () => {
  let dir: string
  let input: string
  beforeAll(() => {
    dir = tempDir()
    input = join(dir, 'in')
    const paths = writeCorpus(input, 300)
    const odd = join(input, 'odd')
    mkdirSync(odd)
    copyFileSync(paths[7], join(odd, 'same_bytes_as_7.json'))
    writeFileSync(join(odd, 'nan.json'), starRowsText(5).replace('"throughput_items_per_second": ', '"throughput_items_per_second": NaN, "x": '))
    writeFileSync(join(odd, 'truncated.json'), starRowsText(6).slice(0, 300))
    writeFileSync(join(odd, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(starRowsText(9))]))
    writeFileSync(join(odd, 'wrong_type.json'), JSON.stringify([{model_name: 'bert-base-uncased', hardware_type: 'cpu', throughput_items_per_second: 'fast'}]))
    writeFileSync(join(odd, 'unknown_layout.json'), '{"not": "a known layout"}')
    writeFileSync(join(odd, 'empty.json'), '')
  })
  afterAll(() => cleanup(dir))

  test('every file gets the same answer, and the database the same rows, as on the main thread alone', async () => {
    const threaded = convert(input, join(dir, 'threaded.duckdb'), 2)
    const inline = convert(input, join(dir, 'inline.duckdb'), 0)
    expect(threaded.code).toBe(1) // rejected files
    expect(threaded.files).toHaveLength(307)
    expect(threaded.files).toEqual(inline.files)
    const by = Object.fromEntries(threaded.files.map((f) => [f.path.split('/').pop(), f]))
    expect(by['same_bytes_as_7.json'].status).toBe('duplicate')
    expect(by['nan.json']).toMatchObject({status: 'rejected', pointer: '/0/throughput_items_per_second'})
    expect(by['truncated.json'].status).toBe('rejected')
    expect(by['bom.json']).toMatchObject({status: 'ingested', notes: [expect.stringMatching(/byte order mark/)]})
    expect(by['wrong_type.json']).toMatchObject({status: 'rejected', shape: 'star_rows', pointer: '/0/throughput_items_per_second'})
    expect(by['unknown_layout.json'].status).toBe('unrecognized')
    expect(by['empty.json']).toMatchObject({status: 'rejected', reason: expect.stringMatching(/empty file/)})
    expect(threaded.files.filter((f) => f.status === 'ingested')).toHaveLength(301)
    expect(await contents(join(dir, 'threaded.duckdb'))).toEqual(await contents(join(dir, 'inline.duckdb')))
  }, 60_000)

  test('raw documents come back byte for byte, and a changed file becomes a new version', async () => {
    const db = join(dir, 'threaded.duckdb')
    const target = join(input, 'odd', 'bom.json')
    const bench = await BenchDb.open(db, {readOnly: true})
    try {
      const reader = await bench.db.connection.runAndReadAll(`SELECT raw_encoding, raw_document FROM source_files WHERE path = ?`, [target])
      const [enc, blob] = reader.getRows()[0] as [string, {bytes: Uint8Array}]
      expect(unpackRaw(enc, blob.bytes).equals(readFileSync(target))).toBe(true)
    } finally {
      bench.close()
    }
    writeFileSync(target, starRowsText(4242))
    const again = convert(input, db, 2)
    const changed = again.files.find((f) => f.path.endsWith('bom.json'))!
    expect(changed).toMatchObject({status: 'ingested', replacesVersion: true})
    expect(again.files.filter((f) => f.status === 'unchanged')).toHaveLength(301)
  }, 60_000)
})
