import {existsSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

/**
 * benchdb result format v1: its JSON Schema is a `.json` file that ships in the package
 * (src/schema is in package.json `files`), so runners in any language can validate against the
 * exact file the API serves. Compiled code (dist/schema/formats) reads it from the package's
 * src/schema; sources and tests read it beside this module.
 */
export const NATIVE_SCHEMA_FILE = 'benchdb-result-v1.schema.json'

export function nativeSchemaPath(): string {
  for (const rel of [`./${NATIVE_SCHEMA_FILE}`, `../../../src/schema/formats/${NATIVE_SCHEMA_FILE}`]) {
    const path = fileURLToPath(new URL(rel, import.meta.url))
    if (existsSync(path)) return path
  }
  throw new Error(`${NATIVE_SCHEMA_FILE} is missing from the package`)
}

/** The schema's exact bytes (what GET /api/schemas/benchdb-result-v1.json serves). */
export const nativeSchemaText: string = readFileSync(nativeSchemaPath(), 'utf8')

/** Detect only the discriminator: a wrong version or a bad field is then rejected with its pointer, not "unrecognized". */
export const detect = {
  type: 'object',
  required: ['format'],
  properties: {format: {const: 'benchdb-result'}},
  // Without a `format` key, also count the other keys it lacks: an unrelated document is then not
  // "closest" to this one-key schema, and its unrecognized reason names a likelier layout.
  if: {not: {required: ['format']}},
  then: {required: ['version', 'results']},
} as const

export const validate: object = JSON.parse(nativeSchemaText) as object
