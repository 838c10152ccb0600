import {Flags} from '@oclif/core'

/**
 * Flags shared by several commands, declared once. `--db` takes per-command aliases because
 * the predecessor spelled it differently in each script (`--output`, `--output-db`).
 */
export const DEFAULT_DB = './benchmark_db.duckdb'

export function dbFlag(aliases: string[] = []) {
  // oclif's help does not print aliases: name them in the summary, so every spelling the
  // examples use is listed under FLAGS.
  const also = aliases.length ? ` Also accepted as ${aliases.map((a) => `--${a}`).join(', ')}.` : ''
  return Flags.string({
    char: 'd',
    summary: `Path of the DuckDB database file.${also}`,
    default: DEFAULT_DB,
    env: 'BENCH_DB',
    aliases,
    helpGroup: 'GLOBAL',
  })
}

export const verboseFlag = Flags.boolean({
  char: 'v',
  summary: 'Print progress details, and stack traces on errors.',
  default: false,
  helpGroup: 'GLOBAL',
})

export const dryRunFlag = Flags.boolean({
  summary: 'Show what would happen without writing anything.',
  default: false,
})

export const inputDirFlag = Flags.string({
  char: 'i',
  summary: 'Directory to scan for JSON result files (repeatable).',
  multiple: true,
})

export const yesFlag = Flags.boolean({
  char: 'y',
  summary: 'Confirm destructive operations without asking (required when not on a terminal).',
  default: false,
})

/** Bearer token for the API's write endpoints (db:serve) and for clients that call them. */
export const tokenFlag = Flags.string({
  summary: 'Bearer token required for POST /api/results and /api/query (without one, writes are disabled).',
  env: 'BENCH_TOKEN',
})

export const excludeFlag = Flags.string({
  summary: 'Glob of files to leave out, relative to each input directory (repeatable), e.g. "**/tmp/**".',
  multiple: true,
})

export const parquetDirFlag = Flags.string({
  summary: 'Also export every table to Parquet (zstd) in this directory (replaced as a whole).',
})

/**
 * Result filters shared by every command that reads results (db:query, db:compare; the API's query
 * parameters mirror them). Repeatable: several values mean any of them (OR), e.g.
 * `--model a --model b`. Values are exact names, matched case-insensitively.
 */
export const modelFilterFlag = Flags.string({char: 'm', summary: 'Only this model (model_name, e.g. bert-base-uncased); repeatable: --model a --model b is either.', multiple: true, helpGroup: 'FILTER'})
export const familyFilterFlag = Flags.string({summary: 'Only this model family (e.g. bert); repeatable (any of them).', multiple: true, helpGroup: 'FILTER'})
export const hardwareFilterFlag = Flags.string({summary: 'Only this hardware type (cpu, cuda, rocm, mps, openvino, qnn, webnn, webgpu, ...); repeatable (any of them).', multiple: true, helpGroup: 'FILTER'})

/** Report filters (db:query): the three above plus the ones only reports take. Declared once. */
export const reportFilterFlags = {
  family: familyFilterFlag,
  model: modelFilterFlag,
  hardware: hardwareFilterFlag,
  'batch-size': Flags.integer({summary: 'Only this batch size.', min: 1, helpGroup: 'FILTER'}),
  precision: Flags.string({summary: 'Only this precision (fp32, fp16, int8...).', helpGroup: 'FILTER'}),
  since: Flags.string({summary: 'Only evidence at or after this ISO date/time (UTC), e.g. 2025-03-01.', helpGroup: 'FILTER'}),
  'include-simulated': Flags.boolean({summary: 'Include simulated results (excluded by default; reports say how many).', default: false, helpGroup: 'FILTER'}),
  inferred: Flags.boolean({summary: 'Include performance rows read by the inferring fallback (is_inferred); --no-inferred hides them.', default: true, allowNo: true, helpGroup: 'FILTER'}),
  all: Flags.boolean({summary: 'Summary and matrix: list every model (or family), also those without any data (left out by default, and counted).', default: false, helpGroup: 'FILTER'}),
}

export const includeSimulatedFlag = Flags.boolean({
  summary: 'Include results marked as simulated (left out by default: they do not measure real hardware).',
  default: false,
})

export const outputFileFlag = Flags.string({char: 'o', summary: 'Write the output to this file instead of stdout.'})

/** Tables fit a terminal's width by shortening long cells; files and pipes always get whole values. */
export const truncateFlag = Flags.boolean({
  summary: 'On a terminal, fit tables to its width by shortening long cells (--no-truncate shows every value whole). Files and pipes are never truncated.',
  allowNo: true,
  default: true,
})
