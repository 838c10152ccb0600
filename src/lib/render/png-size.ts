/** Width and height from a PNG's IHDR chunk, so HTML can state image dimensions without decoding. */
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 24 && SIGNATURE.every((b, i) => bytes[i] === b)
}

export function pngSize(bytes: Uint8Array): {width: number; height: number} {
  if (!isPng(bytes)) throw new Error('not a PNG')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // Signature (8) + chunk length (4) + "IHDR" (4), then big-endian width and height.
  return {width: view.getUint32(16), height: view.getUint32(20)}
}
