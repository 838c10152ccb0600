import {createHash} from 'node:crypto'

/** A file version's identity in the ledger. Its own module: the no-op path needs it without the parser. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
