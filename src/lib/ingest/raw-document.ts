import {deflateRawSync, inflateRawSync, constants} from 'node:zlib'

/**
 * Raw documents are kept in the ledger so a deleted file can be restored byte for byte. They are
 * stored deflated: result files are repetitive JSON, and the database must stay far smaller than
 * the files it replaces. The encoding name is stored beside the bytes so it can change later.
 */
export const RAW_ENCODING = 'deflate-raw'

export function packRaw(bytes: Uint8Array): {encoding: string; bytes: Uint8Array} {
  return {encoding: RAW_ENCODING, bytes: deflateRawSync(bytes, {level: constants.Z_BEST_COMPRESSION})}
}

export function unpackRaw(encoding: string, bytes: Uint8Array): Buffer {
  if (encoding === RAW_ENCODING) return inflateRawSync(bytes)
  if (encoding === 'identity') return Buffer.from(bytes)
  throw new Error(`unknown raw document encoding ${encoding}`)
}
