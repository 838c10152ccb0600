/**
 * One error type for everything a user can cause. Commands map `kind` to an exit code and print
 * `Error: <message>` (plus file / pointer / expectation) without a stack trace; the REST API maps
 * the same kinds to HTTP statuses. Anything that is not a BenchError is a bug (exit 10).
 */

import {readServerState} from './db/server-state.js'
import {errnoOf, IO_HINTS} from './util/io-hints.js'

export type ErrorKind = 'data' | 'usage' | 'locked' | 'incompatible' | 'io' | 'internal'

export const EXIT_CODES: Record<ErrorKind, number> = {
  data: 1, // bad input, rejected files, integrity problems found
  usage: 2, // wrong flags or arguments
  locked: 3, // the database file is held by another process
  incompatible: 4, // not a DuckDB/benchdb file, or made by a newer benchdb
  io: 5, // a file or directory cannot be read or written
  internal: 10, // a bug in benchdb
}

export interface ErrorDetails {
  /** File the problem is in. */
  file?: string
  /** JSON pointer inside that file, when there is one. */
  pointer?: string
  /** What was expected there. */
  expected?: string
  /** What to do about it. */
  hint?: string
  /** Extra machine-readable facts (shown with --json and in API errors). */
  data?: Record<string, unknown>
}

export class BenchError extends Error {
  readonly kind: ErrorKind
  readonly details: ErrorDetails

  constructor(kind: ErrorKind, message: string, details: ErrorDetails = {}) {
    super(message)
    this.name = 'BenchError'
    this.kind = kind
    this.details = details
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind]
  }

  /** `message in <file> at <pointer>: expected <x>` — the one human form of an error. */
  describe(): string {
    const {file, pointer, expected} = this.details
    let text = this.message
    if (file && !text.includes(file)) text += ` in ${file}`
    if (pointer !== undefined && pointer !== '') text += ` at ${pointer}`
    if (expected) text += `: expected ${expected}`
    return text
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      exitCode: this.exitCode,
      message: this.describe(),
      ...this.details,
    }
  }
}

export function isBenchError(err: unknown): err is BenchError {
  return err instanceof BenchError
}

/** Turns DuckDB's and Node's errors into BenchErrors the user can act on. */
export function classifyError(err: unknown, dbPath?: string): BenchError {
  if (err instanceof BenchError) return err
  const message = err instanceof Error ? err.message : String(err)
  const code = (err as NodeJS.ErrnoException | undefined)?.code

  const lock = /Could not set lock on file "([^"]+)": Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(message)
  if (lock) {
    const [, file, program, pid] = lock
    const server = readServerState(file)
    if (server) {
      return new BenchError('locked', `bench db:serve (PID ${server.pid}, ${server.url}) holds this database`, {
        file,
        hint:
          `Stop it (Ctrl-C or kill ${server.pid}) and run the command again, or send results through it: ` +
          `POST ${server.url}/api/results with "Authorization: Bearer <token>".`,
        data: {pid: server.pid, url: server.url, program},
      })
    }
    return new BenchError('locked', `database ${file} is in use by another process: ${program} (PID ${pid})`, {
      file,
      hint:
        `Wait for that process to finish, or stop it (a running \`bench db:serve\` owns its database; ` +
        `send writes through its API or stop it first), then run the command again.`,
      data: {pid: Number(pid), program},
    })
  }
  if (/not a valid DuckDB database file|database file .* is not a valid|Unable to open database/i.test(message) && !/lock/i.test(message)) {
    return new BenchError('incompatible', `${dbPath ?? 'the file'} is not a DuckDB database`, {
      file: dbPath,
      hint: 'Point --db at a benchdb database, or at a new path to create one.',
    })
  }
  // DuckDB checks each block's checksum as it reads it: a damaged file, whichever command noticed.
  if (/Corrupt database file|does not match stored checksum|database file .* is corrupt/i.test(message)) {
    return new BenchError('io', `database ${dbPath ?? ''} is damaged: ${message.split('\n')[0].replace(/^IO Error: /, '')}`.replace('database  is', 'the database is'), {
      file: dbPath,
      hint:
        `Run \`bench db:maintain --db ${dbPath ?? '<db>'} --check-integrity\` to see what is affected, then restore a backup ` +
        `(\`--restore-backup\`) or replace the file with \`bench db:create --db ${dbPath ?? '<db>'} --force\`.`,
      data: {damaged: true},
    })
  }
  // A full disk, a read-only mount, a missing permission, a file where a directory should be: exit 5
  // with the path and what to do, whichever call ran into it.
  const errno = errnoOf(err)
  if (errno) {
    const path = (err as NodeJS.ErrnoException).path ?? dbPath
    return new BenchError('io', message.split('\n')[0], {file: path, hint: IO_HINTS[errno], data: {code: errno}})
  }
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
    return new BenchError('io', message, {file: (err as NodeJS.ErrnoException).path})
  }
  if (/^(IO|Permission) Error/.test(message)) return new BenchError('io', message, {file: dbPath})
  if (/^(Parser|Binder|Catalog|Conversion|Invalid Input|Constraint) Error/.test(message)) {
    return new BenchError('data', message)
  }
  return new BenchError('internal', message)
}
