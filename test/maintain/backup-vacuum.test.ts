import {describe, expect, test, beforeAll} from '@jest/globals'
import {copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BenchDb} from '../../src/lib/db/bench-db.js'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {listBackups} from '../../src/lib/maintain/backup.js'
import {tableFingerprints} from '../../src/lib/maintain/fingerprint.js'
import {checkIntegrity} from '../../src/lib/maintain/integrity.js'
import {optimizeDatabase} from '../../src/lib/maintain/optimize.js'
import {vacuumDatabase} from '../../src/lib/maintain/vacuum.js'
import {hashTree, runCli, tempDir} from '../helpers/maintain.js'

async function snapshot(path: string) {
  const bench = await BenchDb.open(path, {readOnly: true})
  try {
    return {
      counts: await bench.counts(),
      fingerprints: await tableFingerprints(bench.db),
      perf: await bench.db.all('SELECT result_id, model_id, hardware_id, batch_size, average_latency_ms, throughput_items_per_second, is_simulated FROM performance_results ORDER BY result_id'),
    }
  } finally {
    bench.close()
  }
}

describe('--backup and --purge-backups', () => {
  let root: string
  let db: string

  beforeAll(async () => {
    root = tempDir()
    db = join(root, 'benchmark_db.duckdb')
    await createDatabase(db, {sampleData: true})
  })

  test('backup then restore (copy the file back) gives identical table counts and values', async () => {
    const before = await snapshot(db)
    const r = runCli(['db:maintain', '--db', db, '--backup', '--backup-dir', join(root, 'backups'), '--json'])
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.backup.path).toMatch(/benchmark_db-\d{8}T\d{6}Z$/)
    expect(existsSync(join(out.backup.path, 'backup.json'))).toBe(true)
    const restored = join(root, 'restored.duckdb')
    copyFileSync(out.backup.file, restored)
    const after = await snapshot(restored)
    expect(after.counts).toEqual(before.counts)
    expect(after.fingerprints).toEqual(before.fingerprints)
    expect(after.perf).toEqual(before.perf)
    expect(after.perf.length).toBeGreaterThan(100)
  })

  test('--restore-backup puts the backup back (after --yes) and refuses a damaged one', async () => {
    const before = await snapshot(db)
    const r = runCli(['db:maintain', '--db', db, '--backup', '--backup-dir', join(root, 'backups-r'), '--json'])
    const backupPath = JSON.parse(r.stdout).backup.path as string
    const bench = await BenchDb.open(db)
    await bench.db.run('DELETE FROM performance_batch_results')
    await bench.db.run('UPDATE performance_results SET average_latency_ms = 1')
    await bench.checkpoint()
    bench.close()
    expect((await snapshot(db)).fingerprints).not.toEqual(before.fingerprints)
    expect(runCli(['db:maintain', '--db', db, '--restore-backup', backupPath]).status).toBe(2)
    const ok = runCli(['db:maintain', '--db', db, '--restore-backup', backupPath, '--yes', '--check-integrity'])
    expect(ok.stderr).toBe('')
    expect(ok.status).toBe(0)
    expect(ok.stdout).toMatch(/restored .* from backup .*verified/)
    const after = await snapshot(db)
    expect(after.fingerprints).toEqual(before.fingerprints)
    expect(after.perf).toEqual(before.perf)
    // One flipped byte in the backup's file: refused, database untouched.
    const file = join(backupPath, 'benchmark_db.duckdb')
    const bytes = readFileSync(file)
    bytes[bytes.length - 100] ^= 0xff
    writeFileSync(file, bytes)
    const bad = runCli(['db:maintain', '--db', db, '--restore-backup', backupPath, '--yes'])
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/damaged/)
    expect((await snapshot(db)).fingerprints).toEqual(before.fingerprints)
  })

  test('--dry-run backup writes nothing', () => {
    const before = hashTree(root)
    const r = runCli(['db:maintain', '--db', db, '--backup', '--backup-dir', join(root, 'backups'), '--dry-run'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/would back up/)
    expect(hashTree(root)).toEqual(before)
  })

  test('--purge-backups --keep 1 needs --yes without a terminal, then keeps only the newest', async () => {
    for (let i = 0; i < 2; i++) expect(runCli(['db:maintain', '--db', db, '--backup', '--backup-dir', join(root, 'backups')]).status).toBe(0)
    const all = listBackups(join(root, 'backups'))
    expect(all).toHaveLength(3)
    expect(runCli(['db:maintain', '--db', db, '--purge-backups', '--keep', '1', '--backup-dir', join(root, 'backups')]).status).toBe(2)
    expect(listBackups(join(root, 'backups'))).toHaveLength(3)
    const r = runCli(['db:maintain', '--db', db, '--purge-backups', '--keep', '1', '--backup-dir', join(root, 'backups'), '--yes'])
    expect(r.status).toBe(0)
    const left = listBackups(join(root, 'backups'))
    expect(left.map((b) => b.path)).toEqual([all[0].path])
    expect(readdirSync(join(root, 'backups'))).toHaveLength(1)
  })
})

describe('--vacuum and --optimize-db', () => {
  test('vacuum reclaims the space of deleted data, keeps every value and the sequences', async () => {
    const root = tempDir()
    const db = join(root, 'bench.duckdb')
    await createDatabase(db, {sampleData: true})
    // Bloat: 3000 ledger rows with 20 KB raw documents, then deleted. Distinct hashes, not one
    // repeated: the raw_document column is zstd-compressed (schema v2), a repeat would shrink to nothing.
    const bench = await BenchDb.open(db)
    await bench.db.run(`INSERT INTO source_files (source_file_id, path, sha256, status, raw_encoding, raw_document)
      SELECT nextval('seq_source_file_id'), 'junk/' || i || '.json', md5(i::VARCHAR), 'rejected', 'identity', array_to_string(list_transform(range(640), lambda x: md5((i * 640 + x)::VARCHAR)), '')::BLOB FROM range(3000) t(i)`)
    await bench.checkpoint()
    await bench.db.run(`DELETE FROM source_files WHERE path LIKE 'junk/%'`)
    await bench.checkpoint()
    bench.close()
    const before = await snapshot(db)
    const res = await vacuumDatabase(db)
    expect(res.sizeBefore).toBe(res.sizeAfter + res.bytesReclaimed)
    expect(res.sizeAfter).toBeLessThan(res.sizeBefore / 2)
    expect(statSync(db).size).toBe(res.sizeAfter)
    const after = await snapshot(db)
    expect(after.fingerprints).toEqual(before.fingerprints)
    expect((await checkIntegrity(db)).ok).toBe(true)
    const again = await BenchDb.open(db)
    const maxId = await again.db.scalar<number>('SELECT max(source_file_id) FROM source_files')
    expect(await again.db.scalar<number>(`SELECT nextval('seq_source_file_id')`)).toBeGreaterThan(3000 + maxId - 1)
    again.close()
  })

  test('optimize runs CHECKPOINT and ANALYZE and keeps the data; the CLI reports sizes', async () => {
    const root = tempDir()
    const db = join(root, 'benchmark_db.duckdb')
    await createDatabase(db, {sampleData: true})
    const before = await snapshot(db)
    const res = await optimizeDatabase(db)
    expect(res.steps.map((s) => s.step).slice(0, 2)).toEqual(['CHECKPOINT', 'ANALYZE'])
    expect((await snapshot(db)).fingerprints).toEqual(before.fingerprints)
    const r = runCli(['db:maintain', '--db', db, '--optimize-db', '--vacuum'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/Optimize: .* -> /)
    expect(r.stdout).toMatch(/Vacuum: .* before, .* after/)
    expect((await snapshot(db)).fingerprints).toEqual(before.fingerprints)
  })
})
