import type {ReportDocument, Table} from '../../src/lib/render/index.js'

export const XSS_MODEL = '<img src=x onerror=alert(1)>'

/** One of each awkward case: markup in a name, a formula, a negative number, quotes/commas/newlines, missing values. */
export const latencyTable: Table = {
  title: 'Latency by model',
  columns: [
    {key: 'model', title: 'Model'},
    {key: 'latency', title: 'Latency', unit: 'ms', format: 'number'},
    {key: 'runs', title: 'Runs', format: 'integer'},
    {key: 'share', title: 'Share', format: 'percent'},
  ],
  rows: [
    {model: XSS_MODEL, latency: 12.3456, runs: 12345, share: 0.125},
    {model: '=HYPERLINK("http://evil")', latency: -1.5, runs: 3, share: null},
    {model: 'a "quoted", multi\nline|pipe\\slash', latency: null, runs: undefined, share: Number.NaN},
  ],
  notes: ['1 simulated row excluded'],
}

export const sampleDocument: ReportDocument = {
  title: `Report for ${XSS_MODEL}`,
  subtitle: 'All hardware',
  sections: [
    {
      heading: 'Latency',
      blocks: [
        {kind: 'paragraph', text: `Fastest: ${XSS_MODEL} & friends`},
        {kind: 'table', table: latencyTable},
        {
          kind: 'chart',
          chart: {
            kind: 'bar',
            title: `Throughput of ${XSS_MODEL}`,
            categories: ['cpu', 'cuda'],
            datasets: [
              {label: '1', values: [10, 200]},
              {label: '8', values: [30, null]},
            ],
            xLabel: 'Hardware',
            yLabel: 'Throughput',
            yUnit: 'items/s',
            legendTitle: 'Batch size',
          },
          width: 400,
          height: 300,
        },
      ],
    },
  ],
  provenance: {
    benchdbVersion: '0.1.0',
    databasePath: '/data/bench<1>.duckdb',
    schemaVersion: 7,
    filters: {model: XSS_MODEL, hardware: ['cpu', 'cuda']},
    generatedAt: '2025-03-04T05:06:07Z',
    rowsUsed: 4321,
    simulatedIncluded: false,
    simulatedExcluded: 17,
  },
}
