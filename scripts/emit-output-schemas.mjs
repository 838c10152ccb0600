// Writes the JSON Schema of every command's --json output as a .json file beside the compiled
// modules (dist/schema/output/<command>.schema.json), from the one source in src/schema/output/.
import {writeFileSync} from 'node:fs'

const {OUTPUT_SCHEMAS, outputSchemaFile} = await import('../dist/schema/output/index.js')
for (const [command, schema] of Object.entries(OUTPUT_SCHEMAS)) {
  writeFileSync(new URL(`../dist/schema/output/${outputSchemaFile(command)}`, import.meta.url), JSON.stringify(schema, null, 2) + '\n')
}
