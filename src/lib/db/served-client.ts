import {BenchError, type ErrorKind} from '../errors.js'
import {readServerState, type ServerState} from './server-state.js'

/**
 * The client half of read-while-serving (src/api/routes/local.ts): when `bench db:serve` holds
 * `dbPath`, a read-only command asks that server its question over loopback with the token from
 * the server's 0600 state file, and gets the library's own result object back. Returns undefined
 * when no live server holds the file (the caller opens it as usual).
 */
export const LOCAL_QUERY_PATH = '/api/local/query'
export const LOCAL_COMPARE_PATH = '/api/local/compare'

/** How an HTTP status of the local endpoints maps back to an error kind, when the body has none. */
function kindOf(status: number): ErrorKind {
  if (status === 400) return 'usage'
  if (status === 422) return 'data'
  if (status === 401 || status === 403 || status === 503) return 'locked'
  return 'internal'
}

export function servingServer(dbPath: string): (ServerState & {localToken: string}) | undefined {
  const state = readServerState(dbPath)
  return state?.localToken ? (state as ServerState & {localToken: string}) : undefined
}

export async function askServer<T>(server: ServerState & {localToken: string}, path: string, body: unknown): Promise<T> {
  let response: Response
  try {
    response = await fetch(new URL(path, server.url), {
      method: 'POST',
      headers: {'Content-Type': 'application/json', Authorization: `Bearer ${server.localToken}`},
      body: JSON.stringify(body),
    })
  } catch (err) {
    throw new BenchError('locked', `${server.db} is held by bench db:serve (PID ${server.pid}) at ${server.url}, which did not answer: ${(err as Error).message}`, {
      file: server.db,
      hint: 'Stop that server (Ctrl-C in its terminal), or wait until it answers.',
    })
  }
  const answer = (await response.json().catch(() => null)) as {error?: {kind?: ErrorKind; message?: string; details?: object; code?: string}} | null
  if (!response.ok || !answer || answer.error) {
    const e = answer?.error
    throw new BenchError(e?.kind ?? kindOf(response.status), e?.message ?? `the server holding ${server.db} answered HTTP ${response.status}`, e?.details ?? {})
  }
  return answer as T
}
