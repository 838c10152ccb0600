import {describe, expect, test, beforeAll} from '@jest/globals'
import {copyFileSync} from 'node:fs'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {checkIntegrity, type ProblemKind} from '../../src/lib/maintain/integrity.js'
import {runCli, tempDir} from '../helpers/maintain.js'

describe('--check-integrity', () => {
  let root: string
  let clean: string

  beforeAll(async () => {
    root = tempDir()
    clean = join(root, 'clean.duckdb')
    await createDatabase(clean, {sampleData: true})
  })

  test('finds nothing on a clean database (sample data in every table), exit 0', async () => {
    const res = await checkIntegrity(clean)
    expect(res.problems).toEqual([])
    expect(res.ok).toBe(true)
    const r = runCli(['db:maintain', '--db', clean, '--check-integrity'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/Integrity: \d+ checks, no problems/)
  })

  // Each problem is planted alone in a fresh copy, so each check is shown to fire on its own.
  const plants: Array<{name: string; sql: string[]; kind: ProblemKind; table: string; check: RegExp}> = [
    {name: 'orphan model id', sql: ['UPDATE performance_results SET model_id = 99999 WHERE result_id = 7'], kind: 'orphan-foreign-key', table: 'performance_results', check: /model_id refers to a missing models row/},
    {name: 'orphan assertion parent', sql: ['UPDATE integration_test_assertions SET test_result_id = 424242 WHERE assertion_id = (SELECT min(assertion_id) FROM integration_test_assertions)'], kind: 'orphan-foreign-key', table: 'integration_test_assertions', check: /test_result_id refers to a missing/},
    {name: 'fact row without ledger row', sql: ['UPDATE hardware_compatibility SET source_file_id = NULL WHERE compatibility_id = 3'], kind: 'missing-ledger-row', table: 'hardware_compatibility', check: /no ledger/},
    {name: 'rows_written does not match', sql: ['DELETE FROM performance_batch_results WHERE batch_id = 5'], kind: 'ledger-count-mismatch', table: 'source_files', check: /performance_batch_results: expected \d+, found \d+/},
    {name: 'duplicate result', sql: [`INSERT INTO performance_results SELECT * REPLACE (nextval('seq_result_id') AS result_id) FROM performance_results WHERE result_id = 9`], kind: 'duplicate-result', table: 'performance_results', check: /repeating another row/},
    {name: 'same bytes ingested twice', sql: [`INSERT INTO source_files (source_file_id, path, sha256, status, rows_written) SELECT nextval('seq_source_file_id'), path || '.copy', sha256, 'ingested', '{}' FROM source_files WHERE source_file_id = 1`], kind: 'duplicate-result', table: 'source_files', check: /ingested more than once/},
    {name: 'negative latency', sql: ['UPDATE performance_results SET average_latency_ms = -2.5 WHERE result_id = 11'], kind: 'impossible-value', table: 'performance_results', check: /average_latency_ms is negative/},
    {name: 'zero throughput', sql: ['UPDATE performance_results SET throughput_items_per_second = 0 WHERE result_id = 12'], kind: 'impossible-value', table: 'performance_results', check: /throughput_items_per_second is zero or negative/},
    {name: 'percentiles out of order', sql: ['UPDATE performance_results SET latency_p50_ms = 10, latency_p90_ms = 5, latency_p99_ms = 20 WHERE result_id = 13'], kind: 'impossible-value', table: 'performance_results', check: /percentiles out of order/},
    {name: 'simulated row marked real', sql: [`UPDATE performance_results SET metrics = '{"simulated": true}' WHERE result_id = (SELECT min(result_id) FROM performance_results WHERE NOT is_simulated)`], kind: 'simulated-marked-real', table: 'performance_results', check: /marked real/},
    {name: 'rows of a superseded file still present', sql: [`UPDATE source_files SET status = 'superseded' WHERE source_file_id = 2`], kind: 'ledger-count-mismatch', table: 'test_runs', check: /not ingested/},
  ]

  for (const plant of plants) {
    test(`finds: ${plant.name}`, async () => {
      const file = join(root, `${plant.name.replace(/\W+/g, '-')}.duckdb`)
      copyFileSync(clean, file)
      const bench = await BenchDb.open(file)
      for (const sql of plant.sql) await bench.db.run(sql)
      await bench.checkpoint()
      bench.close()
      const res = await checkIntegrity(file)
      expect(res.ok).toBe(false)
      const hit = res.problems.find((p) => p.kind === plant.kind && p.table === plant.table && plant.check.test(p.check))
      expect(hit).toBeDefined()
      expect(hit!.count).toBeGreaterThanOrEqual(1)
    })
  }

  test('the CLI lists each problem and exits 1', async () => {
    const file = join(root, 'cli.duckdb')
    copyFileSync(clean, file)
    const bench = await BenchDb.open(file)
    await bench.db.run('UPDATE performance_results SET average_latency_ms = -1 WHERE result_id = 2')
    await bench.db.run('UPDATE performance_results SET throughput_items_per_second = -5 WHERE result_id = 3')
    await bench.checkpoint()
    bench.close()
    const r = runCli(['db:maintain', '--db', file, '--check-integrity', '--json'])
    expect(r.status).toBe(1)
    const out = JSON.parse(r.stdout)
    expect(out.integrity.problems.map((p: {check: string; examples: number[]}) => [p.check, p.examples])).toEqual([
      ['performance_results.average_latency_ms is negative', [2]],
      ['performance_results.throughput_items_per_second is zero or negative', [3]],
    ])
  })
})
