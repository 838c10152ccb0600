/** hyperfine `--export-json`: `results[]` of `{command, mean, stddev, median, user, system, min, max, times[], exit_codes?, parameters?}` in seconds. */
export const detect = {
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'array',
      minItems: 1,
      items: {type: 'object', required: ['command', 'mean', 'times']},
    },
  },
} as const

const seconds = {type: ['number', 'null']} as const

export const validate = {
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['command', 'mean', 'times'],
        properties: {
          command: {type: 'string'},
          // null = not measured (the row keeps its runs' times).
          mean: seconds,
          stddev: seconds, median: seconds, min: seconds, max: seconds, user: seconds, system: seconds,
          times: {type: 'array', items: {type: 'number'}},
          exit_codes: {type: 'array', items: {type: ['integer', 'null']}},
          parameters: {type: 'object'},
          memory_usage_byte: {type: 'array', items: {type: 'number'}},
        },
      },
    },
  },
} as const
