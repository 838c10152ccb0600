// Preloaded into the server by bench/api.ts with BENCH_API_PROFILE (node --import): an event-loop
// delay histogram (perf_hooks.monitorEventLoopDelay, 1 ms resolution) printed on stderr and reset
// on every SIGUSR2, so the bench can read it per load run. Its percentiles are how long a request
// arriving at a random moment waited for the loop; its max is the longest block.
import {monitorEventLoopDelay} from 'node:perf_hooks'

const h = monitorEventLoopDelay({resolution: 1})
h.enable()
const ms = (ns) => (ns / 1e6).toFixed(1)
process.on('SIGUSR2', () => {
  process.stderr.write(`LOOPDELAY p50 ${ms(h.percentile(50))}, p90 ${ms(h.percentile(90))}, p99 ${ms(h.percentile(99))}, max ${ms(h.max)}, mean ${ms(h.mean)}\n`)
  h.reset()
})
