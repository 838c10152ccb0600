/**
 * JSON Schema (draft-07) of `bench db:compare --format json` (and `--json`, and the API's
 * compare response): the ComparisonResult of src/lib/compare/compare.ts (the API adds `gate`). Published with the
 * package (`files` includes src/schema) so CI scripts can validate what they parse.
 */

const nullableNumber = {type: ['number', 'null']}
const nullableString = {type: ['string', 'null']}

const runInfo = {
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'at', 'testName', 'gitCommit', 'gitBranch'],
  properties: {
    runId: {type: 'integer'},
    at: {...nullableString, description: 'started_at, else completed_at, else when stored (ISO-8601 UTC)'},
    testName: {type: 'string'},
    gitCommit: nullableString,
    gitBranch: nullableString,
  },
}

const seriesKey = {
  type: 'object',
  additionalProperties: false,
  required: ['modelId', 'modelName', 'modelFamily', 'hardwareId', 'hardwareType', 'deviceName', 'testCase', 'batchSize', 'precision', 'simulated'],
  properties: {
    modelId: {type: 'integer'},
    modelName: {type: 'string'},
    modelFamily: nullableString,
    hardwareId: {type: 'integer'},
    hardwareType: {type: 'string'},
    deviceName: nullableString,
    testCase: nullableString,
    batchSize: {type: ['integer', 'null']},
    precision: nullableString,
    simulated: {type: 'boolean'},
  },
}

const sidePoint = {
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'at', 'value', 'samples'],
  properties: {
    runId: {type: 'integer'},
    at: nullableString,
    value: {type: 'number'},
    samples: {type: 'integer', minimum: 0, description: 'raw iteration samples of this run used by Mann-Whitney U'},
  },
}

const testName = {enum: ['mann-whitney', 'robust-z', 'mann-whitney+robust-z', 'none']}

const seriesComparison = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'key', 'verdict', 'decidedBy', 'test', 'baselineValue', 'candidateValue', 'change', 'gain', 'pValue',
    'mannWhitney', 'robustZ', 'baselineRunsP', 'reason', 'baseline', 'candidate'],
  properties: {
    id: {type: 'string'},
    key: seriesKey,
    verdict: {enum: ['regressed', 'improved', 'unchanged', 'inconclusive']},
    decidedBy: {enum: ['threshold', 'insufficient-data', ...testName.enum]},
    test: testName,
    baselineValue: {type: 'number', description: 'median of the baseline runs'},
    candidateValue: {type: 'number', description: 'median of the candidate runs'},
    change: {...nullableNumber, description: '(candidate - baseline) / baseline'},
    gain: {...nullableNumber, description: 'change signed so that positive is better'},
    pValue: nullableNumber,
    mannWhitney: {
      oneOf: [{type: 'null'}, {
        type: 'object', additionalProperties: false, required: ['u', 'p', 'method', 'n1', 'n2'],
        properties: {u: {type: 'number'}, p: {type: 'number'}, method: {enum: ['exact', 'normal']}, n1: {type: 'integer'}, n2: {type: 'integer'}},
      }],
    },
    robustZ: {
      oneOf: [{type: 'null'}, {
        type: 'object', additionalProperties: false, required: ['z', 'p', 'centre', 'spread', 'runs'],
        properties: {
          z: {...nullableNumber, description: 'null when the history has no spread at all (infinite z)'},
          p: {type: 'number'}, centre: {type: 'number'}, spread: {type: 'number'}, runs: {type: 'integer'},
        },
      }],
    },
    baselineRunsP: {...nullableNumber, description: 'Mann-Whitney p between the two runs of a two-run baseline (run-to-run check)'},
    reason: {type: 'string'},
    baseline: {type: 'array', items: sidePoint, minItems: 1},
    candidate: {type: 'array', items: sidePoint, minItems: 1},
  },
}

export const compareOutputSchema = {
  $id: 'benchdb/output/db-compare',
  title: 'benchdb db:compare result',
  type: 'object',
  additionalProperties: false,
  required: ['metric', 'settings', 'baseline', 'candidate', 'summary', 'series', 'unpaired', 'warnings'],
  properties: {
    metric: {
      type: 'object', additionalProperties: false, required: ['name', 'label', 'unit', 'better'],
      properties: {
        name: {enum: ['throughput', 'latency', 'p50', 'p90', 'p99', 'memory']},
        label: {type: 'string'}, unit: {type: 'string'}, better: {enum: ['higher', 'lower']},
      },
    },
    settings: {
      type: 'object', additionalProperties: false,
      required: ['threshold', 'alpha', 'minSamples', 'minHistoryRuns', 'includeSimulated', 'filters'],
      properties: {
        threshold: {type: 'number', minimum: 0}, alpha: {type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.5},
        minSamples: {type: 'integer'}, minHistoryRuns: {type: 'integer'}, includeSimulated: {type: 'boolean'},
        filters: {
          type: 'object', additionalProperties: false,
          properties: {
            models: {type: 'array', items: {type: 'string'}},
            families: {type: 'array', items: {type: 'string'}},
            hardware: {type: 'array', items: {type: 'string'}},
          },
        },
      },
    },
    baseline: {type: 'object', additionalProperties: false, required: ['selector', 'runs'],
      properties: {selector: {type: 'string'}, runs: {type: 'array', items: runInfo, minItems: 1}}},
    candidate: {type: 'object', additionalProperties: false, required: ['selector', 'runs'],
      properties: {selector: {type: 'string'}, runs: {type: 'array', items: runInfo, minItems: 1}}},
    summary: {
      type: 'object', additionalProperties: false,
      required: ['series', 'regressed', 'improved', 'unchanged', 'inconclusive', 'unpaired'],
      properties: Object.fromEntries(['series', 'regressed', 'improved', 'unchanged', 'inconclusive', 'unpaired']
        .map((k) => [k, {type: 'integer', minimum: 0}])),
    },
    series: {type: 'array', items: seriesComparison},
    unpaired: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'key', 'side', 'runs'],
        properties: {id: {type: 'string'}, key: seriesKey, side: {enum: ['baseline-only', 'candidate-only']}, runs: {type: 'array', items: {type: 'integer'}}},
      },
    },
    warnings: {type: 'array', items: {type: 'string'}},
    gate: {
      type: 'object', additionalProperties: false, required: ['failOn', 'failed'],
      description: 'Only in the API answer (GET /api/compare/runs): what --fail-on would do; failed = the CLI would exit 1',
      properties: {failOn: {enum: ['regression', 'any', 'never']}, failed: {type: 'boolean'}},
    },
  },
} as const
