/** `{test_<name>: <status map> | "<error string>"}`: several skill tests' status maps side by side. */
export const detect = {
  type: 'object',
  minProperties: 1,
  propertyNames: {pattern: '^test_'},
  additionalProperties: {type: ['object', 'string']},
} as const

export const validate = {
  type: 'object',
  propertyNames: {pattern: '^test_'},
  additionalProperties: {
    anyOf: [{type: 'string'}, {type: 'object', additionalProperties: {type: ['string', 'number', 'boolean', 'array', 'object', 'null']}}],
  },
} as const
