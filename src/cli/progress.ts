/**
 * A progress callback for long operations: a cli-progress bar on stderr when stderr is a
 * terminal (and not --json), nothing otherwise. One bar per phase ("checking", "archiving", ...).
 */
export async function progressReporter(enabled: boolean): Promise<{onProgress?: (phase: string, done: number, total: number) => void; stop: () => void}> {
  if (!enabled || !process.stderr.isTTY) return {stop: () => undefined}
  const {SingleBar, Presets} = (await import('cli-progress')).default
  let bar: InstanceType<typeof SingleBar> | null = null
  let current = ''
  const stop = () => {
    bar?.stop()
    bar = null
  }
  return {
    stop,
    onProgress(phase, done, total) {
      if (total < 2) return
      if (phase !== current) {
        stop()
        current = phase
        bar = new SingleBar({format: `${phase.padEnd(10)} [{bar}] {value}/{total}`, stream: process.stderr, clearOnComplete: true, hideCursor: true}, Presets.shades_classic)
        bar.start(total, done)
      } else bar?.update(done)
      if (done >= total) stop()
    },
  }
}
