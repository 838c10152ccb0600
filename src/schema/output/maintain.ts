/**
 * JSON Schema of `bench db:maintain --json`: the MaintainResult of src/lib/maintain/run.ts. One key
 * per operation that ran (the others are absent); each operation's result is an object whose own
 * fields are documented in docs/db-maintain.md. Published as dist/schema/output/db-maintain.schema.json.
 */
const op = {type: 'object'} as const

export const maintainOutputSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'benchdb/output/db-maintain',
  title: 'bench db:maintain --json',
  type: 'object',
  additionalProperties: false,
  required: ['database', 'dryRun', 'exitCode'],
  properties: {
    database: {type: 'string'},
    dryRun: {type: 'boolean'},
    exitCode: {enum: [0, 1]},
    backup: op,
    clean: {
      type: 'object',
      required: ['removed', 'kept'],
      properties: {removed: {type: 'array', items: {type: 'object', required: ['path']}}, kept: {type: 'array', items: {type: 'object', required: ['path', 'reason']}}},
    },
    restore: op,
    optimize: op,
    vacuum: op,
    integrity: {
      type: 'object',
      required: ['problems'],
      properties: {problems: {type: 'array', items: {type: 'object'}}},
    },
    purge: op,
    restoredBackup: op,
  },
}
