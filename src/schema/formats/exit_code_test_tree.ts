/** tests.<name> = {exit_code, status} or tests.<group>.<name> = {exit_code, status}, with success_count/total_tests. */
const leaf = {type: 'object', required: ['exit_code', 'status']} as const

export const detect = {
  type: 'object',
  required: ['tests'],
  properties: {tests: {type: 'object', minProperties: 1, additionalProperties: {anyOf: [leaf, {type: 'object', additionalProperties: leaf}]}}},
} as const

const strictLeaf = {type: 'object', required: ['exit_code', 'status'], properties: {exit_code: {type: 'integer'}, status: {type: 'string'}}} as const

export const validate = {
  type: 'object',
  required: ['tests'],
  properties: {
    timestamp: {type: 'string'},
    total_tests: {type: 'integer'},
    success_count: {type: 'integer'},
    tests: {type: 'object', additionalProperties: {if: {required: ['exit_code']}, then: strictLeaf, else: {type: 'object', additionalProperties: strictLeaf}}},
  },
} as const
