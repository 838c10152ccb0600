import {createHash, timingSafeEqual} from 'node:crypto'
import type {MiddlewareHandler} from 'hono'
import {ApiError} from './errors.js'

/**
 * Bearer-token guard for endpoints that write or run user SQL. Without a configured token these
 * endpoints are disabled (403 writes_disabled) rather than open: the predecessor's server took
 * unauthenticated writes and SQL from anyone who could reach it.
 */
export function requireToken(token: string | undefined, what: string): MiddlewareHandler {
  const expected = token ? digest(token) : undefined
  return async (c, next) => {
    if (!expected) {
      throw new ApiError(403, 'writes_disabled', `${what} is disabled: start the server with --token (or BENCH_TOKEN) to enable it`)
    }
    const header = c.req.header('Authorization') ?? ''
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match) {
      throw new ApiError(401, 'unauthorized', `${what} needs a bearer token: send "Authorization: Bearer <token>"`, undefined, {
        'WWW-Authenticate': 'Bearer realm="benchdb"',
      })
    }
    // Compare digests of equal length in constant time so the token cannot be guessed byte by byte.
    if (!timingSafeEqual(digest(match[1]), expected)) throw new ApiError(403, 'forbidden', 'the bearer token is not valid')
    await next()
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}
