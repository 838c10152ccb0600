/** {summary: {total, success, failure}, tests: [{model, status, elapsed_time | error, traceback}]}. */
export const detect = {
  type: 'object',
  required: ['summary', 'tests'],
  properties: {tests: {type: 'array', minItems: 1, items: {type: 'object', required: ['model', 'status']}}},
} as const

export const validate = {
  type: 'object',
  required: ['summary', 'tests'],
  properties: {
    summary: {type: 'object'},
    tests: {
      type: 'array',
      items: {
        type: 'object',
        required: ['model', 'status'],
        properties: {model: {type: 'string'}, status: {type: 'string'}, elapsed_time: {type: ['number', 'null']}, timestamp: {type: 'string'}, error: {type: 'string'}, traceback: {type: 'string'}},
      },
    },
  },
} as const
