import {functionalityBody} from './functionality_report.js'

/** A whole suite run: models map, functionality_verification per hardware, performance_benchmarks per family. */
export const detect = {
  type: 'object',
  required: ['models', 'functionality_verification'],
  properties: {functionality_verification: {type: 'object'}, models: {type: 'object'}},
} as const

export const validate = {
  type: 'object',
  required: ['models', 'functionality_verification'],
  properties: {
    timestamp: {type: 'string'},
    models: {type: 'object', additionalProperties: {type: 'object', required: ['name'], properties: {name: {type: 'string'}, family: {type: 'string'}, modality: {type: 'string'}}}},
    functionality_verification: {type: 'object', additionalProperties: functionalityBody},
    performance_benchmarks: {type: 'object', additionalProperties: {type: 'object', properties: {status: {type: 'string'}, error: {type: 'string'}}}},
    hardware_detected: {type: 'object', additionalProperties: {type: ['boolean', 'null']}},
    simulated_hardware: {type: 'array', items: {type: 'string'}},
    warnings: {type: 'array'},
  },
} as const
