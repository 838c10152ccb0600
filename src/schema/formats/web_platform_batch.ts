import {resultItem} from './web_platform_result.js'

/** Many web platform results: {platform, models_tested, results: [<web platform result>]}. */
export const detect = {
  type: 'object',
  required: ['platform', 'results'],
  properties: {results: {type: 'array', minItems: 1, items: {type: 'object', required: ['platform', 'status', 'platform_support']}}},
} as const

export const validate = {
  type: 'object',
  required: ['platform', 'results'],
  properties: {timestamp: {type: 'string'}, platform: {type: 'string'}, models_tested: {type: 'array', items: {type: 'string'}}, results: {type: 'array', items: resultItem}},
} as const
