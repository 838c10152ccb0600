/** Progress of a benchmark batch: completed/failed/skipped_benchmarks lists + summary counts. */
export const detect = {
  type: 'object',
  // Any one of the lists identifies the layout; the others may be absent (a run with no failures).
  anyOf: [{required: ['completed_benchmarks']}, {required: ['failed_benchmarks']}, {required: ['skipped_benchmarks']}],
  properties: {completed_benchmarks: {type: 'array'}, failed_benchmarks: {type: 'array'}, skipped_benchmarks: {type: 'array'}},
} as const

const entry = {
  type: 'object',
  properties: {model_type: {type: 'string'}, model: {type: 'string'}, hardware_type: {type: 'string'}, error: {type: 'string'}, error_type: {type: 'string'}, timestamp: {type: 'string'}},
} as const

export const validate = {
  type: 'object',
  properties: {
    timestamp: {type: 'string'},
    completed_benchmarks: {type: 'array', items: entry},
    failed_benchmarks: {type: 'array', items: entry},
    skipped_benchmarks: {type: 'array', items: entry},
    summary: {type: 'object'},
  },
} as const
