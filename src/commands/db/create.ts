import {basename} from 'node:path'
import {Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {dbFlag, yesFlag} from '../../cli/flags.js'
import type {CreateResult} from '../../lib/db/create-database.js'

export default class DbCreate extends BaseCommand {
  static override summary = 'Create a benchmark database with the benchdb schema.'

  static override description =
    'Creates (or, on an existing database, migrates and reports) a DuckDB file with every table and view of ' +
    'the schema contract. Running it again is safe: without --force it changes nothing but a schema upgrade, ' +
    'and --sample-data never inserts the same sample twice.'

  static override examples = [
    {description: 'Create the schema', command: '<%= config.bin %> <%= command.id %> --output ./benchmark_db.duckdb'},
    {description: 'Create it with sample data for every table', command: '<%= config.bin %> <%= command.id %> --output ./benchmark_db.duckdb --sample-data'},
    {description: 'Drop and recreate an existing database', command: '<%= config.bin %> <%= command.id %> --output ./benchmark_db.duckdb --force'},
    {description: 'Replace a damaged database (checksum errors) without being asked', command: '<%= config.bin %> <%= command.id %> --output ./benchmark_db.duckdb --force --yes'},
    {description: 'Report table counts as JSON', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --json'},
  ]

  static override baseFlags = {...BaseCommand.baseFlags, db: dbFlag(['output'])}

  static override flags = {
    'sample-data': Flags.boolean({summary: 'Insert realistic sample data into every table (once).', default: false}),
    // No short form: -f means --format in every other command.
    force: Flags.boolean({summary: 'Delete and recreate the database (only ever deletes a DuckDB file; a damaged one after confirmation).', default: false}),
    yes: yesFlag,
  }

  public async run(): Promise<CreateResult> {
    const {flags} = await this.parse(DbCreate)
    const {createDatabase} = await import('../../lib/db/create-database.js')
    const result = await createDatabase(flags.db, {
      force: flags.force,
      sampleData: flags['sample-data'],
      confirmDamaged: async (reason) => {
        this.note(reason)
        const {confirmDestructive} = await import('../../cli/confirm.js')
        await confirmDestructive({actions: [`delete the damaged database ${flags.db} and create an empty one`], name: basename(flags.db), yes: flags.yes})
      },
    })
    const verb = {created: 'Created', recreated: 'Recreated', existing: 'Opened existing'}[result.action]
    this.note(`${verb} ${result.path} (schema version ${result.schemaVersion})`)
    if (result.migratedFrom !== null) this.note(`Migrated schema from version ${result.migratedFrom}`)
    if (result.sampleData) {
      this.note(`Sample data: ${result.sampleData.inserted} run(s) inserted, ${result.sampleData.alreadyPresent} already present`)
    }
    const width = Math.max(...result.objects.map((o) => o.name.length))
    for (const o of result.objects) this.log(`${o.name.padEnd(width)}  ${o.kind.padEnd(5)}  ${String(o.rows).padStart(8)}`)
    return result
  }
}
