/** A transformers load-method benchmark: performance.<method>_<device> = {avg_time, min_time, max_time, num_runs} (seconds). */
export const detect = {
  type: 'object',
  required: ['performance', 'metadata'],
  properties: {performance: {type: 'object', minProperties: 1, additionalProperties: {type: 'object', required: ['avg_time']}}},
} as const

export const validate = {
  type: 'object',
  required: ['performance', 'metadata'],
  properties: {
    metadata: {type: 'object', required: ['model'], properties: {model: {type: 'string'}, timestamp: {type: 'string'}}},
    hardware: {type: 'object'},
    results: {type: 'object', additionalProperties: {type: 'object', properties: {device: {type: 'string'}, model: {type: 'string'}}}},
    performance: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['avg_time'],
        properties: {avg_time: {type: ['number', 'null']}, min_time: {type: ['number', 'null']}, max_time: {type: ['number', 'null']}, load_time: {type: ['number', 'null']}, num_runs: {type: ['integer', 'null']}, model_size_mb: {type: ['number', 'null']}},
      },
    },
  },
} as const
