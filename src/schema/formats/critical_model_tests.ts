/** {test_timestamp, summary: {total, passed, failed, ...}, model_results: {<model>: {status, return_code, elapsed_time, stdout, stderr}}}. */
export const detect = {
  type: 'object',
  required: ['summary', 'model_results'],
  properties: {model_results: {type: 'object', minProperties: 1, additionalProperties: {type: 'object', required: ['status']}}},
} as const

export const validate = {
  type: 'object',
  required: ['summary', 'model_results'],
  properties: {
    test_timestamp: {type: 'string'},
    summary: {type: 'object'},
    model_results: {
      type: 'object',
      additionalProperties: {type: 'object', required: ['status'], properties: {status: {type: 'string'}, return_code: {type: ['integer', 'null']}, elapsed_time: {type: ['number', 'null']}, stderr: {type: 'string'}}},
    },
  },
} as const
