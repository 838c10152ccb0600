import {rmSync} from 'node:fs'
import {join} from 'node:path'
import {makeTempDir} from './cli.js'
import {createDatabase} from '../../src/lib/db/create-database.js'
import {startServer, type RunningServer, type ServerOptions} from '../../src/api/server.js'

export interface TestServer {
  server: RunningServer
  url: string
  dir: string
  db: string
  close(): Promise<void>
}

/** A real server on 127.0.0.1, port 0, over a fresh sample database in a temp dir. */
export async function startTestServer(options: Partial<ServerOptions> & {sampleData?: boolean} = {}): Promise<TestServer> {
  const dir = makeTempDir()
  const db = join(dir, 'bench.duckdb')
  await createDatabase(db, {sampleData: options.sampleData ?? true})
  const server = await startServer({port: 0, ...options, db})
  return {
    server,
    url: server.url,
    dir,
    db,
    close: async () => {
      await server.close()
      rmSync(dir, {recursive: true, force: true})
    },
  }
}

/** A real server on 127.0.0.1, port 0, over an existing database file; `dir` is removed on close. */
export async function serveDatabase(dir: string, db: string, options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const server = await startServer({port: 0, stateFile: false, ...options, db})
  return {
    server, url: server.url, dir, db,
    close: async () => {
      await server.close()
      rmSync(dir, {recursive: true, force: true})
    },
  }
}

export async function getJson(url: string, init?: RequestInit): Promise<{status: number; body: any; headers: Headers}> {
  const res = await fetch(url, init)
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return {status: res.status, body, headers: res.headers}
}
