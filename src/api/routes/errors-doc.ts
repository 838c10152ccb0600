import {ErrorSchema} from '../errors.js'

/** The error responses every route documents (the app's middleware can produce them anywhere). */
const err = (description: string) => ({description, content: {'application/json': {schema: ErrorSchema}}})

export const readErrors = {
  400: err('Invalid parameters'),
  503: err('The database is busy; retry after the Retry-After seconds'),
}

export const writeErrors = {
  ...readErrors,
  401: err('No bearer token sent'),
  403: err('Wrong token, or writes disabled because the server has no token'),
  413: err('Body larger than the limit'),
  422: err('A document is invalid (details carry the JSON pointer)'),
}
