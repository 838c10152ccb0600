/** Output of run_performance_tests.py --skills: skill_tests.<file> = {return_code, stdout, stderr, json_result: <status map>}. */
export const detect = {
  type: 'object',
  required: ['skill_tests'],
  properties: {skill_tests: {type: 'object', minProperties: 1, additionalProperties: {type: 'object', anyOf: [{required: ['return_code']}, {required: ['json_result']}]}}},
} as const

export const validate = {
  type: 'object',
  required: ['skill_tests'],
  properties: {
    timestamp: {type: 'string'},
    command: {type: 'string'},
    skill_tests: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          test_file: {type: 'string'},
          elapsed_time: {type: ['number', 'null']},
          return_code: {type: ['integer', 'null']},
          stdout: {type: 'string'},
          stderr: {type: 'string'},
          json_result: {type: ['object', 'null']},
        },
      },
    },
  },
} as const
