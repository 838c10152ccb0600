/** A transformers load-method benchmark: performance.<method>_<device> = {avg_time, min_time, max_time, num_runs} (seconds). */
export const detect = {
  type: 'object',
  required: ['results', 'performance', 'hardware', 'metadata'],
  properties: {performance: {type: 'object', minProperties: 1, additionalProperties: {type: 'object', required: ['avg_time']}}},
} as const

export const validate = {
  type: 'object',
  required: ['results', 'performance', 'hardware', 'metadata'],
  properties: {
    metadata: {type: 'object', required: ['model'], properties: {model: {type: 'string'}, timestamp: {type: 'string'}}},
    hardware: {type: 'object'},
    results: {type: 'object', additionalProperties: {type: 'object', properties: {device: {type: 'string'}, model: {type: 'string'}}}},
    performance: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['avg_time'],
        properties: {avg_time: {type: 'number'}, min_time: {type: 'number'}, max_time: {type: 'number'}, load_time: {type: 'number'}, num_runs: {type: 'integer'}, model_size_mb: {type: 'number'}},
      },
    },
  },
} as const
