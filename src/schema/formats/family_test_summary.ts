/** Counts only: {total_models, successful_models, by_family.<family> = {total, successful, success_rate}}. */
export const detect = {
  type: 'object',
  required: ['by_family'],
  properties: {by_family: {type: 'object', minProperties: 1, additionalProperties: {type: 'object', required: ['successful']}}},
} as const

export const validate = {
  type: 'object',
  required: ['by_family'],
  properties: {
    timestamp: {type: 'string'},
    total_models: {type: 'integer'},
    successful_models: {type: 'integer'},
    by_family: {
      type: 'object',
      additionalProperties: {type: 'object', required: ['successful'], properties: {total: {type: 'integer'}, successful: {type: 'integer'}, success_rate: {type: ['number', 'null']}}},
    },
  },
} as const
