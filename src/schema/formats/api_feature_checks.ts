/**
 * A flat map of API client feature checks: every string value a status ("Success", "Failed ...",
 * "Error: ..."). Object or list values (a metadata block a newer client adds) are tolerated and
 * kept in run metadata; at least three checks are needed to call a document this layout.
 */
const statusString = {type: 'string', pattern: '^(Success|Failed|Fail|Error|Skipped)'} as const
const SOME_STATUS = {not: {additionalProperties: {not: statusString}}} as const

export const detect = {type: 'object', minProperties: 3, ...SOME_STATUS, additionalProperties: {anyOf: [statusString, {type: ['object', 'array']}]}} as const

export const validate = {type: 'object', additionalProperties: {type: ['string', 'object', 'array']}} as const
