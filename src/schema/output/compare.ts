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
  required: ['modelId', 'modelName', 'modelFamily', 'hardwareId', 'hardwareType', 'deviceName', 'machine', 'testCase', 'batchSize', 'precision', 'simulated'],
  properties: {
    modelId: {type: 'integer'},
    modelName: {type: 'string'},
    modelFamily: nullableString,
    hardwareId: {type: 'integer'},
    hardwareType: {type: 'string'},
    deviceName: nullableString,
    machine: nullableString,
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
    samples: {type: 'integer', minimum: 0, description: 'raw iteration samples of this run'},
  },
}

const seriesComparison = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'key', 'verdict', 'decidedBy', 'baselineValue', 'candidateValue', 'change', 'gain', 'interval', 'pWorse', 'pBetter',
    'qWorse', 'qBetter', 'noise', 'modes', 'moreRuns', 'outlierRisk', 'reason', 'baselineBranch', 'excludedRuns', 'baseline', 'candidate'],
  properties: {
    id: {type: 'string'},
    key: seriesKey,
    verdict: {enum: ['regressed', 'improved', 'unchanged', 'inconclusive']},
    decidedBy: {enum: ['interval', 'insufficient-data']},
    baselineValue: {type: 'number', description: 'geometric median of the baseline runs (of the candidate\'s mode when bimodal)'},
    candidateValue: {type: 'number', description: 'geometric median of the candidate runs'},
    change: {...nullableNumber, description: 'candidate / baseline - 1'},
    gain: {...nullableNumber, description: 'change signed so that positive is better'},
    interval: {
      oneOf: [{type: 'null'}, {
        type: 'object', additionalProperties: false, required: ['low', 'high', 'level'],
        properties: {low: {type: 'number'}, high: {type: 'number'}, level: {type: 'number', description: 'two-sided confidence level (1 - 2 alpha)'}},
      }],
    },
    pWorse: {...nullableNumber, description: 'one-sided p of "worse by no more than the threshold"'},
    pBetter: {...nullableNumber, description: 'one-sided p of "better by no more than the threshold"'},
    qWorse: {...nullableNumber, description: 'pWorse after Benjamini-Hochberg across the series'},
    qBetter: {...nullableNumber, description: 'pBetter after Benjamini-Hochberg across the series'},
    noise: {
      type: 'object', additionalProperties: false, required: ['sigma', 'df', 'source', 'differences', 'iterationSigma'],
      properties: {
        sigma: {...nullableNumber, description: 'standard deviation of one run\'s log value'}, df: {type: 'number', minimum: 0},
        source: {enum: ['history', 'history+pooled', 'pooled', 'iterations', 'none']}, differences: {type: 'integer', minimum: 0},
        iterationSigma: nullableNumber,
      },
    },
    modes: {
      oneOf: [{type: 'null'}, {
        type: 'object', additionalProperties: false, required: ['levels', 'separation', 'candidateMode'],
        properties: {levels: {type: 'array', items: {type: 'number'}, minItems: 2, maxItems: 2}, separation: {type: 'number'}, candidateMode: {enum: [0, 1]}},
      }],
    },
    moreRuns: {type: ['integer', 'null'], description: 'inconclusive: candidate runs to add before it would be decided (null: more baseline needed)'},
    outlierRisk: {
      description: 'set when the candidate is outlier-like: earlier runs were isolated excursions at least as far out, and p (the chance of this by such runs) replaced the interval\'s p-value',
      oneOf: [{type: 'null'}, {
        type: 'object',
        additionalProperties: false,
        required: ['p', 'rate', 'seen', 'of', 'pooledSeen', 'pooledOf'],
        properties: {
          p: {type: 'number', minimum: 0, maximum: 1},
          rate: {type: 'number', minimum: 0, description: 'estimated share of runs that land this far out'},
          seen: {type: 'integer', minimum: 0, description: 'earlier runs of the series at least this far out'},
          of: {type: 'integer', minimum: 0},
          pooledSeen: {type: 'integer', minimum: 0, description: 'the same over the series of its machine in the comparison'},
          pooledOf: {type: 'integer', minimum: 0},
        },
      }],
    },
    reason: {type: 'string'},
    baselineBranch: nullableString,
    excludedRuns: {type: 'array', items: {type: 'integer'}},
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
        name: {type: 'string', description: 'metric_values.metric'},
        label: {type: 'string'}, unit: {type: 'string'}, better: {enum: ['higher', 'lower']},
      },
    },
    settings: {
      type: 'object', additionalProperties: false,
      required: ['threshold', 'alpha', 'includeSimulated', 'excludeRegressions', 'filters'],
      properties: {
        threshold: {type: 'number', exclusiveMinimum: 0}, alpha: {type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.5},
        includeSimulated: {type: 'boolean'}, excludeRegressions: {type: 'boolean'},
        filters: {
          type: 'object', additionalProperties: false,
          properties: {
            models: {type: 'array', items: {type: 'string'}},
            families: {type: 'array', items: {type: 'string'}},
            hardware: {type: 'array', items: {type: 'string'}},
            machines: {type: 'array', items: {type: 'string'}},
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
      required: ['series', 'regressed', 'improved', 'unchanged', 'inconclusive', 'unpaired', 'candidateOnly', 'baselineOnly', 'fdr'],
      properties: {
        ...Object.fromEntries(['series', 'regressed', 'improved', 'unchanged', 'inconclusive', 'unpaired', 'candidateOnly', 'baselineOnly'].map((k) => [k, {type: 'integer', minimum: 0}])),
        fdr: {
          type: 'object', additionalProperties: false, required: ['method', 'level', 'tested', 'pi0', 'expectedFalseAlarms'],
          properties: {method: {const: 'adaptive-benjamini-hochberg'}, level: {type: 'number'}, tested: {type: 'integer', minimum: 0},
            pi0: {type: 'number', minimum: 0, maximum: 1, description: 'Storey estimate of the share of series that did not get worse'},
            expectedFalseAlarms: {type: 'number', minimum: 0, description: 'sum of the raw p-values of the flagged series: a bound on the expected false alarms among them'}},
        },
      },
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
