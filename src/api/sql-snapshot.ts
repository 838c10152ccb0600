import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ApiDeps} from './deps.js'

/**
 * User SQL must run on a DuckDB instance locked down for untrusted input (read-only, no file
 * access, locked configuration), but the server already holds the database read-write, and a
 * second instance of the same file in one process would release the server's file lock when it
 * closes (POSIX locks are per process). So POST /api/query runs the query library's sandbox on a
 * private snapshot: DuckDB copies the database into a temp file (COPY FROM DATABASE, done by the
 * server's own instance), refreshed lazily after writes. Queries see the data as of the last write.
 */
export class SqlSnapshot {
  private dir = mkdtempSync(join(tmpdir(), 'benchdb-sql-'))
  private current: {path: string; generation: number} | undefined
  private chain: Promise<unknown> = Promise.resolve()
  private counter = 0

  constructor(private readonly deps: ApiDeps) {}

  /** Runs `fn` with the path of a snapshot no older than the last write; one query at a time. */
  run<T>(fn: (path: string) => Promise<T>): Promise<T> {
    const work = this.chain.then(async () => fn(await this.fresh()))
    this.chain = work.catch(() => undefined)
    return work
  }

  private async fresh(): Promise<string> {
    const generation = this.deps.cache.generation
    if (this.current && this.current.generation === generation) return this.current.path
    const path = join(this.dir, `snapshot-${++this.counter}.duckdb`)
    const alias = `benchdb_sql_snapshot_${this.counter}`
    await this.deps.reads.use(async ({db}) => {
      const source = await db.scalar<string>('SELECT current_database()')
      await db.run(`ATTACH '${path.replace(/'/g, "''")}' AS ${alias}`)
      try {
        await db.run(`COPY FROM DATABASE "${source.replace(/"/g, '""')}" TO ${alias}`)
      } finally {
        await db.run(`DETACH ${alias}`)
      }
    })
    if (this.current) rmSync(this.current.path, {force: true})
    this.current = {path, generation}
    return path
  }

  close(): void {
    rmSync(this.dir, {recursive: true, force: true})
  }
}
