import {Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {familyFilterFlag, hardwareFilterFlag, includeSimulatedFlag, modelFilterFlag, outputFileFlag, truncateFlag} from '../../cli/flags.js'
import type {ComparisonResult} from '../../lib/compare/compare.js'
import type {ChangesResult} from '../../lib/compare/history.js'

/** The flags --history reads. */
interface HistoryFlags {
  db: string
  metric: string
  threshold: string
  alpha: string
  model?: string[]
  family?: string[]
  hardware?: string[]
  machine?: string[]
  'include-simulated': boolean
  format: string
  output?: string
}

/** CI logs and files are read wide; a terminal gets its own width. */
const PIPED_WIDTH = 180

export default class DbCompare extends BaseCommand {
  static override summary = 'Compare two sets of runs and flag regressions beyond noise (exit 1 for CI).'

  static override description =
    'Pairs results by series (model, hardware, machine, batch size, precision, test case) and decides for each, on ' +
    'the log scale, whether the candidate regressed, improved, stayed unchanged or is inconclusive: regressed only when ' +
    'the whole confidence interval of the change lies beyond --threshold in the bad direction, unchanged only when it ' +
    'lies within +-threshold. Noise comes from the series\' own run history (robust), pooled across the series of the ' +
    'same machine when a history is short, and from iterations inside runs; a bimodal history is detected and judged ' +
    'against both levels; a candidate as far out as the isolated outlier runs its history shows is inconclusive (rerun), ' +
    'not regressed; the false discovery rate is controlled across series (Benjamini-Hochberg). Inconclusive ' +
    'series say how many more candidate runs would decide them. --history scans every series\' whole history for ' +
    'change points and drift instead, one alert per change. Series on one side only are unpaired: the text lists every ' +
    'candidate-only one and the first 10 baseline-only ones (--verbose: all). Exit code 1 when --fail-on is met, 0 otherwise, 2 for usage ' +
    'errors (including a selector that names no run, an unknown metric, a threshold of 0 or less).\n\n' +
    'SELECTOR: a run id, latest, window:N (the N previous runs of each series before the candidate; baseline only; ' +
    'window:N@BRANCH takes only that branch; without it, the candidate\'s branch, else main/master, else all), a date ' +
    'or date range (2025-03-01..2025-03-10), commit:SHA or branch:NAME (or a bare commit / branch name).'

  static override examples = [
    {description: 'Gate CI: the latest run against the 20 runs before it (the defaults)', command: '<%= config.bin %> <%= command.id %> --baseline window:20 --candidate latest'},
    {description: 'A PR branch against the 20 main runs before it, latency, as a PR comment', command: '<%= config.bin %> <%= command.id %> --baseline window:20@main --candidate branch:my-feature --metric latency --format markdown --output compare.md'},
    {description: 'Two commits, only bert on cuda, 3 % threshold', command: '<%= config.bin %> <%= command.id %> --baseline a1b2c3d --candidate c3d4e5f --family bert --hardware cuda --threshold 3%'},
    {description: 'A date range as the baseline, HTML report with a chart per regression', command: '<%= config.bin %> <%= command.id %> --baseline 2025-03-01..2025-03-10 --candidate latest --format html --output compare.html'},
    {description: 'Report only, never fail', command: '<%= config.bin %> <%= command.id %> --baseline window:5 --candidate latest --fail-on never --format json'},
    {description: 'Change points and drift over every series\' whole history, one alert per change', command: '<%= config.bin %> <%= command.id %> --history --metric latency'},
    {description: 'Keep failing until a regression is fixed: leave regressed runs out of later baselines', command: '<%= config.bin %> <%= command.id %> --exclude-regressions'},
  ]

  static override flags = {
    truncate: truncateFlag,
    baseline: Flags.string({char: 'b', summary: 'Runs to compare against (SELECTOR).', default: 'window:20'}),
    candidate: Flags.string({char: 'c', summary: 'Runs under test (SELECTOR).', default: 'latest'}),
    metric: Flags.string({summary: 'Metric to compare: throughput, latency, p50, p90, p99, memory, or any catalogue or stored metric (tokens_per_second, ttft_p99 ...).', default: 'throughput'}),
    threshold: Flags.string({char: 't', summary: 'Minimum change that matters, in percent (above 0).', default: '5%'}),
    alpha: Flags.string({summary: 'Error rate of each verdict (one-sided) and false discovery rate across series; the interval shown is 1-2*alpha.', default: '0.05'}),
    history: Flags.boolean({summary: 'Scan each series\' whole history for change points and drift instead of comparing two sets of runs.', default: false}),
    'exclude-regressions': Flags.boolean({summary: 'Leave baseline runs that were regressions themselves out of window baselines (and do not restart windows at change points).', default: false}),
    machine: Flags.string({summary: 'Only series from these machines (test_runs.machine); repeatable.', multiple: true}),
    model: modelFilterFlag,
    family: familyFilterFlag,
    hardware: hardwareFilterFlag,
    'include-simulated': includeSimulatedFlag,
    format: Flags.string({char: 'f', summary: 'Output format.', options: ['text', 'markdown', 'json', 'html'], default: 'text'}),
    output: outputFileFlag,
    'fail-on': Flags.string({
      summary: 'Exit 1 when: any series regressed (regression), anything is regressed, inconclusive or unpaired (any), or never.',
      options: ['regression', 'any', 'never'],
      default: 'regression',
    }),
  }

  /** --json answers can be large (a series' whole history): plain JSON, without oclif's colouriser (~0.5 s at 1,000 series). */
  public override logJson(json: unknown): void {
    process.stdout.write(JSON.stringify(json, null, 2) + '\n')
  }

  public async run(): Promise<ComparisonResult | ChangesResult> {
    const {flags} = await this.parse(DbCompare)
    this.refuseJsonWith(flags.format)
    if (flags.history) return this.history(flags)
    const {compareRuns, shouldFail} = await import('../../lib/compare/compare.js')
    const {parseCompareRequest} = await import('../../lib/compare/request.js')
    const {contextOf, documentContext, renderComparison} = await import('../../lib/compare/render.js')
    const {openBenchDb} = await import('../../lib/db/bench-db.js')
    const {askServer, servingServer, LOCAL_COMPARE_PATH} = await import('../../lib/db/served-client.js')
    const request = parseCompareRequest({
      baseline: flags.baseline, candidate: flags.candidate, metric: flags.metric, threshold: flags.threshold, alpha: flags.alpha,
      model: flags.model, family: flags.family, hardware: flags.hardware, machine: flags.machine, includeSimulated: flags['include-simulated'],
      excludeRegressions: flags['exclude-regressions'], format: flags.format, failOn: flags['fail-on'],
    })
    if (flags.output) (await import('../../lib/util/safe-output.js')).checkOutputPath(flags.output, {db: flags.db})
    let result: ComparisonResult
    let context
    // While bench db:serve holds the file, the server computes the comparison (read-while-serving).
    const served = servingServer(flags.db)
    if (served) {
      const answer = await askServer<{result: ComparisonResult; schemaVersion: number}>(served, LOCAL_COMPARE_PATH, {options: request.options})
      result = answer.result
      context = contextOf(flags.db, answer.schemaVersion)
    } else {
      const bench = await openBenchDb(flags.db, {readOnly: true})
      try {
        result = await compareRuns(bench, request.options)
      } finally {
        bench.close()
      }
      // The footer names the database as the user typed it.
      context = documentContext(bench.showAs(flags.db))
    }
    if (!this.jsonEnabled()) {
      const text = await renderComparison(result, request.format, context, {width: this.isTty ? undefined : PIPED_WIDTH, truncate: this.isTty && flags.truncate && !flags.output, color: this.isTty && !flags.output,
        baselineOnlyShown: flags.verbose ? Infinity : undefined})
      if (flags.output) {
        const {writeOutputFile} = await import('../../lib/util/safe-output.js')
        const {summaryLine} = await import('../../lib/compare/render.js')
        writeOutputFile(flags.output, text, {db: flags.db})
        this.note(`Wrote ${flags.output}`)
        this.note(summaryLine(result))
      } else {
        process.stdout.write(text)
      }
      if (request.format !== 'text' || flags.output) for (const w of result.warnings) this.note(`Note: ${w}`)
    }
    // Not an error: the result is printed in full, and CI reads the exit code.
    if (shouldFail(result, request.failOn)) process.exitCode = 1
    return result
  }

  /** --history: change points and drift over each series' whole history. Report only: exit 0. */
  private async history(flags: HistoryFlags): Promise<ChangesResult> {
    const {parseCompareRequest} = await import('../../lib/compare/request.js')
    const {scanHistory} = await import('../../lib/compare/history.js')
    const {renderHistory} = await import('../../lib/compare/render-history.js')
    const {openBenchDb} = await import('../../lib/db/bench-db.js')
    const {BenchError} = await import('../../lib/errors.js')
    if (flags.format === 'html') throw new BenchError('usage', '--history has no html format', {expected: 'text, markdown or json', hint: 'Use --format markdown, or the dashboard\'s alerts view.'})
    const {options} = parseCompareRequest({metric: flags.metric, threshold: flags.threshold, alpha: flags.alpha, model: flags.model,
      family: flags.family, hardware: flags.hardware, machine: flags.machine, includeSimulated: flags['include-simulated']})
    if (flags.output) (await import('../../lib/util/safe-output.js')).checkOutputPath(flags.output, {db: flags.db})
    const bench = await openBenchDb(flags.db, {readOnly: true})
    let result: ChangesResult
    try {
      result = await scanHistory(bench, options)
    } finally {
      bench.close()
    }
    if (!this.jsonEnabled()) {
      const text = renderHistory(result, flags.format as 'text' | 'markdown' | 'json', {width: this.isTty ? undefined : PIPED_WIDTH, color: this.isTty})
      if (flags.output) {
        const {writeOutputFile} = await import('../../lib/util/safe-output.js')
        writeOutputFile(flags.output, text, {db: flags.db})
        this.note(`Wrote ${flags.output}`)
      } else {
        process.stdout.write(text)
      }
    }
    return result
  }
}
