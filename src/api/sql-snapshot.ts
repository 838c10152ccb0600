import {closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, unlinkSync} from 'node:fs'
import {copyFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {removeSnapshotDebris, SNAPSHOT_DIR_PREFIX} from '../lib/db/debris.js'
import type {ApiDeps} from './deps.js'

interface Snapshot {
  /** What the SQL process opens: /proc/<server pid>/fd/N (Linux) or the file's path. */
  path: string
  fd?: number
  file?: string
  generation: number
  users: number
  stale: boolean
}

/**
 * User SQL runs on its own sandboxed DuckDB instance in a worker process (../lib/sql/worker-pool.ts),
 * so it needs a file of its own: the live file is locked by the server, and another instance would
 * read blocks a checkpoint is rewriting. After a write, the first query takes a snapshot while holding the write lane: a
 * CHECKPOINT (the WAL into the file, usually small: the server's writes are small), then a
 * kernel-side copy of the file (copy_file_range; a reflink where the file system has them, which
 * copies no data). The old snapshot (COPY FROM DATABASE re-encoded every table: 2.4-3 s on 91 MB)
 * is gone. On Linux the copy is unlinked as soon as it is open and the worker opens it as
 * /proc/<server pid>/fd/N: no path of the server's shows through duckdb_databases() or duckdb_settings(),
 * and a crash leaves no file behind. Elsewhere the copy keeps its path under a `benchdb-sql-<pid>-`
 * directory that the next server start removes.
 */
export class SqlSnapshot {
  private dir = mkdtempSync(join(tmpdir(), `${SNAPSHOT_DIR_PREFIX}${process.pid}-`))
  private current: Snapshot | undefined
  private refreshing: Promise<Snapshot> | undefined
  private counter = 0

  constructor(private readonly deps: ApiDeps) {
    // Directories of servers that crashed before removing theirs.
    removeSnapshotDebris()
  }

  /** Runs `fn` with the path of a snapshot no older than the last write; queries may overlap. */
  async run<T>(fn: (path: string) => Promise<T>): Promise<T> {
    const snapshot = await this.fresh()
    snapshot.users++
    try {
      return await fn(snapshot.path)
    } finally {
      snapshot.users--
      if (snapshot.stale && snapshot.users === 0) release(snapshot)
    }
  }

  private async fresh(): Promise<Snapshot> {
    for (;;) {
      const generation = this.deps.cache.generation
      if (this.current && this.current.generation === generation) return this.current
      this.refreshing ??= this.take(generation).finally(() => (this.refreshing = undefined))
      const taken = await this.refreshing
      if (taken.generation === this.deps.cache.generation) return taken
    }
  }

  private async take(generation: number): Promise<Snapshot> {
    const file = join(this.dir, `snapshot-${++this.counter}.duckdb`)
    await this.deps.writes.exclusive(async () => {
      await this.deps.bench.checkpoint()
      // On libuv's thread pool: the event loop keeps answering (/health, cached GETs) while the kernel copies.
      await copyFile(this.deps.bench.path, file, constants.COPYFILE_FICLONE)
    })
    let snapshot: Snapshot = {path: file, file, generation, users: 0, stale: false}
    if (existsSync('/proc/self/fd')) {
      const fd = openSync(file, 'r')
      unlinkSync(file)
      snapshot = {path: `/proc/${process.pid}/fd/${fd}`, fd, generation, users: 0, stale: false}
    }
    const old = this.current
    this.current = snapshot
    if (old) {
      old.stale = true
      if (old.users === 0) release(old)
    }
    return snapshot
  }

  close(): void {
    if (this.current) release(this.current)
    this.current = undefined
    rmSync(this.dir, {recursive: true, force: true})
  }
}

function release(snapshot: Snapshot): void {
  if (snapshot.fd !== undefined) {
    closeSync(snapshot.fd)
    snapshot.fd = undefined
  }
  if (snapshot.file) rmSync(snapshot.file, {force: true})
}
