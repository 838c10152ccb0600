import {Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {reportFilterFlags, truncateFlag} from '../../cli/flags.js'
import {BenchError} from '../../lib/errors.js'
import type {QueryRequest, QueryResult} from '../../lib/report/index.js'

const REPORTS = ['performance', 'summary', 'hardware', 'compatibility', 'integration', 'web-platform']
const METRICS = ['throughput', 'latency', 'memory', 'p50', 'p90', 'p99']
const FORMATS = ['text', 'markdown', 'csv', 'json', 'html', 'png', 'chart']
/** Rows per table shown on a terminal (text format): a screenful or two of scrollback, not 7,000 lines. */
const TERMINAL_ROWS = 200

export default class DbQuery extends BaseCommand {
  static override summary = 'Query the database: SQL, reports, compatibility matrix, hardware comparison and trends.'

  static override description =
    'Exactly one of --sql, --report, --compatibility-matrix, --compare-hardware or --trend. Results print on stdout ' +
    '(or go to --output) as text, Markdown, CSV, JSON, self-contained HTML or a PNG chart. Simulated results are ' +
    'excluded unless --include-simulated, and every report says how many were left out.\n\n' +
    '--sql runs ONE read-only statement (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN) in a sandbox: the ' +
    'database is opened read-only with file system access, extension loading and configuration changes disabled. ' +
    'Refused statements exit 2; SQL errors and timeouts exit 1.'

  static override examples = [
    {description: 'Execute a custom SQL query', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --sql "SELECT * FROM models LIMIT 10"'},
    {description: 'Performance report for a model family', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --report performance --family bert'},
    {description: 'Hardware compatibility matrix', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --compatibility-matrix'},
    {description: 'Compare throughput across hardware for one model', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --model bert-base-uncased --metric throughput --compare-hardware'},
    {description: 'Summary report as a self-contained HTML file', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --report summary --format html --output report.html'},
    {description: 'The same comparison as a PNG chart', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --model bert-base-uncased --metric throughput --compare-hardware --format chart --output chart.png'},
    {description: 'Geometric-mean speed-up per hardware over a family', command: '<%= config.bin %> <%= command.id %> --compare-hardware --family bert --metric latency --baseline cpu'},
    {description: 'Throughput of a model on one hardware type over time', command: '<%= config.bin %> <%= command.id %> --trend --model bert-base-uncased --hardware cuda --metric throughput'},
    {description: 'Matrix by family as CSV', command: '<%= config.bin %> <%= command.id %> --compatibility-matrix --by family --format csv --output matrix.csv'},
  ]

  static override flags = {
    sql: Flags.string({summary: 'Run one read-only SQL statement (sandboxed).', helpGroup: 'MODE'}),
    report: Flags.string({summary: 'Generate a report.', options: REPORTS, helpGroup: 'MODE'}),
    'compatibility-matrix': Flags.boolean({summary: 'Model (or family) x hardware compatibility matrix.', default: false, helpGroup: 'MODE'}),
    'compare-hardware': Flags.boolean({summary: 'Compare a metric across hardware (one model, a family, or all models).', default: false, helpGroup: 'MODE'}),
    trend: Flags.boolean({summary: 'A metric of --model on --hardware over time, one point per run.', default: false, helpGroup: 'MODE'}),
    by: Flags.string({summary: 'Matrix rows: model or family.', options: ['model', 'family'], default: 'model'}),
    metric: Flags.string({summary: 'Metric for --compare-hardware and --trend.', options: METRICS, default: 'throughput'}),
    baseline: Flags.string({summary: 'Reference hardware for speed-ups.', default: 'cpu'}),
    ...reportFilterFlags,
    format: Flags.string({char: 'f', summary: 'Output format (chart = png).', options: FORMATS, default: 'text'}),
    output: Flags.string({char: 'o', summary: 'Write to this file instead of stdout (required for png).'}),
    truncate: truncateFlag,
    limit: Flags.integer({summary: 'Row cap for --sql (says when it truncated).', min: 1, default: 1000}),
    timeout: Flags.string({summary: 'Stop --sql after this many seconds (decimals allowed).', default: '30'}),
  }

  public async run(): Promise<QueryResult> {
    const {flags} = await this.parse(DbQuery)
    // The two modules it uses, not the report index (which loads every report).
    const [{runQuery}, {renderResult, parseFormat, drawsCharts}, {askServer, servingServer, LOCAL_QUERY_PATH}] = await Promise.all([
      import('../../lib/report/query.js'),
      import('../../lib/report/output.js'),
      import('../../lib/db/served-client.js'),
    ])
    this.refuseJsonWith(flags.format)
    const format = this.jsonEnabled() ? 'json' : parseFormat(flags.format)
    if (format === 'png' && !flags.output) {
      throw new BenchError('usage', 'PNG output needs --output FILE (a chart is not written to a terminal)', {hint: 'Add --output chart.png.'})
    }
    // A refused --output (the database itself, a directory) costs nothing: checked before the query.
    if (flags.output) (await import('../../lib/util/safe-output.js')).checkOutputPath(flags.output, {db: flags.db})
    // Chart.js and the canvas load (and charts draw) on another core while this thread queries.
    const charts = drawsCharts(format) ? (await import('../../lib/render/charts/thread.js')).startChartThread() : undefined
    let result: QueryResult
    try {
      const request = this.request(flags)
      // While bench db:serve holds the file, the server answers (read-while-serving); SQL runs
      // in the local sandbox, which then reports who holds the file.
      const served = request.mode === 'sql' ? undefined : servingServer(flags.db)
      if (served) {
        result = (await askServer<{result: QueryResult}>(served, LOCAL_QUERY_PATH, {request})).result
        result.meta.databasePath = flags.db // as the user typed it, as a local open names it
      } else {
        result = await runQuery(flags.db, request, {prefetchChart: charts?.prefetch})
      }
      if (!this.jsonEnabled() || flags.output) {
        // A terminal gets tables fitted to its width and at most TERMINAL_ROWS rows each (a line says
        // how many more and how to get them; --sql has its own --limit); files and pipes get room for
        // whole values and every row.
        const toTerminal = this.isTty && !flags.output
        const rendered = await renderResult(result, format, {
          // Prose wraps at 100 columns in files; tables there keep whole values (truncate: false).
          width: toTerminal ? undefined : 100,
          truncate: toTerminal && flags.truncate,
          color: toTerminal && process.stdout.hasColors?.(),
          maxRows: toTerminal && result.kind !== 'sql' ? TERMINAL_ROWS : undefined,
          renderChart: charts?.render,
        })
        if (flags.output) {
          const {writeOutputFile} = await import('../../lib/util/safe-output.js')
          writeOutputFile(flags.output, rendered.body, {db: flags.db})
          this.note(`Wrote ${format} to ${flags.output}`)
        } else {
          process.stdout.write(rendered.body)
        }
      }
    } finally {
      await charts?.close()
    }
    // Text, Markdown and HTML say it inside the report; CSV and PNG cannot.
    if (result.meta.simulatedExcluded > 0 && (format === 'csv' || format === 'png')) {
      this.note(`${result.meta.simulatedExcluded} simulated row(s) excluded; add --include-simulated to include them.`)
    }
    if (result.kind === 'sql' && result.truncated) this.note(`Output truncated to ${result.limit} rows; raise --limit to see more.`)
    return result
  }

  private request(flags: Awaited<ReturnType<DbQuery['parse']>>['flags'] & Record<string, unknown>): QueryRequest {
    const modes = [
      flags.sql !== undefined && '--sql',
      flags.report !== undefined && '--report',
      flags['compatibility-matrix'] && '--compatibility-matrix',
      flags['compare-hardware'] && '--compare-hardware',
      flags.trend && '--trend',
    ].filter(Boolean)
    if (modes.length !== 1) {
      throw new BenchError('usage', modes.length === 0 ? 'nothing to do: choose what to query' : `choose one of ${modes.join(', ')}`, {
        expected: 'exactly one of --sql, --report, --compatibility-matrix, --compare-hardware, --trend',
        hint: 'See examples with: bench db:query --help',
      })
    }
    const filters = {
      family: flags.family, model: flags.model, hardware: flags.hardware, batchSize: flags['batch-size'],
      precision: flags.precision, since: flags.since, includeSimulated: flags['include-simulated'],
      excludeInferred: !flags.inferred,
    }
    if (flags.sql !== undefined) {
      const seconds = Number(flags.timeout)
      if (!(seconds > 0)) throw new BenchError('usage', `--timeout must be a positive number of seconds, got "${flags.timeout}"`)
      return {mode: 'sql', sql: flags.sql, limit: flags.limit, timeoutMs: Math.round(seconds * 1000)}
    }
    if (flags.report !== undefined) return {mode: 'report', report: flags.report as never, filters}
    if (flags['compatibility-matrix']) return {mode: 'matrix', by: flags.by as 'model' | 'family', filters}
    if (flags['compare-hardware']) return {mode: 'compare', metric: flags.metric, baseline: flags.baseline, filters}
    return {mode: 'trend', metric: flags.metric, filters}
  }
}
