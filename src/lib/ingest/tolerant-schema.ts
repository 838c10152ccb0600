import type {Ajv} from 'ajv'
import type {DataValidationCxt} from 'ajv/dist/types/index.js'

/**
 * Runners write numbers as strings now and then ("12.5", "1e-3", " 8 "): where a schema expects a
 * number, such a string is accepted and, in the validating pass, replaced by its number in the
 * document, so mappers read numbers. Only positions typed number/integer are touched: a model
 * name such as "1234" (typed string) is identity and is never coerced.
 */
const NUMERIC = '^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$'
const INTEGER = '^\\s*[-+]?\\d+(\\.0*)?\\s*$'

export const COERCE_KEYWORD = 'x-coerceNumber'

type Schema = Record<string, unknown>

function numericTypes(type: unknown): string[] {
  const types = Array.isArray(type) ? type : [type]
  return types.filter((t): t is string => t === 'number' || t === 'integer')
}

/**
 * A copy of `schema` in which every node typed number or integer also accepts a numeric string
 * (integer: one with no fraction). With `coerce`, the string branch carries the keyword that
 * replaces the string by its number once it matched.
 */
export function tolerateNumericStrings(schema: unknown, coerce: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => tolerateNumericStrings(s, coerce))
  if (!schema || typeof schema !== 'object') return schema
  const out: Schema = {}
  for (const [k, v] of Object.entries(schema)) {
    // `properties`, `patternProperties`, `$defs` map names to schemas; `required` and `enum` hold data.
    if (k === 'required' || k === 'enum' || k === 'const') out[k] = v
    // `if` and `not` only test the value: coercing inside them would turn a string into a number
    // in a branch that then fails, and the branch that was meant to coerce it would see a number.
    else if (k === 'if' || k === 'not') out[k] = tolerateNumericStrings(v, false)
    else if (k === 'properties' || k === 'patternProperties' || k === '$defs' || k === 'definitions') {
      out[k] = Object.fromEntries(Object.entries(v as Schema).map(([name, s]) => [name, tolerateNumericStrings(s, coerce)]))
    } else out[k] = tolerateNumericStrings(v, coerce)
  }
  const numeric = numericTypes(out.type)
  if (numeric.length === 0) return out
  const pattern = numeric.includes('number') ? NUMERIC : INTEGER
  // The coercing branch checks the string itself: once it replaced the value, a `type: string`
  // beside it would fail on the number it became.
  const asString = coerce ? {[COERCE_KEYWORD]: pattern} : {type: 'string', pattern}
  return {anyOf: [out, asString]}
}

/** Registers the keyword that accepts a string matching its pattern and replaces it by its number, in place. */
export function addCoerceKeyword(ajv: Ajv): void {
  const patterns = new Map<string, RegExp>()
  ajv.addKeyword({
    keyword: COERCE_KEYWORD,
    modifying: true,
    schemaType: 'string',
    validate(pattern: string, data: unknown, _parent?: unknown, cxt?: DataValidationCxt) {
      let re = patterns.get(pattern)
      if (!re) patterns.set(pattern, (re = new RegExp(pattern)))
      if (typeof data !== 'string' || !re.test(data) || !cxt || cxt.parentDataProperty === undefined) return false
      ;(cxt.parentData as Record<string | number, unknown>)[cxt.parentDataProperty] = Number(data.trim())
      return true
    },
  })
}
