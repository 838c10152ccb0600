import {Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {familyFilterFlag, hardwareFilterFlag, includeSimulatedFlag, modelFilterFlag, outputFileFlag, truncateFlag} from '../../cli/flags.js'
import type {ComparisonResult} from '../../lib/compare/compare.js'

/** CI logs and files are read wide; a terminal gets its own width. */
const PIPED_WIDTH = 180

export default class DbCompare extends BaseCommand {
  static override summary = 'Compare two sets of runs and flag regressions beyond noise (exit 1 for CI).'

  static override description =
    'Pairs results by series (model, hardware, batch size, precision, test case) and decides for each whether the ' +
    'candidate regressed, improved, stayed unchanged, or cannot be told from noise (inconclusive). A change must ' +
    'exceed --threshold AND be significant: Mann-Whitney U on raw per-iteration samples when both sides have them, ' +
    'and a robust z-score (median/MAD) against the baseline run history when the baseline has 3 or more runs (both ' +
    'must agree when both apply). Unpaired series are listed. Exit code 1 when --fail-on is met, 0 otherwise, 2 for ' +
    'usage errors (including a selector that names no run).\n\n' +
    'SELECTOR: a run id, latest, window:N (the N runs before the candidate; baseline only; window:N@BRANCH counts only ' +
    'that branch), a date or date range ' +
    '(2025-03-01..2025-03-10), commit:SHA or branch:NAME (or a bare commit / branch name).'

  static override examples = [
    {description: 'Gate CI: the latest run against the 20 runs before it (the defaults)', command: '<%= config.bin %> <%= command.id %> --baseline window:20 --candidate latest'},
    {description: 'A PR branch against the 20 main runs before it, latency, as a PR comment', command: '<%= config.bin %> <%= command.id %> --baseline window:20@main --candidate branch:my-feature --metric latency --format markdown --output compare.md'},
    {description: 'Two commits, only bert on cuda, 3 % threshold', command: '<%= config.bin %> <%= command.id %> --baseline a1b2c3d --candidate c3d4e5f --family bert --hardware cuda --threshold 3%'},
    {description: 'A date range as the baseline, HTML report with a chart per regression', command: '<%= config.bin %> <%= command.id %> --baseline 2025-03-01..2025-03-10 --candidate latest --format html --output compare.html'},
    {description: 'Report only, never fail', command: '<%= config.bin %> <%= command.id %> --baseline window:5 --candidate latest --fail-on never --format json'},
  ]

  static override flags = {
    truncate: truncateFlag,
    baseline: Flags.string({char: 'b', summary: 'Runs to compare against (SELECTOR).', default: 'window:20'}),
    candidate: Flags.string({char: 'c', summary: 'Runs under test (SELECTOR).', default: 'latest'}),
    metric: Flags.string({summary: 'Metric to compare.', options: ['throughput', 'latency', 'p50', 'p90', 'p99', 'memory'], default: 'throughput'}),
    threshold: Flags.string({char: 't', summary: 'Minimum change that matters, in percent.', default: '5%'}),
    alpha: Flags.string({summary: 'Significance level of each test (two-sided).', default: '0.01'}),
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

  public async run(): Promise<ComparisonResult> {
    const {flags} = await this.parse(DbCompare)
    this.refuseJsonWith(flags.format)
    const {compareRuns, shouldFail} = await import('../../lib/compare/compare.js')
    const {parseCompareRequest} = await import('../../lib/compare/request.js')
    const {contextOf, documentContext, renderComparison} = await import('../../lib/compare/render.js')
    const {openBenchDb} = await import('../../lib/db/bench-db.js')
    const {askServer, servingServer, LOCAL_COMPARE_PATH} = await import('../../lib/db/served-client.js')
    const request = parseCompareRequest({
      baseline: flags.baseline, candidate: flags.candidate, metric: flags.metric, threshold: flags.threshold, alpha: flags.alpha,
      model: flags.model, family: flags.family, hardware: flags.hardware, includeSimulated: flags['include-simulated'],
      format: flags.format, failOn: flags['fail-on'],
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
      const text = await renderComparison(result, request.format, context, {width: this.isTty ? undefined : PIPED_WIDTH, truncate: this.isTty && flags.truncate && !flags.output, color: this.isTty && !flags.output})
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
}
