import {parentPort} from 'node:worker_threads'
import {packRaw} from './raw-document.js'

/** Worker side of RawCompressor: deflates batches of documents off the main thread. */
parentPort?.on('message', (msg: {id: number; docs: Uint8Array[]}) => {
  const out = msg.docs.map((d) => packRaw(d).bytes)
  parentPort!.postMessage({id: msg.id, out}, out.map((o) => o.buffer as ArrayBuffer))
})
