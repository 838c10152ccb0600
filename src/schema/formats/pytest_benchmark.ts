/**
 * pytest-benchmark `--benchmark-json` / autosave files (2.x, 3.x, 4.x): `benchmarks[]` of
 * `{name, fullname?, stats{min, max, mean, ...} in seconds}` beside `machine_info`, `commit_info`,
 * `datetime`, `version`.
 */
export const detect = {
  type: 'object',
  required: ['benchmarks'],
  anyOf: [{required: ['machine_info']}, {required: ['commit_info']}, {required: ['datetime']}],
  properties: {
    benchmarks: {
      type: 'array',
      minItems: 1,
      items: {type: 'object', required: ['name', 'stats'], properties: {stats: {type: 'object', required: ['mean']}}},
    },
  },
} as const

const seconds = {type: ['number', 'null']} as const

export const validate = {
  type: 'object',
  required: ['benchmarks'],
  properties: {
    datetime: {type: 'string'},
    version: {type: 'string'},
    machine_info: {type: 'object', properties: {node: {type: 'string'}, cpu: {type: ['object', 'string']}}},
    commit_info: {type: 'object', properties: {id: {type: ['string', 'null']}, branch: {type: ['string', 'null']}, dirty: {type: ['boolean', 'null']}}},
    benchmarks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'stats'],
        properties: {
          name: {type: 'string'},
          fullname: {type: 'string'},
          group: {type: ['string', 'null']},
          params: {type: ['object', 'null']},
          extra_info: {type: ['object', 'null']},
          stats: {
            type: 'object',
            required: ['mean'],
            properties: {
              // null = not measured (the row keeps its other statistics and samples).
              mean: seconds,
              min: seconds, max: seconds, median: seconds, stddev: seconds, q1: seconds, q3: seconds, iqr: seconds,
              ld15iqr: seconds, hd15iqr: seconds, ops: seconds, total: seconds,
              rounds: {type: ['integer', 'null']},
              iterations: {type: ['integer', 'null']},
              // Samples are numbers; anything else in the list is skipped and reported (trimmed test files carry a note string).
              data: {type: 'array'},
            },
          },
        },
      },
    },
  },
} as const
