/** A skill test result: `status` (a status map `cpu_init: "Success (REAL)"`), `examples`, `metadata.model_name`. */
export const detect = {
  type: 'object',
  required: ['status', 'metadata'],
  properties: {status: {type: 'object'}, metadata: {type: 'object', anyOf: [{required: ['model_name']}, {required: ['test_timestamp']}]}},
} as const

export const skillResultBody = {
  type: 'object',
  required: ['status'],
  properties: {
    status: {type: 'object'},
    examples: {
      type: 'array',
      items: {type: 'object', properties: {platform: {type: 'string'}, timestamp: {type: ['string', 'number']}, elapsed_time: {type: ['number', 'null']}, is_simulated: {type: 'boolean'}}},
    },
    metadata: {type: 'object', properties: {model_name: {type: 'string'}, model_type: {type: 'string'}, test_timestamp: {type: 'string'}}},
  },
} as const

export const validate = {...skillResultBody, required: ['status', 'metadata']} as const
