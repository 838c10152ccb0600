#!/usr/bin/env node
// `npm run bench`: runs every bench/*.js and bench/*.ts script (TypeScript through tsx), one after
// another, so each area can drop its own script here. Never run by the tests.
import {spawnSync} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const dir = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const scripts = readdirSync(dir)
  .filter((f) => /\.(js|ts)$/.test(f) && f !== 'run-all.js' && !f.endsWith('.d.ts') && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort()
let failed = 0
for (const f of scripts) {
  process.stdout.write(`\n== bench/${f} ==\n`)
  const cmd = f.endsWith('.ts') ? ['npx', ['tsx', join(dir, f)]] : [process.execPath, [join(dir, f)]]
  const r = spawnSync(cmd[0], cmd[1], {stdio: 'inherit', cwd: join(dir, '..')})
  if (r.status !== 0) failed++
}
process.exitCode = failed ? 1 : 0
