import {Flags} from '@oclif/core'
import {basename} from 'node:path'
import {BaseCommand} from '../../cli/base-command.js'
import {dryRunFlag, inputDirFlag, yesFlag} from '../../cli/flags.js'
import type {MaintainResult} from '../../lib/maintain/run.js'

export default class DbMaintain extends BaseCommand {
  static override summary = 'Clean up or archive migrated JSON files, restore them, and keep the database small and healthy.'

  static override description =
    'A JSON file is deleted (or archived) only when its exact bytes are proven to be in the database: its current ' +
    'sha256 equals a ledger entry that was ingested, that entry\'s rows are all still there, and the copy kept in ' +
    'the ledger hashes to the same bytes. Everything else is kept and listed with the reason. Anything removed can ' +
    'be brought back byte for byte with --restore (from an archive or from the database). Destructive operations ' +
    'ask for confirmation on a terminal and need --yes otherwise. Exit codes: 0 ok, 1 integrity problems or restore ' +
    'conflicts found, 2 usage (including a missing --yes), 3 database locked, 5 file system error.'

  static override examples = [
    {description: 'Clean up JSON files that have been migrated to the database (older than 30 days)', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --clean-json --older-than 30'},
    {description: 'Archive old JSON files instead of deleting', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --clean-json --archive-data --archive-dir ./archived_json'},
    {description: 'Optimize database tables and indexes', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --optimize-db'},
    {description: 'Reclaim space with VACUUM operation', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --vacuum'},
    {description: 'Perform a dry run to see what would happen', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --clean-json --dry-run --verbose'},
    {description: 'Restore archived files to their original paths', command: '<%= config.bin %> <%= command.id %> --restore --archive-dir ./archived_json'},
    {description: 'Restore files from the database alone into another directory', command: "<%= config.bin %> <%= command.id %> --restore --from-db --path 'performance_results/**' --to ./restored"},
    {description: 'Check integrity (exit 1 when problems are found)', command: '<%= config.bin %> <%= command.id %> --check-integrity'},
    {description: 'Put a backup back (asks before replacing the database)', command: '<%= config.bin %> <%= command.id %> --restore-backup ./backups/benchmark_db-20250301T020000Z'},
    {description: 'Back up, then keep only the newest 5 backups', command: '<%= config.bin %> <%= command.id %> --backup --backup-dir ./backups --purge-backups --keep 5 --yes'},
  ]

  static override flags = {
    'clean-json': Flags.boolean({summary: 'Delete JSON files whose exact bytes are proven to be in the database.', default: false}),
    'input-dir': inputDirFlag,
    'older-than': Flags.integer({summary: 'Only files last modified more than this many days ago (default 30).', min: 0}),
    'archive-data': Flags.boolean({summary: 'Move the files into a verified .tar.gz archive instead of deleting them.', default: false}),
    'archive-dir': Flags.string({summary: 'Directory of archives (written by --archive-data, read by --restore).'}),
    restore: Flags.boolean({summary: 'Recreate files byte for byte, from --archive-dir or --from-db.', default: false}),
    'from-db': Flags.boolean({summary: 'With --restore: take the bytes from the raw documents kept in the database.', default: false}),
    path: Flags.string({summary: 'With --restore: only paths matching this glob (repeatable).', multiple: true}),
    to: Flags.string({summary: 'With --restore: write under this directory instead of the original paths.'}),
    'optimize-db': Flags.boolean({summary: 'CHECKPOINT, ANALYZE, and rebuild the file when much of it is free space.', default: false}),
    vacuum: Flags.boolean({summary: 'Rebuild the database file to reclaim space; reports the size before and after.', default: false}),
    'check-integrity': Flags.boolean({summary: 'Look for orphan keys, missing ledger rows, count mismatches, duplicates and impossible values.', default: false}),
    backup: Flags.boolean({summary: 'Write a verified, timestamped copy of the database.', default: false}),
    'backup-dir': Flags.string({summary: 'Directory of backups (default: benchdb_backups beside the database).'}),
    'purge-backups': Flags.boolean({summary: 'Delete all but the newest --keep N backups.', default: false}),
    keep: Flags.integer({summary: 'With --purge-backups: how many backups to keep.', min: 0}),
    'restore-backup': Flags.string({summary: 'Put the database file of this backup directory back at --db (verified; confirms before replacing).'}),
    'dry-run': dryRunFlag,
    yes: yesFlag,
  }

  public async run(): Promise<MaintainResult> {
    const {flags} = await this.parse(DbMaintain)
    const [{runMaintenance, destructiveOperations, describeDestructive, validateMaintainOptions}, {formatMaintenanceReport}, {confirmDestructive}, {progressReporter}] = await Promise.all([
      import('../../lib/maintain/run.js'),
      import('../../lib/maintain/report.js'),
      import('../../cli/confirm.js'),
      import('../../cli/progress.js'),
    ])
    const progress = await progressReporter(!this.jsonEnabled())
    const options = {
      cleanJson: flags['clean-json'], archiveData: flags['archive-data'], archiveDir: flags['archive-dir'],
      inputDirs: flags['input-dir'], olderThanDays: flags['older-than'], restore: flags.restore, fromDb: flags['from-db'],
      pathGlobs: flags.path, to: flags.to, optimize: flags['optimize-db'], vacuum: flags.vacuum,
      checkIntegrity: flags['check-integrity'], backup: flags.backup, backupDir: flags['backup-dir'],
      purgeBackups: flags['purge-backups'], keep: flags.keep, restoreBackup: flags['restore-backup'], dbPath: flags.db, dryRun: flags['dry-run'], onProgress: progress.onProgress,
    }
    validateMaintainOptions(options)
    let actions = destructiveOperations(options)
    // Without --yes, first find out (a dry run) how much would go: nothing to remove, nothing to
    // ask, on a terminal or not (so the predecessor's `--clean-json --older-than 30` in a cron job
    // with nothing old enough exits 0); something to remove: ask on a terminal, refuse elsewhere.
    if (actions.length > 0 && !flags.yes) actions = await describeDestructive(flags.db, options)
    await confirmDestructive({actions, name: basename(flags.db), yes: flags.yes})
    let result: MaintainResult
    try {
      result = await runMaintenance(flags.db, options)
    } finally {
      progress.stop()
    }
    if (!this.jsonEnabled()) for (const line of formatMaintenanceReport(result, {verbose: flags.verbose})) this.log(line)
    if (result.dryRun) this.note('Dry run: nothing was changed.')
    if (result.exitCode !== 0) process.exitCode = result.exitCode
    return result
  }
}
