/** `{model, platform, success, ...}` checks: a list of them, or a single one with error/traceback. */
const check = {type: 'object', required: ['model', 'platform', 'success'], not: {required: ['tests']}} as const

export const detect = {anyOf: [{type: 'array', minItems: 1, items: check}, check]} as const

const strictCheck = {
  type: 'object',
  required: ['model', 'platform', 'success'],
  properties: {
    model: {type: 'string', minLength: 1},
    platform: {type: 'string', minLength: 1},
    success: {type: 'boolean'},
    timestamp: {type: 'string'},
    returncode: {type: ['integer', 'null']},
    stderr: {type: ['string', 'null']},
    error: {type: ['string', 'null']},
    traceback: {type: ['string', 'null']},
    execution_time: {type: ['number', 'null']},
    total_execution_time: {type: ['number', 'null']},
  },
} as const

// Arrays and single objects are told apart by `type` first, so a pointer names the real culprit.
export const validate = {if: {type: 'array'}, then: {type: 'array', items: strictCheck}, else: strictCheck} as const
