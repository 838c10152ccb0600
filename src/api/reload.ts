import {spawn, type ChildProcess} from 'node:child_process'
import {watch} from 'node:fs'
import {fileURLToPath} from 'node:url'

/**
 * `--reload` for development: this process only supervises. It runs the real server as a child
 * (`bench db:serve` without --reload) and restarts it when the compiled code in dist/ changes
 * (run `tsc --watch` beside it). Restart = SIGTERM (the child finishes requests and closes the
 * database, so the new child can open it) then spawn.
 */
export function superviseWithReload(argv: string[], note: (m: string) => void): Promise<never> {
  const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
  const dist = fileURLToPath(new URL('../', import.meta.url))
  const args = argv.filter((a) => a !== '--reload')
  let child: ChildProcess | undefined
  let restarting = false
  let stopping = false
  let timer: NodeJS.Timeout | undefined

  const start = () => {
    child = spawn(process.execPath, [bin, 'db:serve', ...args], {stdio: 'inherit'})
    child.on('exit', (code, signal) => {
      if (restarting || stopping) return
      // Ctrl-C on a terminal signals the whole process group: the server may see it (and stop
      // cleanly, exit 0) before this process runs its own SIGINT handler. A server that stopped
      // because it was asked to is the user stopping, not a crash to wait out.
      if (code === 0 || signal === 'SIGINT' || signal === 'SIGTERM') process.exit(0)
      note(`server exited (${signal ?? code}); waiting for a source change to restart`)
    })
  }
  const restart = () => {
    restarting = true
    note('source changed: restarting the server...')
    const old = child
    if (!old || old.exitCode !== null || old.signalCode !== null) {
      restarting = false
      start()
      return
    }
    old.once('exit', () => {
      restarting = false
      start()
    })
    old.kill('SIGTERM')
  }
  watch(dist, {recursive: true}, () => {
    clearTimeout(timer)
    timer = setTimeout(restart, 300) // tsc writes many files at once
  })
  const forward = (signal: NodeJS.Signals) => {
    stopping = true
    if (child && child.exitCode === null) child.once('exit', () => process.exit(0)).kill(signal)
    else process.exit(0)
  }
  process.on('SIGINT', () => forward('SIGINT'))
  process.on('SIGTERM', () => forward('SIGTERM'))
  start()
  return new Promise<never>(() => {})
}
