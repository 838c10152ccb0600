import {describe, expect, test, beforeAll, afterAll} from '@jest/globals'
import {cpSync, existsSync, readFileSync, renameSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {queryDb} from '../helpers/convert.js'
import {hashTree, runCli, tempDir, writeResult} from '../helpers/maintain.js'

/**
 * Portable provenance (schema v5): the ledger addresses a file by the input directory it was found
 * under and its path there (plus its sha256), so moving the whole project, or copying the results
 * folder elsewhere, keeps --clean-json, --archive-data and --restore working. Real CLI, real files.
 */

const doc = (i: number) => ({
  model: 'BERT', model_key: 'bert', model_path: 'bert-base-uncased', hardware: 'CPU', hardware_key: 'cpu', timestamp: `2025-03-0${i}T10:00:00`,
  batch_sizes: {'1': {throughput: 50 + i, latency_ms: 20, memory_usage_mb: 100, success: true}}, compatible: true,
})

describe('a moved project and a copied results folder', () => {
  let base: string
  let originals: Record<string, string>

  beforeAll(() => {
    base = tempDir()
    const project = join(base, 'project-a')
    for (let i = 1; i <= 4; i++) writeResult(project, `results/${i % 2 ? 'cpu' : 'gpu'}/run${i}.json`, doc(i))
    originals = hashTree(join(project, 'results'))
    const r = runCli(['db:convert', '--input-dir', 'results', '--db', 'bench.duckdb', '--no-ci-env'], {cwd: project})
    expect(r.status).toBe(0)
  })
  afterAll(() => rmSync(base, {recursive: true, force: true}))

  test('the ledger records each file under its input directory', async () => {
    const rows = await queryDb<{input_root: string; relative_path: string}>(join(base, 'project-a', 'bench.duckdb'),
      'SELECT input_root, relative_path FROM source_files ORDER BY relative_path')
    expect(rows).toEqual([
      {input_root: 'results', relative_path: 'cpu/run1.json'}, {input_root: 'results', relative_path: 'cpu/run3.json'},
      {input_root: 'results', relative_path: 'gpu/run2.json'}, {input_root: 'results', relative_path: 'gpu/run4.json'},
    ])
  })

  test('a copy of the results folder outside the project is proven by path under its root and bytes', () => {
    const copy = join(base, 'elsewhere', 'copied-results')
    cpSync(join(base, 'project-a', 'results'), copy, {recursive: true, preserveTimestamps: true})
    const r = runCli(['db:maintain', '--db', join(base, 'project-a', 'bench.duckdb'), '--clean-json', '--input-dir', copy, '--older-than', '30', '--dry-run', '--json'], {cwd: base})
    expect(r.status).toBe(0)
    const j = JSON.parse(r.stdout).clean
    expect(j.kept).toEqual([])
    expect(j.removed.map((f: {path: string}) => f.path).sort()).toEqual(['cpu/run1.json', 'cpu/run3.json', 'gpu/run2.json', 'gpu/run4.json'].map((p) => join(copy, p)))
  })

  test('after moving the project: --archive-data removes the files, and after a second move --restore puts them back under results/', () => {
    renameSync(join(base, 'project-a'), join(base, 'project-b'))
    const b = join(base, 'project-b')
    const archived = runCli(['db:maintain', '--db', 'bench.duckdb', '--clean-json', '--archive-data', '--archive-dir', 'archive', '--input-dir', 'results',
      '--older-than', '30', '--yes', '--json'], {cwd: b})
    expect(archived.status).toBe(0)
    expect(JSON.parse(archived.stdout).clean.removed).toHaveLength(4)
    expect(existsSync(join(b, 'results', 'cpu', 'run1.json'))).toBe(false)

    renameSync(b, join(base, 'project-c'))
    const c = join(base, 'project-c')
    const restored = runCli(['db:maintain', '--db', 'bench.duckdb', '--restore', '--archive-dir', 'archive', '--json'], {cwd: c})
    expect(restored.status).toBe(0)
    expect(JSON.parse(restored.stdout).restore.restored).toHaveLength(4)
    expect(hashTree(join(c, 'results'))).toEqual(originals)
  })

  test('after moving the project again, --restore --from-db rebuilds results/ at the new place', () => {
    renameSync(join(base, 'project-c'), join(base, 'project-d'))
    const d = join(base, 'project-d')
    rmSync(join(d, 'results'), {recursive: true})
    const restored = runCli(['db:maintain', '--db', 'bench.duckdb', '--restore', '--from-db', '--input-dir', 'results', '--json'], {cwd: d})
    expect(restored.status).toBe(0)
    expect(JSON.parse(restored.stdout).restore.restored).toHaveLength(4)
    expect(hashTree(join(d, 'results'))).toEqual(originals)
    expect(readFileSync(join(d, 'results', 'gpu', 'run4.json'), 'utf8')).toContain('"timestamp": "2025-03-04T10:00:00"')
    // Nothing was written at the old places.
    expect(existsSync(join(base, 'project-a'))).toBe(false)
  })
})
