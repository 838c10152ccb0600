import {Command, Errors, type Interfaces} from '@oclif/core'
import {BenchError, classifyError} from '../lib/errors.js'
import {dbFlag, verboseFlag} from './flags.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>

/**
 * Every bench command extends this: shared `--db`, `--verbose` and `--json` (the value `run()`
 * returns is the JSON payload), and one error path: `Error: <what> in <file> at <pointer>:
 * expected <x>` on stderr (or `{"error": ...}` on stdout with --json), the exit code of the
 * error's kind, and a stack trace only with --verbose.
 */
export abstract class BaseCommand extends Command {
  static enableJsonFlag = true

  static baseFlags = {
    db: dbFlag(),
    verbose: verboseFlag,
  }

  /** stderr messages: progress and notes, never data; silent with --json. */
  protected note(message: string): void {
    if (!this.jsonEnabled()) process.stderr.write(message + '\n')
  }

  /**
   * --json is the machine-readable result; a picture or a page cannot be it, and silently dropping
   * one of two asks surprises. Text is the default, so `--json` alone does not conflict.
   */
  protected refuseJsonWith(format: string): void {
    if (this.jsonEnabled() && format !== 'text' && format !== 'json') {
      throw new BenchError('usage', `--json and --format ${format} ask for two outputs; choose one`, {hint: 'Drop --json, or use --format json.'})
    }
  }

  /** Whether stdout is a terminal (progress bars, colour, table widths depend on it). */
  protected get isTty(): boolean {
    return Boolean(process.stdout.isTTY)
  }

  protected override async catch(err: Error & {oclif?: {exit?: number}; exitCode?: number}): Promise<void> {
    const error = toBenchError(err)
    const verbose = process.argv.includes('--verbose') || process.argv.includes('-v')
    if (this.jsonEnabled()) {
      process.stdout.write(JSON.stringify({error: error.toJSON()}, null, 2) + '\n')
    } else {
      const lines = [`Error: ${error.describe()}`]
      if (error.details.hint) lines.push(`Try this: ${error.details.hint}`)
      if (verbose && err.stack) lines.push(err.stack)
      process.stderr.write(lines.join('\n') + '\n')
    }
    process.exitCode = error.exitCode
  }
}

function toBenchError(err: Error & {oclif?: {exit?: number}}): BenchError {
  if (err instanceof BenchError) return err
  // oclif's parse errors (unknown flag, missing value, bad option) are usage errors.
  if (err instanceof Errors.CLIError || err.oclif?.exit === 2) {
    const message = err.message.replace(/\n\s*See more help with --help$/, '')
    return new BenchError('usage', message, {hint: 'Run the command with --help to see its flags and examples.'})
  }
  return classifyError(err)
}
