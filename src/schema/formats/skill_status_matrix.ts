/**
 * `{test_<name>: <status map> | "<error string>"}`: several skill tests' status maps side by side.
 * Keys not named test_* are tolerated when they hold an object or a list (an environment or
 * metadata block a newer runner adds); at least one test_* key identifies the layout.
 */
const testEntry = {type: ['object', 'string']} as const
const SOME_TEST_KEY = {not: {propertyNames: {not: {pattern: '^test_'}}}} as const

export const detect = {
  type: 'object',
  minProperties: 1,
  ...SOME_TEST_KEY,
  patternProperties: {'^test_': testEntry},
  additionalProperties: {type: ['object', 'array']},
} as const

export const validate = {
  type: 'object',
  patternProperties: {
    '^test_': {anyOf: [{type: 'string'}, {type: 'object', additionalProperties: {type: ['string', 'number', 'boolean', 'array', 'object', 'null']}}]},
  },
} as const
