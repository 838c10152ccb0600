import {skillResultBody} from './skill_test_result.js'

/** A performance-runner wrapper: `metadata.test_file` + `results` holding a skill test result. */
export const detect = {
  type: 'object',
  required: ['metadata', 'results'],
  properties: {metadata: {type: 'object'}, results: {type: 'object', required: ['status']}},
} as const

export const validate = {
  type: 'object',
  required: ['metadata', 'results'],
  properties: {
    metadata: {type: 'object', properties: {test_file: {type: 'string'}, timestamp: {type: 'string'}, execution_time: {type: ['number', 'null']}}},
    results: skillResultBody,
  },
} as const
