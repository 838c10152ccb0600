/** results.<platform> = {init, handler_created, execution_time, implementation_type, success} + metadata.model_path. */
export const detect = {
  type: 'object',
  required: ['results', 'metadata'],
  properties: {
    metadata: {type: 'object', anyOf: [{required: ['model_path']}, {required: ['model_id']}]},
    results: {type: 'object', minProperties: 1, additionalProperties: {type: 'object', required: ['implementation_type']}},
  },
} as const

export const validate = {
  type: 'object',
  required: ['results', 'metadata'],
  properties: {
    metadata: {type: 'object', properties: {model_path: {type: 'string'}, model_id: {type: 'string'}, timestamp: {type: 'string'}}},
    results: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {execution_time: {type: ['number', 'null']}, implementation_type: {type: 'string'}, success: {type: 'boolean'}, init: {type: 'string'}},
      },
    },
    examples: {type: 'array', items: {type: 'object'}},
  },
} as const
