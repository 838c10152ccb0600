import {Flags} from '@oclif/core'

/**
 * Flags shared by several commands, declared once. `--db` takes per-command aliases because
 * the predecessor spelled it differently in each script (`--output`, `--output-db`).
 */
export const DEFAULT_DB = './benchmark_db.duckdb'

export function dbFlag(aliases: string[] = []) {
  return Flags.string({
    char: 'd',
    summary: 'Path of the DuckDB database file.',
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

/** Result filters shared by the reporting commands (db:compare, ...). Repeatable; values are exact names. */
export const modelFilterFlag = Flags.string({char: 'm', summary: 'Only this model (model_name, e.g. bert-base-uncased); repeatable.', multiple: true})
export const familyFilterFlag = Flags.string({summary: 'Only this model family (e.g. bert); repeatable.', multiple: true})
export const hardwareFilterFlag = Flags.string({summary: 'Only this hardware type (cpu, cuda, rocm, mps, openvino, qnn, webnn, webgpu, ...); repeatable.', multiple: true})

export const includeSimulatedFlag = Flags.boolean({
  summary: 'Include results marked as simulated (left out by default: they do not measure real hardware).',
  default: false,
})

export const outputFileFlag = Flags.string({char: 'o', summary: 'Write the output to this file instead of stdout.'})
