/** Summary per model family: models_tested[i] lines up with hardware_results.<hw>.latency_ms[i] / throughput[i]. */
export const detect = {
  type: 'object',
  required: ['model_families'],
  properties: {
    model_families: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {type: 'object', required: ['models_tested', 'hardware_results']},
    },
  },
} as const

export const validate = {
  type: 'object',
  required: ['model_families'],
  properties: {
    timestamp: {type: 'string'},
    model_families: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['models_tested', 'hardware_results'],
        properties: {
          models_tested: {type: 'array', items: {type: 'string'}},
          hardware_results: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: {
                latency_ms: {type: 'array', items: {type: ['number', 'null']}},
                throughput: {type: 'array', items: {type: ['number', 'null']}},
                memory_mb: {type: 'array', items: {type: ['number', 'null']}},
              },
            },
          },
        },
      },
    },
  },
} as const
