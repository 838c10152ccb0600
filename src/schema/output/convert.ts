/**
 * JSON Schema of `bench db:convert --json`: the ConvertResult of src/lib/ingest/convert.ts, or, with
 * `--explain FILE`, the Explanation of src/lib/ingest/explain.ts. Published as
 * dist/schema/output/db-convert.schema.json (scripts/emit-output-schemas.mjs).
 */
const int = {type: 'integer', minimum: 0} as const
const nstr = {type: ['string', 'null']} as const
const counts = {type: 'object', additionalProperties: {type: 'integer', minimum: 0}} as const
const nullable = (schema: object) => ({anyOf: [schema, {type: 'null'}]})

const outcome = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'status', 'category', 'shape', 'rows', 'reason', 'pointer', 'expected', 'duplicateOf', 'replacesVersion', 'notes', 'sha256'],
  properties: {
    path: {type: 'string'},
    status: {enum: ['ingested', 'unchanged', 'duplicate', 'rejected', 'unrecognized', 'skipped']},
    category: nstr,
    shape: nstr,
    rows: nullable(counts),
    reason: nstr,
    pointer: nstr,
    expected: nstr,
    duplicateOf: nstr,
    replacesVersion: {type: 'boolean'},
    notes: {type: 'array', items: {type: 'string'}},
    sha256: {type: ['string', 'null'], pattern: '^[0-9a-f]{64}$'},
  },
}

const convertResult = {
  type: 'object',
  additionalProperties: false,
  required: ['db', 'createdDatabase', 'scannedDirs', 'missingDirs', 'summary', 'problems', 'files', 'parquet'],
  properties: {
    db: {type: 'string'},
    createdDatabase: {type: 'boolean'},
    scannedDirs: {type: 'array', items: {type: 'string'}},
    missingDirs: {type: 'array', items: {type: 'string'}},
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['dryRun', 'scanned', 'ingested', 'unchanged', 'duplicate', 'rejected', 'unrecognized', 'skipped', 'newVersions', 'rows', 'bytesRead', 'elapsedSeconds', 'filesPerSecond'],
      properties: {
        dryRun: {type: 'boolean'},
        scanned: int, ingested: int, unchanged: int, duplicate: int, rejected: int, unrecognized: int, skipped: int, newVersions: int,
        rows: counts,
        bytesRead: int,
        elapsedSeconds: {type: 'number', minimum: 0},
        filesPerSecond: {type: 'number', minimum: 0},
      },
    },
    problems: {type: 'array', items: outcome},
    files: nullable({type: 'array', items: outcome}),
    parquet: nullable({
      type: 'object',
      additionalProperties: false,
      required: ['dir', 'tables', 'bytes'],
      properties: {
        dir: {type: 'string'},
        bytes: int,
        tables: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['table', 'path', 'rows', 'readBack', 'partitionedBy'],
            properties: {table: {type: 'string'}, path: {type: 'string'}, rows: int, readBack: int, partitionedBy: nstr},
          },
        },
      },
    }),
  },
}

const explanation = {
  type: 'object',
  // Its rows preview and detection entries are per-adapter detail: open, but present.
  required: ['path', 'size', 'status', 'adapter', 'category', 'reason', 'pointer', 'expected', 'detection', 'rowCounts', 'rows'],
  properties: {
    path: {type: 'string'},
    size: int,
    status: {enum: ['ingested', 'rejected', 'unrecognized']},
    adapter: nstr,
    category: nstr,
    reason: nstr,
    pointer: nstr,
    expected: nstr,
    detection: {type: 'array', items: {type: 'object'}},
    rowCounts: nullable(counts),
    rows: nullable({type: 'object', additionalProperties: {type: 'array', items: {type: 'object'}}}),
  },
}

export const convertOutputSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'benchdb/output/db-convert',
  title: 'bench db:convert --json (or --explain FILE --json)',
  oneOf: [convertResult, explanation],
}
