/** One web platform test result: {model_name, model_key, platform, status, test_file, platform_support, metrics}. */
export const detect = {
  type: 'object',
  required: ['platform', 'status', 'platform_support'],
  anyOf: [{required: ['model_name']}, {required: ['model_key']}],
} as const

export const resultItem = {
  type: 'object',
  required: ['platform', 'status'],
  properties: {
    model_key: {type: 'string'},
    model_name: {type: 'string'},
    platform: {type: 'string'},
    status: {type: 'string'},
    test_file: {type: ['string', 'null']},
    timestamp: {type: 'string'},
    is_simulation: {type: ['boolean', 'null']},
    implementation_type: {type: ['string', 'null']},
    platform_support: {type: 'object'},
    metrics: {
      type: 'object',
      properties: {
        inference_time_ms: {type: ['number', 'null']},
        load_time_ms: {type: ['number', 'null']},
        memory_mb: {type: ['number', 'null']},
        throughput_items_per_second: {type: ['number', 'null']},
      },
    },
  },
} as const

export const validate = {
  ...resultItem,
  properties: {...resultItem.properties, simulated_hardware: {type: 'array', items: {type: 'string'}}, warnings: {type: 'array'}},
} as const
