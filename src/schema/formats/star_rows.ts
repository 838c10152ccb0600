/** A top-level list of performance_results rows whose keys already are the contract's column names. */
const numOrNull = {type: ['number', 'null']} as const

export const detect = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['model_name', 'hardware_type'],
    anyOf: [{required: ['throughput_items_per_second']}, {required: ['average_latency_ms']}],
  },
} as const

export const validate = {
  type: 'array',
  items: {
    type: 'object',
    required: ['model_name', 'hardware_type'],
    properties: {
      model_name: {type: 'string', minLength: 1},
      hardware_type: {type: 'string', minLength: 1},
      model_family: {type: ['string', 'null']},
      modality: {type: ['string', 'null']},
      device_name: {type: ['string', 'null']},
      test_case: {type: ['string', 'null']},
      precision: {type: ['string', 'null']},
      batch_size: {type: ['integer', 'null']},
      total_time_seconds: numOrNull,
      average_latency_ms: numOrNull,
      throughput_items_per_second: numOrNull,
      memory_peak_mb: numOrNull,
      iterations: {type: ['integer', 'null']},
      warmup_iterations: {type: ['integer', 'null']},
      is_simulation: {type: ['boolean', 'null']},
      metrics: {type: ['object', 'null']},
    },
  },
} as const
