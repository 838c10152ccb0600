import {Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {reportFilterFlags, truncateFlag} from '../../cli/flags.js'
import {BenchError} from '../../lib/errors.js'
import {metricNames, STATISTICS} from '../../lib/metrics/catalogue.js'
import type {QueryRequest, QueryResult} from '../../lib/report/index.js'
import {metricInfo} from '../../lib/report/metrics.js'

const REPORTS = ['performance', 'summary', 'hardware', 'compatibility', 'integration', 'web-platform']
const FORMATS = ['text', 'markdown', 'csv', 'json', 'html', 'png', 'chart', 'parquet']
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
    {description: 'Throughput of a model on one hardware type over time (one line per device, machine, precision and batch size)', command: '<%= config.bin %> <%= command.id %> --trend --model bert-base-uncased --hardware cuda --metric throughput'},
    {description: 'An LLM\'s tokens per second across hardware, in tokens/s', command: '<%= config.bin %> <%= command.id %> --compare-hardware --model meta-llama/Llama-3.2-1B --metric tokens_per_second'},
    {description: 'p99 time to first token over time', command: '<%= config.bin %> <%= command.id %> --trend --model meta-llama/Llama-3.2-1B --hardware cuda --metric ttft_p99'},
    {description: 'Every row of a query as CSV, streamed (constant memory)', command: '<%= config.bin %> <%= command.id %> --sql "SELECT * FROM performance_results" --limit 0 --format csv --output all.csv'},
    {description: 'The same as Parquet', command: '<%= config.bin %> <%= command.id %> --sql "SELECT * FROM metric_values" --limit 0 --format parquet --output metrics.parquet'},
    {description: 'Two models on two hardware types (repeated filters mean any of them)', command: '<%= config.bin %> <%= command.id %> --report performance --model bert-base-uncased --model t5-small --hardware cpu --hardware cuda'},
    {description: 'Every model in the summary, also those without any data', command: '<%= config.bin %> <%= command.id %> --report summary --all'},
    {description: 'Matrix by family as CSV', command: '<%= config.bin %> <%= command.id %> --compatibility-matrix --by family --format csv --output matrix.csv'},
  ]

  static override flags = {
    sql: Flags.string({summary: 'Run one read-only SQL statement (sandboxed).', helpGroup: 'MODE'}),
    report: Flags.string({summary: 'Generate a report.', options: REPORTS, helpGroup: 'MODE'}),
    'compatibility-matrix': Flags.boolean({summary: 'Model (or family) x hardware compatibility matrix.', default: false, helpGroup: 'MODE'}),
    'compare-hardware': Flags.boolean({summary: 'Compare a metric across hardware (one model, a family, or all models), each series against the baseline of its precision.', default: false, helpGroup: 'MODE'}),
    trend: Flags.boolean({summary: 'A metric of --model on --hardware over time: one line per series (device, machine, precision, batch size), one point per run.', default: false, helpGroup: 'MODE'}),
    by: Flags.string({summary: 'Matrix rows: model or family.', options: ['model', 'family'], default: 'model'}),
    metric: Flags.string({
      summary: 'Metric for --compare-hardware and --trend: any catalogued metric, alias or statistic suffix.',
      description: `One of ${metricNames().join(', ')}; an alias (tok/s, qps, p99 ...) or a statistic suffix (_${Object.keys(STATISTICS).join(', _')}), e.g. ttft_p99, latency_median. Each is shown in its own unit.`,
      default: 'throughput',
    }),
    baseline: Flags.string({summary: 'Reference hardware for speed-ups.', default: 'cpu'}),
    ...reportFilterFlags,
    format: Flags.string({char: 'f', summary: 'Output format (chart = png; parquet: --sql only, needs --output).', options: FORMATS, default: 'text'}),
    output: Flags.string({char: 'o', summary: 'Write to this file instead of stdout (required for png).'}),
    truncate: truncateFlag,
    limit: Flags.integer({
      summary: 'Row cap for --sql (says when it truncated); 0: every row, streamed to CSV, JSON or Parquet.',
      description: 'With --limit 0 (or --format parquet) the result is not held in memory: rows go from DuckDB to --output (or stdout for csv/json) chunk by chunk, whatever its size.',
      min: 0,
      default: 1000,
    }),
    timeout: Flags.string({summary: 'Stop --sql after this many seconds (decimals allowed).', default: '30'}),
  }

  /** Set when a streamed export wrote stdout itself: oclif must not print a result after it. */
  private streamed = false

  public override logJson(json: unknown): void {
    if (!this.streamed) super.logJson(json)
  }

  public async run(): Promise<QueryResult | {export: object}> {
    const {flags} = await this.parse(DbQuery)
    if (flags.sql !== undefined && (flags.limit === 0 || flags.format === 'parquet')) return this.exportSql(flags)
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
    const hidden = result.kind === 'matrix' ? result.hiddenRows : result.kind === 'report' && result.report === 'summary' ? result.hiddenModels : 0
    if (hidden > 0 && (format === 'csv' || format === 'png')) this.note(`${hidden} model(s) or families without any data hidden; add --all to show them.`)
    if (result.kind === 'sql' && result.truncated) this.note(`Output truncated to ${result.limit} rows; raise --limit to see more.`)
    return result
  }

  /** `--sql` streamed to CSV, JSON or Parquet (every row with --limit 0): never held in memory. */
  private async exportSql(flags: Awaited<ReturnType<DbQuery['parse']>>['flags'] & Record<string, unknown>): Promise<{export: object}> {
    const {exportSandboxedSql, EXPORT_FORMATS} = await import('../../lib/report/sql-export.js')
    this.refuseJsonWith(flags.format)
    const format = this.jsonEnabled() ? 'json' : flags.format
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new BenchError('usage', `a streamed --sql export (--limit 0, or parquet) is written as csv, json or parquet, not ${format}`, {
        hint: 'Add --format csv (or json, parquet) and --output FILE; or give --limit N for a table.',
      })
    }
    this.assertSingleMode(flags)
    const seconds = this.timeoutSeconds(flags.timeout)
    const summary = await exportSandboxedSql(flags.db, flags.sql!, {
      format: format as 'csv' | 'json' | 'parquet', output: flags.output, db: flags.db, limit: flags.limit, timeoutMs: Math.round(seconds * 1000),
    })
    this.streamed = !flags.output
    // rowCount -1: the reader closed the pipe early (`| head`), which is no failure and needs no note.
    if (summary.rowCount >= 0) this.note(`Exported ${summary.rowCount} row(s) as ${format}${summary.output ? ` to ${flags.output}` : ''}`)
    if (flags.limit > 0 && summary.rowCount === flags.limit) this.note(`Stopped at --limit ${flags.limit} rows; --limit 0 exports every row.`)
    // With --json and --output, stdout gets the export's summary (the rows are in the file).
    return {export: {format, rowCount: summary.rowCount, columns: summary.columns, output: summary.output, elapsedMs: summary.elapsedMs}}
  }

  private timeoutSeconds(timeout: string): number {
    const seconds = Number(timeout)
    if (!(seconds > 0)) throw new BenchError('usage', `--timeout must be a positive number of seconds, got "${timeout}"`)
    return seconds
  }

  private assertSingleMode(flags: Awaited<ReturnType<DbQuery['parse']>>['flags'] & Record<string, unknown>): void {
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
  }

  private request(flags: Awaited<ReturnType<DbQuery['parse']>>['flags'] & Record<string, unknown>): QueryRequest {
    this.assertSingleMode(flags)
    const filters = {
      family: flags.family, model: flags.model, hardware: flags.hardware, batchSize: flags['batch-size'],
      precision: flags.precision, since: flags.since, includeSimulated: flags['include-simulated'],
      excludeInferred: !flags.inferred, all: flags.all,
    }
    if (flags.sql !== undefined) return {mode: 'sql', sql: flags.sql, limit: flags.limit, timeoutMs: Math.round(this.timeoutSeconds(flags.timeout) * 1000)}
    if (flags.report !== undefined) return {mode: 'report', report: flags.report as never, filters}
    if (flags['compatibility-matrix']) return {mode: 'matrix', by: flags.by as 'model' | 'family', filters}
    // An unknown metric is a usage error (with "did you mean") before the database is opened.
    const metric = metricInfo(flags.metric).name
    if (flags['compare-hardware']) return {mode: 'compare', metric, baseline: flags.baseline, filters}
    return {mode: 'trend', metric, filters}
  }
}
