/** BenchmarkDotNet JSON exporter (`JsonExporter.Full`/`.Brief`, `--exporters json`): Title, HostEnvironmentInfo, Benchmarks[{FullName, Statistics (ns), Memory?}]. */
export const detect = {
  type: 'object',
  required: ['Benchmarks', 'HostEnvironmentInfo'],
  properties: {
    HostEnvironmentInfo: {type: 'object'},
    Benchmarks: {type: 'array', items: {type: 'object', required: ['FullName']}},
  },
} as const

const ns = {type: ['number', 'null']} as const

export const validate = {
  type: 'object',
  required: ['Benchmarks', 'HostEnvironmentInfo'],
  properties: {
    Title: {type: 'string'},
    HostEnvironmentInfo: {type: 'object', properties: {ProcessorName: {type: 'string'}, BenchmarkDotNetVersion: {type: 'string'}}},
    Benchmarks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['FullName'],
        properties: {
          FullName: {type: 'string'},
          DisplayInfo: {type: 'string'},
          Parameters: {type: ['string', 'null']},
          Statistics: {
            type: ['object', 'null'],
            required: ['Mean'],
            properties: {
              // null = not measured (the row keeps its other statistics and samples).
              Mean: ns, Median: ns, Min: ns, Max: ns, StandardDeviation: ns, StandardError: ns, N: {type: ['integer', 'null']},
              Q1: ns, Q3: ns,
              OriginalValues: {type: 'array', items: {type: 'number'}},
              Percentiles: {type: ['object', 'null'], additionalProperties: ns},
            },
          },
          Memory: {
            type: ['object', 'null'],
            properties: {Gen0Collections: ns, Gen1Collections: ns, Gen2Collections: ns, TotalOperations: ns, BytesAllocatedPerOperation: ns},
          },
        },
      },
    },
  },
} as const
