import {readFileSync, rmSync, statSync} from 'node:fs'
import {globby} from '/work/main/node_modules/globby/index.js'
import {DuckDBInstance} from '@duckdb/node-api'
const files = (await globby('in/**/*.json', {absolute: true})).slice(0, 2000)
const bufs = files.map((f) => readFileSync(f))
const total = bufs.reduce((s, b) => s + b.length, 0)
for (const [type, force] of [['BLOB', null], ['VARCHAR', null], ['VARCHAR', 'zstd'], ['BLOB', 'zstd']]) {
  const p = `/tmp/perf/x-${type}-${force}.duckdb`; rmSync(p, {force: true})
  const inst = await DuckDBInstance.create(p); const c = await inst.connect()
  if (force) await c.run(`SET force_compression='${force}'`)
  await c.run(`CREATE TABLE t (id INTEGER, d ${type})`)
  const t = performance.now()
  const a = await c.createAppender('t')
  bufs.forEach((b, i) => { a.appendInteger(i); type === 'BLOB' ? a.appendBlob(b) : a.appendVarchar(b.toString()); a.endRow() })
  a.closeSync(); await c.run('CHECKPOINT')
  const ms = performance.now() - t
  const info = await c.runAndReadAll(`SELECT compression, count(*) FROM pragma_storage_info('t') WHERE column_name='d' GROUP BY 1`)
  c.closeSync(); inst.closeSync()
  console.log(type, force, (statSync(p).size / total).toFixed(3), ms.toFixed(0) + 'ms', JSON.stringify(info.getRows().map(r => r.map(String))))
}
