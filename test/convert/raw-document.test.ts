import {describe, expect, test} from '@jest/globals'
import {createHash} from 'node:crypto'
import {deflateRawSync} from 'node:zlib'
import {RAW_DICTIONARY_D1, RAW_DICTIONARY_D1_SHA256} from '../../src/lib/ingest/raw-dictionary.js'
import {packRaw, unpackRaw} from '../../src/lib/ingest/raw-document.js'
import {starRowsText} from '../helpers/star-rows-corpus.js'

describe('raw document storage', () => {
  test('the d1 dictionary never changes (stored documents depend on its exact bytes)', () => {
    expect(createHash('sha256').update(RAW_DICTIONARY_D1).digest('hex')).toBe(RAW_DICTIONARY_D1_SHA256)
    expect(RAW_DICTIONARY_D1_SHA256).toBe('c2c6688b87f19b06acc3ed6737e2ce8ab7d0f86158764787cdc2bcdff297d1d6')
  })

  test('round-trips byte for byte (BOM, invalid UTF-8 and all), and older encodings still decode', () => {
    for (const bytes of [Buffer.from(starRowsText(5)), Buffer.from([0xef, 0xbb, 0xbf, 0x5b, 0xff, 0x5d]), Buffer.alloc(0)]) {
      const p = packRaw(bytes)
      expect(p.encoding).toBe('deflate-raw-d1')
      expect(unpackRaw(p.encoding, p.bytes).equals(bytes)).toBe(true)
    }
    const old = Buffer.from('{"a": 1}')
    expect(unpackRaw('deflate-raw', deflateRawSync(old)).equals(old)).toBe(true)
    expect(unpackRaw('identity', old).equals(old)).toBe(true)
    expect(() => unpackRaw('zstd', old)).toThrow(/unknown raw document encoding/)
  })

  test('the dictionary makes a small result file compress far better than alone', () => {
    const bytes = Buffer.from(starRowsText(9))
    const alone = deflateRawSync(bytes, {level: 9}).length
    expect(packRaw(bytes).bytes.length).toBeLessThan(alone * 0.75)
  })
})
