import {Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {contextFlags, contextFromFlags} from '../../cli/context-flags.js'
import {dbFlag, dryRunFlag, excludeFlag, inputDirFlag, parquetDirFlag} from '../../cli/flags.js'
import {BenchError} from '../../lib/errors.js'
import type {ConvertResult} from '../../lib/ingest/convert.js'
import type {Explanation} from '../../lib/ingest/explain.js'
import type {ParquetExportResult} from '../../lib/ingest/parquet-export.js'
import {CATEGORIES, type Category} from '../../lib/ingest/types.js'

export default class DbConvert extends BaseCommand {
  static override summary = 'Ingest JSON result files into the database (idempotent, transactional), optionally exporting Parquet.'

  static override description =
    'Scans the input directories for **/*.json, records every file version in the provenance ledger (source_files) by ' +
    'its sha256, and writes the rows of each recognised file in the same transaction as its ledger row. Re-running ' +
    'writes nothing for unchanged files; identical bytes at another path are recorded as a duplicate; a changed file ' +
    'replaces the rows of its previous version. Bad files are reported with path, JSON pointer and expectation and ' +
    'recorded as rejected while every good file still lands. Exit code: 0 when nothing was rejected, 1 when any file ' +
    'was rejected (unrecognized layouts are kept in the ledger and listed, but do not fail the run).\n\n' +
    'Run context (commit, branch, repository, machine, run name, tags) comes from the RUN CONTEXT flags, else from ' +
    'what each file says (commit/git_commit/commit_info.id, branch, hostname/machine_info.node, ...), else from the CI ' +
    'job benchdb runs in (GitHub Actions, GitLab CI, Buildkite, Jenkins, CircleCI, Azure Pipelines). Context belongs to ' +
    'the first ingest of a file\'s bytes: re-converting unchanged bytes with other flags changes nothing (they are ' +
    '"unchanged"). A run\'s time comes from the file, else from a timestamp in its file or folder name ' +
    '(20250302_201142, 2025-03-02, unix seconds), else it is unknown; never from mtime or the time of ingestion.'

  static override examples = [
    {description: 'Convert the default directories (performance_results, benchmark_results, ...) under the current directory', command: '<%= config.bin %> <%= command.id %> --output-db ./benchmark_db.duckdb'},
    {description: 'One directory, performance files only', command: '<%= config.bin %> <%= command.id %> --input-dir ./performance_results --categories performance'},
    {description: 'See what would happen, per file, without writing anything', command: '<%= config.bin %> <%= command.id %> --input-dir ./results --dry-run --verbose'},
    {description: 'Convert and export Parquet', command: '<%= config.bin %> <%= command.id %> --input-dir ./results --parquet-dir ./benchmark_parquet'},
    {description: 'Only export Parquet from an existing database', command: '<%= config.bin %> <%= command.id %> --export-only --parquet-dir ./benchmark_parquet'},
    {description: 'Record the commit, branch, machine and tags of the results', command: '<%= config.bin %> <%= command.id %> --input-dir ./results --git-commit 3f2a9c1 --git-branch main --machine gpu-box-1 --tag driver=550.54'},
    {
      description: 'In a GitHub Actions step (the job\'s commit, branch and run are also read from its environment without flags)',
      command: '- run: npx bench db:convert --input-dir ./results --git-commit "$GITHUB_SHA" --git-branch "$GITHUB_REF_NAME" --machine "$RUNNER_NAME"',
    },
    {description: 'Which adapter reads this file, and what rows would it write?', command: '<%= config.bin %> <%= command.id %> --explain ./results/bert_cpu_test.json'},
  ]

  static override baseFlags = {...BaseCommand.baseFlags, db: dbFlag(['output-db'])}

  static override flags = {
    'input-dir': inputDirFlag,
    exclude: excludeFlag,
    categories: Flags.string({
      summary: `Only ingest these detected categories (comma-separated): ${CATEGORIES.join(', ')}.`,
      default: CATEGORIES.join(','),
    }),
    'parquet-dir': parquetDirFlag,
    'export-only': Flags.boolean({summary: 'Skip ingestion; only export the database to --parquet-dir.', default: false}),
    'dry-run': dryRunFlag,
    explain: Flags.string({summary: 'Explain one file: which shape adapter matches (or why none does) and the rows it would write.'}),
    'batch-files': Flags.integer({summary: 'Files per transaction (tuning and tests).', default: 5000, min: 1, hidden: true}),
    'max-file-size': Flags.string({summary: 'Reject files larger than this (e.g. 256MB, 1GB).', default: '256MB'}),
    ...contextFlags,
  }

  public async run(): Promise<ConvertResult | Explanation | {parquet: ParquetExportResult}> {
    const {flags} = await this.parse(DbConvert)
    const context = contextFromFlags(flags)
    const {parseByteSize} = await import('../../lib/ingest/read-file.js')
    const maxFileSize = parseByteSize(flags['max-file-size'])
    if (maxFileSize === null) throw new BenchError('usage', `--max-file-size ${flags['max-file-size']} is not a size`, {expected: 'a size like 256MB, 1GB or 1048576'})

    if (flags.explain) {
      const {explainFile} = await import('../../lib/ingest/explain.js')
      const {printExplanation} = await import('../../lib/ingest/convert-report.js')
      const e = explainFile(flags.explain, maxFileSize)
      if (!this.jsonEnabled()) for (const line of printExplanation(e)) this.log(line)
      if (e.status === 'rejected') process.exitCode = 1
      return e
    }
    if (flags['export-only']) {
      if (!flags['parquet-dir']) throw new BenchError('usage', '--export-only needs --parquet-dir DIR')
      const {exportDatabase} = await import('../../lib/ingest/parquet-export.js')
      const parquet = await exportDatabase(flags.db, flags['parquet-dir']!)
      this.note(`Exported ${parquet.tables.length} tables to ${parquet.dir}`)
      for (const t of parquet.tables) this.log(`${t.table.padEnd(28)} ${String(t.rows).padStart(9)} rows${t.partitionedBy ? `  (partitioned by ${t.partitionedBy})` : ''}`)
      return {parquet}
    }

    const categories = parseCategories(flags.categories)
    const {convertFiles} = await import('../../lib/ingest/convert.js')
    const report = await import('../../lib/ingest/convert-report.js')
    const progress = !this.jsonEnabled() && process.stderr.isTTY && !flags.verbose ? await report.startProgress() : null
    const dry = flags['dry-run']
    const result = await convertFiles(flags.db, {
      inputDirs: flags['input-dir'],
      exclude: flags.exclude,
      categories,
      dryRun: dry,
      maxFileSize,
      parquetDir: flags['parquet-dir'],
      // Every file's outcome in --json only with --verbose (or a dry run): a 1M-file run must not hold them all.
      listFiles: this.jsonEnabled() && flags.verbose,
      batchFiles: flags['batch-files'],
      context,
      env: flags['ci-env'] ? process.env : false,
      // Only a bar needs the total (counting it walks the tree once more).
      onStart: progress ? (n) => progress.start(n) : undefined,
      onProgress: (n) => progress?.update(n),
      // Verbose and dry runs print each file as it is decided (fast-path unchanged ones too in dry runs).
      onFile: flags.verbose || dry ? (o) => this.jsonEnabled() || this.log(report.formatOutcome(o)) : undefined,
    }).finally(() => progress?.stop())

    if (!flags['input-dir']?.length) {
      this.note(`Scanned: ${result.scannedDirs.join(', ') || 'none'}`)
      if (result.missingDirs.length) this.note(`Not present: ${result.missingDirs.join(', ')}`)
    }
    if (!flags.verbose && !dry) for (const p of result.problems) this.note(`${p.status}: ${report.describeOutcome(p)}`)
    for (const line of report.formatSummary(result.summary)) this.note(line)
    if (result.parquet) this.note(`Parquet: ${result.parquet.tables.length} tables in ${result.parquet.dir}`)
    if (result.summary.rejected > 0) process.exitCode = 1
    return result
  }
}

function parseCategories(text: string): Category[] {
  const list = text.split(',').map((s) => s.trim()).filter(Boolean)
  const bad = list.filter((c) => !(CATEGORIES as readonly string[]).includes(c))
  if (bad.length) throw new BenchError('usage', `unknown categor${bad.length > 1 ? 'ies' : 'y'} ${bad.join(', ')}`, {expected: `some of ${CATEGORIES.join(', ')}`})
  return list as Category[]
}
