/** Results keyed by model, each with `benchmark_data.batch_results.<batch size>` (ms, raw latencies_ms). */
export const detect = {
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        required: ['benchmark_data'],
        properties: {benchmark_data: {type: 'object', required: ['batch_results']}},
      },
    },
  },
} as const

const batch = {
  type: 'object',
  properties: {
    batch_size: {type: ['integer', 'null']},
    avg_latency_ms: {type: ['number', 'null']},
    throughput_items_per_second: {type: ['number', 'null']},
    memory_mb: {type: ['number', 'null']},
    latencies_ms: {type: 'array', items: {type: 'number'}},
    success: {type: 'boolean'},
    device: {type: 'string'},
  },
} as const

export const validate = {
  type: 'object',
  required: ['results'],
  properties: {
    hardware: {type: 'string'},
    timestamp: {type: 'string'},
    results: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['benchmark_data'],
        properties: {
          model: {type: 'string'},
          hardware: {type: 'string'},
          benchmark_data: {
            type: 'object',
            required: ['batch_results'],
            properties: {model: {type: 'string'}, hardware: {type: 'string'}, batch_results: {type: 'object', additionalProperties: batch}},
          },
          summary: {type: 'object'},
        },
      },
    },
  },
} as const
