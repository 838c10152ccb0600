import type {Context} from 'hono'
import {HTTPException} from 'hono/http-exception'
import type {ContentfulStatusCode} from 'hono/utils/http-status'
import {z} from '@hono/zod-openapi'
import {BenchError, type ErrorKind} from '../lib/errors.js'

/**
 * The one error shape of the API: `{error: {code, message, details}}`. `code` is a stable
 * machine word (clients branch on it), `message` is the same sentence the CLI would print.
 */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({example: 'bad_request'}),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error')

export interface ApiErrorBody {
  error: {code: string; message: string; details?: unknown}
}

/** An error a handler throws on purpose; onError renders it. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export function errorBody(code: string, message: string, details?: unknown): ApiErrorBody {
  return {error: details === undefined ? {code, message} : {code, message, details}}
}

export function sendError(c: Context, status: ContentfulStatusCode, code: string, message: string, details?: unknown): Response {
  return c.json(errorBody(code, message, details), status)
}

const KIND_STATUS: Record<ErrorKind, {status: ContentfulStatusCode; code: string}> = {
  data: {status: 422, code: 'invalid_data'},
  usage: {status: 400, code: 'bad_request'},
  locked: {status: 503, code: 'database_busy'},
  incompatible: {status: 409, code: 'incompatible_database'},
  io: {status: 500, code: 'io_error'},
  internal: {status: 500, code: 'internal_error'},
}

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'invalid_data', 503: 'service_unavailable',
  504: 'timeout',
}

/** Maps anything thrown in a handler to a status and the error shape; never leaks a stack. */
export function toErrorResponse(err: unknown, c: Context): Response {
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v)
    return sendError(c, err.status, err.code, err.message, err.details)
  }
  if (err instanceof BenchError) {
    const {status, code} = KIND_STATUS[err.kind]
    const {file: _file, ...rest} = err.details // never echo server paths to clients
    if (status === 503) c.header('Retry-After', '1')
    const details = Object.keys(rest).length ? rest : undefined
    return sendError(c, status, code, status >= 500 && err.kind !== 'locked' ? 'internal server error' : err.message, status >= 500 && err.kind !== 'locked' ? undefined : details)
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode
    return sendError(c, status, HTTP_CODES[status] ?? 'http_error', err.message || 'request failed')
  }
  return sendError(c, 500, 'internal_error', 'internal server error')
}
