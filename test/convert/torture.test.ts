import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawn} from 'node:child_process'
import {existsSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {BIN, cleanup, runCli, tempDir} from '../helpers/convert.js'
import {writeCorpus} from '../helpers/star-rows-corpus.js'

/** Everything a clean run determines: counts per table, ledger by status, and a value checksum. */
async function fingerprint(db: string): Promise<Record<string, unknown>> {
  const bench = await BenchDb.open(db, {readOnly: true})
  try {
    const counts = Object.fromEntries((await bench.counts()).filter((c) => c.kind === 'table').map((c) => [c.name, c.rows]))
    const ledger = await bench.db.all(`SELECT status, count(*) AS n FROM source_files GROUP BY 1 ORDER BY 1`)
    const sums = await bench.db.one(`SELECT sum(throughput_items_per_second) AS t, sum(batch_size) AS b FROM performance_results`)
    return {counts, ledger, sums}
  } finally {
    bench.close()
  }
}

/** No half file: every ingested ledger row has exactly the rows it says it wrote, and no row lacks a ledger row. */
async function assertWhole(db: string): Promise<void> {
  const bench = await BenchDb.open(db, {readOnly: true})
  try {
    const bad = await bench.db.all(`
      SELECT s.source_file_id FROM source_files s
        LEFT JOIN (SELECT source_file_id, count(*) AS n FROM performance_results GROUP BY 1) p USING (source_file_id)
       WHERE s.status = 'ingested' AND coalesce(p.n, 0) <> CAST(s.rows_written->>'performance_results' AS INTEGER)`)
    expect(bad).toEqual([])
    const orphans = await bench.db.scalar<number>(`
      SELECT count(*) FROM performance_results p LEFT JOIN source_files s USING (source_file_id)
       WHERE s.source_file_id IS NULL OR s.status <> 'ingested'`)
    expect(orphans).toBe(0)
    const runs = await bench.db.scalar<number>(`SELECT count(*) FROM test_runs t JOIN source_files s USING (source_file_id) WHERE s.status <> 'ingested'`)
    expect(runs).toBe(0)
  } finally {
    bench.close()
  }
}

/**
 * Starts the CLI and SIGKILLs it once its write-ahead log has grown past `walBytes` (so the kill
 * lands while batches are being committed, not before the first one), or at `maxMs` at the latest.
 */
function killDuringWrites(args: string[], wal: string, walBytes: number, maxMs: number): Promise<number | string | null> {
  return new Promise((resolve) => {
    // The killed runs read and parse on worker threads (the clean reference run does not), so the
    // comparison at the end also proves both paths write the same database.
    const child = spawn(process.execPath, [BIN, ...args], {stdio: 'ignore', env: {...process.env, BENCHDB_CONVERT_WORKERS: '2'}})
    const started = Date.now()
    const sizeOf = () => {
      try {
        return statSync(wal).size
      } catch {
        return -1 // not created yet
      }
    }
    // A WAL left by the previous kill is replayed and checkpointed on open: wait until this
    // process has changed it before counting its size.
    const initial = sizeOf()
    let changed = false
    const poll = setInterval(() => {
      const size = sizeOf()
      if (size !== initial) changed = true
      if ((changed && size >= walBytes) || Date.now() - started > maxMs) child.kill('SIGKILL')
    }, 5)
    child.on('exit', (code, signal) => {
      clearInterval(poll)
      resolve(signal ?? code)
    })
  })
}

describe('kill -9 at random moments never leaves a half file', () => {
  let dir: string
  beforeAll(() => {
    dir = tempDir()
    writeCorpus(join(dir, 'in'), 240)
    writeFileSync(join(dir, 'in', 'bad.json'), '[{"model_name": "x", "hardware_type": "cpu", "average_latency_ms": NaN}]')
    writeFileSync(join(dir, 'in', 'odd.json'), '{"not": "a known layout"}')
  })
  afterAll(() => cleanup(dir))

  test('several SIGKILLs, then a final run: identical to one clean run into a fresh database', async () => {
    const db = join(dir, 'tortured.duckdb')
    const args = ['db:convert', '--input-dir', join(dir, 'in'), '--db', db, '--batch-files', '16']
    // Seeded so a failure can be replayed: each kill lands at a different amount of written WAL.
    let seed = 12345
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    // The clean reference run first: its duration scales the kill moments to this machine's speed.
    const clean = join(dir, 'clean.duckdb')
    const t0 = Date.now()
    expect(runCli(['db:convert', '--input-dir', join(dir, 'in'), '--db', clean, '--batch-files', '16'], undefined, {BENCHDB_CONVERT_WORKERS: '0'}).code).toBe(1)
    const duration = Date.now() - t0
    const outcomes: Array<number | string | null> = []
    const stages: number[] = []
    for (let i = 0; i < 5; i++) {
      outcomes.push(await killDuringWrites(args, `${db}.wal`, 16_384 + Math.floor(next() * 200_000), duration * 1.5))
      // The database opens after every crash, and holds only whole files.
      if (existsSync(db) && statSync(db).size > 0) {
        await assertWhole(db)
        stages.push(((await fingerprint(db)) as {counts: Record<string, number>}).counts.source_files)
      }
    }
    process.stderr.write(`torture: exits ${JSON.stringify(outcomes)}, ledger rows after each: ${JSON.stringify(stages)}, clean run ${duration} ms\n`)
    // The kills landed at different stages of the work (not all before start or after the end).
    expect(stages.some((n) => n > 0 && n < 242)).toBe(true)
    expect(outcomes.filter((o) => o === 'SIGKILL').length).toBeGreaterThanOrEqual(3)
    const final = runCli(args, undefined, {BENCHDB_CONVERT_WORKERS: '2'})
    expect(final.code).toBe(1) // bad.json is rejected
    await assertWhole(db)

    expect(await fingerprint(db)).toEqual(await fingerprint(clean))
    const fp = (await fingerprint(clean)) as {ledger: unknown}
    expect(fp.ledger).toEqual([{status: 'ingested', n: 240}, {status: 'rejected', n: 1}, {status: 'unrecognized', n: 1}])
  }, 90_000)
})

