import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'

let gcFn: (() => void) | null | undefined

/**
 * A full V8 collection right after a batch is written, when nearly everything the batch
 * allocated (decoded results, row arrays, DuckDB values) has just died. Left to its heuristics
 * V8 lets such garbage pile up to ~2x the live heap before collecting: on 100k files the main
 * thread's heap swung between 10 and 140 MB, and the process peaked at 593 MB instead of 497 MB
 * (1 GB corpus: 649 -> 524-542 MB). Paired 100k runs, with the 128MB DuckDB cap, against
 * 256MB and no collection: peak 490-505 MB against 573-595 MB, wall time the same (31-33 s
 * against 28-37 s), CPU +19 % (V8's parallel marking threads): a trade made for the memory
 * target. Only bulk runs ask for it (not
 * the API's small writes; a worker thread doing it every ~4,000 files showed no gain). Where
 * the runtime refuses to expose gc() it is skipped.
 */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    try {
      setFlagsFromString('--expose-gc')
      gcFn = runInNewContext('gc') as () => void
    } catch {
      gcFn = null
    }
  }
  gcFn?.()
}
