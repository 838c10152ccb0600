/** One model on one hardware with results per batch size: `batch_sizes: {"1": {throughput, latency_ms, ...}}`. */
export const detect = {
  type: 'object',
  required: ['batch_sizes', 'hardware'],
  anyOf: [{required: ['model_path']}, {required: ['model']}],
  properties: {batch_sizes: {type: 'object', minProperties: 1}},
} as const

const cell = {
  type: 'object',
  properties: {
    throughput: {type: ['number', 'null']},
    latency_ms: {type: ['number', 'null']},
    memory_usage_mb: {type: ['number', 'null']},
    success: {type: ['boolean', 'null']},
    is_simulation: {type: ['boolean', 'null']},
  },
} as const

export const validate = {
  type: 'object',
  required: ['batch_sizes', 'hardware'],
  properties: {
    model: {type: 'string'},
    model_key: {type: 'string'},
    model_path: {type: 'string'},
    model_category: {type: 'string'},
    hardware: {type: 'string'},
    hardware_key: {type: 'string'},
    timestamp: {type: 'string'},
    compatible: {type: ['boolean', 'null']},
    batch_sizes: {type: 'object', propertyNames: {pattern: '^[0-9]+$'}, additionalProperties: cell},
  },
} as const
