/** A test that died before producing results: {status: "Error", error, traceback, timestamp}. */
export const detect = {
  type: 'object',
  required: ['status', 'error'],
  properties: {status: {type: 'string', pattern: '^([Ee]rror|ERROR|[Ff]ailed|FAILED)$'}, error: {type: 'string'}},
} as const

export const validate = {
  type: 'object',
  required: ['status', 'error'],
  properties: {status: {type: 'string'}, error: {type: 'string'}, traceback: {type: 'string'}, timestamp: {type: 'string'}},
} as const
