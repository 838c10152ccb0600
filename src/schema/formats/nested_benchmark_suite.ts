/**
 * Nested suite: `benchmarks.<family>.<model>.<hardware>.benchmark_results.batch_<B>_seq_<S>`.
 * avg_latency and latencies are SECONDS here.
 */
export const detect = {
  type: 'object',
  required: ['benchmarks'],
  properties: {
    benchmarks: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          additionalProperties: {type: 'object', required: ['benchmark_results']},
        },
      },
    },
  },
} as const

const config = {
  type: 'object',
  properties: {
    status: {type: 'string'},
    latencies: {type: 'array', items: {type: 'number'}},
    avg_latency: {type: ['number', 'null']},
    throughput: {type: ['number', 'null']},
    total_time: {type: ['number', 'null']},
    iterations: {type: ['integer', 'null']},
    memory_mb: {type: ['number', 'null']},
  },
} as const

export const validate = {
  type: 'object',
  required: ['benchmarks'],
  properties: {
    timestamp: {type: 'string'},
    system_info: {type: 'object'},
    hardware_details: {type: 'object'},
    benchmarks: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['benchmark_results'],
            properties: {
              model_name: {type: 'string'},
              hardware: {type: 'string'},
              family: {type: 'string'},
              timestamp: {type: 'string'},
              model_load_time: {type: ['number', 'null']},
              benchmark_results: {type: 'object', additionalProperties: config},
            },
          },
        },
      },
    },
  },
} as const
