#!/usr/bin/env node
// `bench --help` start-up against bare `node -e 0`, measured in the same run (target: <= ~3x).
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {dirname, join} from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.RUNS ?? 15)

function median(cmd, args) {
  spawnSync(cmd, args) // warm-up
  spawnSync(cmd, args)
  const times = []
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    const r = spawnSync(cmd, args, {cwd: root})
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const base = median(process.execPath, ['-e', '0'])
const help = median(process.execPath, [join(root, 'bin/run.js'), '--help'])
const cmdHelp = median(process.execPath, [join(root, 'bin/run.js'), 'db:create', '--help'])
console.log('## start-up (median of %d runs)', runs)
console.log('| what | ms | x node -e 0 |')
console.log('|---|---:|---:|')
console.log(`| node -e 0 | ${base.toFixed(0)} | 1.0 |`)
console.log(`| bench --help | ${help.toFixed(0)} | ${(help / base).toFixed(1)} |`)
console.log(`| bench db:create --help | ${cmdHelp.toFixed(0)} | ${(cmdHelp / base).toFixed(1)} |`)
