/** results.<test file> = {status, execution_time, performance_metrics: {<platform>: <status map>}} plus metadata.test_files. */
export const detect = {
  type: 'object',
  required: ['results'],
  properties: {
    metadata: {type: 'object'},
    results: {type: 'object', minProperties: 1, additionalProperties: {type: 'object', required: ['status']}},
  },
} as const

export const validate = {
  type: 'object',
  required: ['results'],
  properties: {
    metadata: {type: 'object', properties: {timestamp: {type: 'string'}, test_files: {type: 'array', items: {type: 'string'}}}},
    results: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['status'],
        properties: {status: {type: 'string'}, execution_time: {type: ['number', 'null']}, error: {type: 'string'}, performance_metrics: {type: 'object'}},
      },
    },
  },
} as const
