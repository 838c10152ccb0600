/** A flat map of API client feature checks: every value a status string ("Success", "Failed ...", "Error: ..."). */
const statusString = {type: 'string', pattern: '^(Success|Failed|Fail|Error|Skipped)'} as const

export const detect = {type: 'object', minProperties: 3, additionalProperties: statusString} as const

export const validate = {type: 'object', additionalProperties: {type: 'string'}} as const
