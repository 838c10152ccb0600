import {createInterface} from 'node:readline/promises'
import {BenchError} from '../lib/errors.js'

export interface ConfirmOptions {
  /** What will happen, in words ("delete migrated JSON files"). */
  actions: string[]
  /** The name the user may type instead of 'yes' (the database file name, like Heroku's app name). */
  name: string
  /** --yes was given. */
  yes: boolean
  input?: NodeJS.ReadableStream & {isTTY?: boolean}
  output?: NodeJS.WritableStream
}

/**
 * Confirmation for destructive operations, in the manner of the Heroku CLI: on a terminal the user
 * types the database name or 'yes'; `--yes` skips the question; without a terminal and without
 * `--yes` the command refuses (usage error, exit 2) rather than guess.
 */
export async function confirmDestructive(options: ConfirmOptions): Promise<void> {
  if (options.yes || options.actions.length === 0) return
  const input = options.input ?? process.stdin
  const output = options.output ?? process.stderr
  const what = options.actions.join(' and ')
  if (!input.isTTY) {
    throw new BenchError('usage', `refusing to ${what} without confirmation: no terminal to ask on`, {
      hint: 'Add --yes to confirm, or --dry-run to see what would happen first.',
    })
  }
  const rl = createInterface({input, output})
  try {
    const answer = (await rl.question(`This will ${what}.\nType the database name (${options.name}) or 'yes' to continue: `)).trim()
    if (answer !== options.name && answer.toLowerCase() !== 'yes') {
      throw new BenchError('usage', `confirmation did not match '${options.name}' or 'yes'; nothing was changed`)
    }
  } finally {
    rl.close()
  }
}
