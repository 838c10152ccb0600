/** JSON Schema of `bench db:serve --json`: where the server listens (printed once it does). */
const url = {type: 'string', pattern: '^https?://'} as const

export const serveOutputSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'benchdb/output/db-serve',
  title: 'bench db:serve --json',
  type: 'object',
  additionalProperties: false,
  required: ['url', 'docs', 'dashboard'],
  properties: {url, docs: url, dashboard: url},
}
