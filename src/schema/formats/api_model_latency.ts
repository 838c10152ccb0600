/** Hosted-API model timings: models: [{model, response_time (s), tokens, tokens_per_second, success}]. */
export const detect = {
  type: 'object',
  required: ['models'],
  properties: {models: {type: 'array', minItems: 1, items: {type: 'object', required: ['model', 'response_time']}}},
} as const

export const validate = {
  type: 'object',
  required: ['models'],
  properties: {
    timestamp: {type: 'string'},
    models: {
      type: 'array',
      items: {
        type: 'object',
        required: ['model', 'response_time'],
        properties: {
          model: {type: 'string'},
          response_time: {type: ['number', 'null']},
          queue_time: {type: ['number', 'null']},
          processing_time: {type: ['number', 'null']},
          tokens: {type: ['integer', 'null']},
          tokens_per_second: {type: ['number', 'null']},
          success: {type: 'boolean'},
        },
      },
    },
  },
} as const
