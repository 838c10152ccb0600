import {deflateRawSync, inflateRawSync, constants} from 'node:zlib'
import {RAW_DICTIONARY_D1} from './raw-dictionary.js'

/**
 * Raw documents are kept in the ledger so a deleted file can be restored byte for byte. They are
 * stored deflated with a preset dictionary of text common to result files (`deflate-raw-d1`):
 * a 2-3 KB file shares most of its keys with it, and compresses to about 11 % of its size instead
 * of about 21 % alone, while every document stays decodable on its own (no cross-row chunks).
 * The encoding name is stored beside the bytes; older rows with `deflate-raw` or `identity`
 * still decode.
 */
export const RAW_ENCODING = 'deflate-raw-d1'

export function packRaw(bytes: Uint8Array): {encoding: string; bytes: Uint8Array} {
  return {encoding: RAW_ENCODING, bytes: deflateRawSync(bytes, {level: constants.Z_BEST_COMPRESSION, dictionary: RAW_DICTIONARY_D1})}
}

export function unpackRaw(encoding: string, bytes: Uint8Array): Buffer {
  if (encoding === 'deflate-raw-d1') return inflateRawSync(bytes, {dictionary: RAW_DICTIONARY_D1})
  if (encoding === 'deflate-raw') return inflateRawSync(bytes)
  if (encoding === 'identity') return Buffer.from(bytes)
  throw new Error(`unknown raw document encoding ${encoding}`)
}
