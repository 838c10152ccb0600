/**
 * Google Benchmark `--benchmark_format=json` / `--benchmark_out=` (2016 schema to 1.9): a
 * `context` object and `benchmarks[]` of `{name, real_time, cpu_time, time_unit, iterations}` rows,
 * aggregates (`run_type: "aggregate"`, `aggregate_name`) and complexity rows (BigO/RMS).
 */
export const detect = {
  type: 'object',
  // The rows identify the layout (no other tool writes real_time/cpu_time rows); `context` is
  // run context a writer may leave out.
  required: ['benchmarks'],
  properties: {
    context: {type: 'object'},
    benchmarks: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name'],
        anyOf: [{required: ['real_time']}, {required: ['cpu_time']}, {required: ['run_type']}, {required: ['error_occurred']}],
      },
    },
  },
} as const

export const TIME_UNITS = ['ns', 'us', 'ms', 's'] as const

export const validate = {
  type: 'object',
  required: ['benchmarks'],
  properties: {
    context: {
      type: 'object',
      properties: {date: {type: 'string'}, host_name: {type: 'string'}, num_cpus: {type: 'integer'}, library_build_type: {type: 'string'}},
    },
    benchmarks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: {type: 'string'},
          run_name: {type: 'string'},
          run_type: {enum: ['iteration', 'aggregate']},
          aggregate_name: {type: 'string'},
          // null = not measured.
          iterations: {type: ['number', 'null']},
          real_time: {type: ['number', 'null']},
          cpu_time: {type: ['number', 'null']},
          time_unit: {enum: TIME_UNITS},
          error_occurred: {type: 'boolean'},
          error_message: {type: 'string'},
        },
      },
    },
  },
} as const
