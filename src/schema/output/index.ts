import {compareOutputSchema} from './compare.js'
import {convertOutputSchema} from './convert.js'
import {createOutputSchema} from './create.js'
import {maintainOutputSchema} from './maintain.js'
import {QUERY_RESULT_SCHEMA} from './query-result.js'
import {serveOutputSchema} from './serve.js'

/**
 * The JSON Schema of every command's `--json` output, by command id. The build writes each to
 * dist/schema/output/<id with ':' as '-'>.schema.json (scripts/emit-output-schemas.mjs), the files
 * the package ships for scripts that validate what they parse; a test validates each command's real
 * output against the emitted file.
 */
export const OUTPUT_SCHEMAS: Record<string, object> = {
  'db:create': createOutputSchema,
  'db:convert': convertOutputSchema,
  'db:query': QUERY_RESULT_SCHEMA,
  'db:compare': compareOutputSchema,
  'db:maintain': maintainOutputSchema,
  'db:serve': serveOutputSchema,
}

export const outputSchemaFile = (command: string) => `${command.replace(/:/g, '-')}.schema.json`
