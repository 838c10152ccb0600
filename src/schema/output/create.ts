/** JSON Schema of `bench db:create --json` (a public surface: scripts parse it). */
export const createOutputSchema = {
  $id: 'benchdb/output/db-create',
  type: 'object',
  required: ['path', 'action', 'schemaVersion', 'migratedFrom', 'sampleData', 'objects', 'counts'],
  additionalProperties: false,
  properties: {
    path: {type: 'string'},
    action: {enum: ['created', 'recreated', 'existing']},
    schemaVersion: {type: 'integer', minimum: 1},
    migratedFrom: {type: ['integer', 'null']},
    sampleData: {
      oneOf: [
        {type: 'null'},
        {
          type: 'object',
          required: ['inserted', 'alreadyPresent'],
          additionalProperties: false,
          properties: {inserted: {type: 'integer', minimum: 0}, alreadyPresent: {type: 'integer', minimum: 0}},
        },
      ],
    },
    objects: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'kind', 'rows'],
        additionalProperties: false,
        properties: {name: {type: 'string'}, kind: {enum: ['table', 'view']}, rows: {type: 'integer', minimum: 0}},
      },
    },
    counts: {type: 'object', additionalProperties: {type: 'integer', minimum: 0}},
  },
} as const
