/** Family x hardware matrix: model_families.<family>.hardware_compatibility.<hw> = {compatible, performance_rating, benchmark_results}. */
export const detect = {
  type: 'object',
  required: ['model_families'],
  properties: {
    model_families: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {type: 'object', required: ['hardware_compatibility']},
    },
  },
} as const

export const validate = {
  type: 'object',
  required: ['model_families'],
  properties: {
    timestamp: {type: 'string'},
    hardware_types: {type: 'array', items: {type: 'string'}},
    model_families: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['hardware_compatibility'],
        properties: {
          hardware_compatibility: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: {
                compatible: {type: ['boolean', 'null']},
                performance_rating: {type: ['number', 'string', 'null']},
                benchmark_results: {type: 'array', items: {type: 'object', properties: {model_name: {type: 'string'}, timestamp: {type: 'string'}}}},
              },
            },
          },
        },
      },
    },
  },
} as const
