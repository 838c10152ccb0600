import {readFileSync, rmSync, writeFileSync, renameSync} from 'node:fs'
import {isProcessAlive} from '../util/process-alive.js'

/**
 * One writer: DuckDB lets one process hold a database file read-write, and while `bench db:serve`
 * runs that process is the server. It leaves `<db>.serve.json` (URL + PID) beside the database so
 * that another command hitting the lock can say who holds it and where to send writes instead,
 * rather than print DuckDB's raw lock error. The file is removed on shutdown; a file whose PID is
 * gone (a crashed server) is ignored.
 *
 * It also carries `localToken`, which lets read-only commands of the same user (`db:query`,
 * `db:compare`) ask the server their question instead of failing on the lock (see
 * src/lib/db/served-client.ts). The file is created 0600, so the token proves the caller may read
 * files in this directory as the server's user: it grants nothing the database file does not.
 */
export interface ServerState {
  url: string
  pid: number
  startedAt: string
  db: string
  localToken?: string
}

export function serverStatePath(dbPath: string): string {
  return `${dbPath}.serve.json`
}

export function writeServerState(dbPath: string, state: ServerState): string {
  const file = serverStatePath(dbPath)
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', {mode: 0o600})
  renameSync(tmp, file) // atomic: readers never see half a file
  return file
}

/** Removes the state file if it is ours (a second server may have replaced it). */
export function removeServerState(dbPath: string, pid = process.pid): void {
  const state = readStateFile(dbPath)
  if (state && state.pid !== pid) return
  rmSync(serverStatePath(dbPath), {force: true})
}

/** The running server holding `dbPath`, or undefined when none (or its process is gone). */
export function readServerState(dbPath: string): ServerState | undefined {
  const state = readStateFile(dbPath)
  if (!state) return undefined
  return isProcessAlive(state.pid) ? state : undefined
}

function readStateFile(dbPath: string): ServerState | undefined {
  try {
    const parsed = JSON.parse(readFileSync(serverStatePath(dbPath), 'utf8')) as Partial<ServerState>
    if (typeof parsed.url === 'string' && typeof parsed.pid === 'number') return parsed as ServerState
  } catch {
    // absent or unreadable: no server known
  }
  return undefined
}

