import {Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {tokenFlag} from '../../cli/flags.js'

export default class DbServe extends BaseCommand {
  static override summary = 'Serve the database over HTTP: REST API, OpenAPI docs and a live dashboard.'

  static override description =
    'Starts a REST API (GET /api/models, /api/hardware, /api/runs, /api/performance, /api/compatibility, ' +
    '/api/compare/hardware, /api/trend, /api/reports/{type}, /api/charts/{kind}.png, /health), offline Swagger ' +
    'docs at /docs and a dashboard at /dashboard. While it runs the server is the only writer of the database: ' +
    'test runners POST results to /api/results with the bearer token, and other bench commands that need to ' +
    'write the file tell you the server holds it. Listens on 127.0.0.1 unless --host is given, and refuses a ' +
    'non-loopback host without a token. Ctrl-C finishes in-flight requests, checkpoints and closes the database.'

  static override examples = [
    {description: 'Start the server (http://127.0.0.1:8000/docs and /dashboard)', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb'},
    {description: 'Listen on all interfaces (a token is then required) for clients that call the machine by its name', command: 'BENCH_TOKEN=s3cret <%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --host 0.0.0.0 --port 8080 --allow-host "$(hostname)"'},
    {description: 'Allow test runners to POST results and enable sandboxed SQL', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --token s3cret --enable-sql'},
    {description: 'Restart on code changes and log every request', command: '<%= config.bin %> <%= command.id %> --db ./benchmark_db.duckdb --reload --verbose'},
  ]

  static override flags = {
    host: Flags.string({summary: 'Interface to listen on (non-loopback needs --token).', default: '127.0.0.1'}),
    port: Flags.integer({char: 'p', summary: 'TCP port (0 picks a free one).', default: 8000, min: 0, max: 65535}),
    token: tokenFlag,
    'allow-host': Flags.string({
      summary: 'A name or address clients use to reach the server (repeatable); other Host headers get 403.',
      description: 'The loopback names and a specific --host are always allowed. Requests whose Host header names anything else are refused (DNS rebinding protection), so a server on 0.0.0.0 needs the names the network calls it by: --allow-host bench.lab.example --allow-host 192.168.1.20.',
      multiple: true,
    }),
    'enable-sql': Flags.boolean({summary: 'Enable POST /api/query (sandboxed, read-only SQL; needs the token).', default: false}),
    'sql-max-result-bytes': Flags.integer({summary: 'Largest POST /api/query result, in bytes of its JSON rows (413 beyond).', default: 16 * 1024 * 1024, min: 1024}),
    'sql-memory-mb': Flags.integer({summary: 'DuckDB memory limit of each POST /api/query statement, in MB (413 beyond).', default: 512, min: 16}),
    reload: Flags.boolean({summary: 'Restart the server when the compiled code changes (development).', default: false}),
    serve: Flags.boolean({summary: 'Start serving (the default; accepted because the predecessor\'s examples pass it).', default: false}),
  }

  public async run(): Promise<{url: string; docs: string; dashboard: string}> {
    const {flags} = await this.parse(DbServe)
    if (flags.reload) {
      const {superviseWithReload} = await import('../../api/reload.js')
      return superviseWithReload(this.argv, (m) => this.note(m))
    }
    const {startServer, closeOnSignals} = await import('../../api/server.js')
    const server = await startServer({
      db: flags.db, host: flags.host, port: flags.port, token: flags.token, enableSql: flags['enable-sql'], allowHosts: flags['allow-host'],
      sqlLimits: {responseBytes: flags['sql-max-result-bytes'], duckdbMemoryMb: flags['sql-memory-mb']},
      log: flags.verbose ? (line) => process.stderr.write(line + '\n') : undefined,
    })
    closeOnSignals(server, (m) => this.note(m))
    const urls = {url: `${server.url}/api`, docs: `${server.url}/docs`, dashboard: `${server.url}/dashboard`}
    // URLs go to stderr even with --json: they are messages, and a JSON caller reads them from the return value.
    process.stderr.write(
      `benchdb serving ${flags.db}\n  API:       ${urls.url}\n  Docs:      ${urls.docs}\n  Dashboard: ${urls.dashboard}\n` +
        `  Writes:    ${flags.token ? 'POST /api/results with the bearer token' : 'disabled (no --token)'}\n` +
        `  SQL:       ${flags['enable-sql'] ? (flags.token ? 'POST /api/query with the bearer token' : 'enabled but unusable without --token') : 'disabled'}\n` +
        `Press Ctrl-C to stop.\n`,
    )
    return urls
  }
}
