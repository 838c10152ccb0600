import {describe, expect, test, beforeAll} from '@jest/globals'
import {spawn} from 'node:child_process'
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {listArchives, verifyArchive} from '../../src/lib/maintain/archive.js'
import {cleanJson} from '../../src/lib/maintain/clean.js'
import {restoreFiles} from '../../src/lib/maintain/restore.js'
import {BIN, ingestFiles, sha, tempDir, writeResult} from '../helpers/maintain.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

type Moment = {after: 'start' | 'tmp' | 'final' | 'removing'; delayMs: number}

/**
 * Spawns the built CLI archiving the corpus and SIGKILLs it at a chosen moment: a fixed time after
 * start, or a delay after the temporary archive (or the final one) appears in the archive dir.
 */
async function archiveAndKill(cwd: string, db: string, archiveDir: string, moment: Moment, firstFile: string): Promise<{sawTmp: boolean; killedAlive: boolean}> {
  const env: NodeJS.ProcessEnv = {...process.env}
  delete env.BENCH_DB
  const child = spawn(process.execPath, [BIN, 'db:maintain', '--db', db, '--clean-json', '--archive-data', '--archive-dir', archiveDir, '--older-than', '1', '--yes'], {cwd, env, stdio: 'ignore'})
  let exited = false
  const done = new Promise<void>((r) => child.on('exit', () => { exited = true; r() }))
  let sawTmp = false
  let killedAlive = false
  const t0 = Date.now()
  for (;;) {
    if (exited || Date.now() - t0 > 30_000) break
    const names = existsSync(archiveDir) ? readdirSync(archiveDir) : []
    const tmp = names.some((n) => n.endsWith('.tmp'))
    const final = names.some((n) => n.endsWith('.tar.gz'))
    sawTmp ||= tmp
    // Files are removed in path order, so the first one going means removal has begun.
    const removing = moment.after === 'removing' && !existsSync(firstFile)
    if (removing || (moment.after === 'start' && Date.now() - t0 >= moment.delayMs) || (moment.after === 'tmp' && (tmp || final)) || (moment.after === 'final' && final)) {
      if (moment.after !== 'start') await sleep(moment.delayMs)
      killedAlive = !exited
      child.kill('SIGKILL')
      break
    }
    await sleep(1)
  }
  await done
  return {sawTmp, killedAlive}
}

describe('an interrupted archive leaves the originals or a complete verified archive, never neither', () => {
  let root: string
  let db: string
  const originals: Record<string, string> = {}

  beforeAll(async () => {
    root = tempDir()
    db = join(root, 'bench.duckdb')
    for (let i = 0; i < 1000; i++) {
      const p = writeResult(root, `performance_results/d${i % 20}/run-${i}.json`, {
        model: `model-${i}`, hardware: 'cuda', results: Array.from({length: 40}, (_, k) => ({batch: k, latency_ms: (i * 7 + k) % 97 + 0.25})),
      })
      originals[p] = sha(readFileSync(p))
    }
    await ingestFiles(db, Object.keys(originals).map((path) => ({path})))
  }, 120_000)

  const moments: Moment[] = [
    {after: 'start', delayMs: 400},
    {after: 'tmp', delayMs: 0},
    {after: 'tmp', delayMs: 40},
    {after: 'tmp', delayMs: 150},
    {after: 'final', delayMs: 0},
    {after: 'final', delayMs: 15},
    {after: 'removing', delayMs: 0},
    {after: 'removing', delayMs: 3},
  ]

  test('SIGKILL at eight moments, including during the removal of originals', async () => {
    const outcomes: string[] = []
    for (const [i, moment] of moments.entries()) {
      const archiveDir = join(root, `archive-${i}`)
      const run = await archiveAndKill(root, db, archiveDir, moment, Object.keys(originals).sort()[0])
      // Every finished archive must verify: a half-written one may only exist under its temporary name.
      const archives = existsSync(archiveDir) ? listArchives(archiveDir) : []
      const archived = new Map<string, string>()
      for (const a of archives) for (const f of (await verifyArchive(a)).files) archived.set(f.path, f.sha256)
      let present = 0
      let onlyArchived = 0
      for (const [p, h] of Object.entries(originals)) {
        const here = existsSync(p) && sha(readFileSync(p)) === h
        if (here) present++
        else {
          expect(archived.get(p)).toBe(h) // gone from disk => in a verified archive with the same bytes
          onlyArchived++
        }
      }
      outcomes.push(`${moment.after}+${moment.delayMs}ms: ${present} originals, ${onlyArchived} only archived, archives=${archives.length}, sawTmp=${run.sawTmp}, killedWhileRunning=${run.killedAlive}`)
      // Put everything back for the next round (and prove restore from a partly-cleaned state works).
      if (archives.length > 0) {
        const res = await restoreFiles(db, {archiveDir, cwd: root})
        expect(res.conflicts).toEqual([])
        expect(res.restored.length).toBe(onlyArchived)
      }
      for (const [p, h] of Object.entries(originals)) expect(sha(readFileSync(p))).toBe(h)
    }
    // The kills really landed inside the archiving window at least once.
    expect(outcomes.filter((o) => o.includes('sawTmp=true') && o.includes('killedWhileRunning=true')).length).toBeGreaterThanOrEqual(3)
    // ...and at least once between removing the first and the last original.
    expect(outcomes.some((o) => /: [1-9]\d* originals, [1-9]\d* only archived/.test(o))).toBe(true)
    process.stderr.write(outcomes.join('\n') + '\n')
    // The next archive run into a directory where a run was killed removes the dead run's temporary file.
    const killedDir = join(root, 'archive-1')
    expect(readdirSync(killedDir).some((n) => n.endsWith('.tmp'))).toBe(true)
    const res = await cleanJson(db, {inputDirs: [join(root, 'performance_results')], olderThanDays: 1, archiveDir: killedDir, cwd: root})
    expect(res.removed).toHaveLength(Object.keys(originals).length)
    expect(readdirSync(killedDir).filter((n) => n.endsWith('.tmp'))).toEqual([])
  }, 180_000)
})
