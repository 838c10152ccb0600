/**
 * Text inputs: which files the scan offers (JSON documents plus the text and JSON Lines files a
 * text reader may claim), and how bytes that are not one JSON document are offered to the text
 * readers. Recognition is by content: a `.txt` of Go benchmark output is claimed because its lines
 * are Go's, and a `.txt` of anything else is left alone.
 */

/** `detect` of an adapter that reads only text: no JSON document matches it. */
export const TEXT_ONLY: object = Object.freeze({not: {}})

/** Names the scan lists. `.json` files are always results (an unparsable one is rejected). */
const JSON_NAME = /\.json$/
const TEXT_NAME = /\.(jsonl|ndjson|txt|log)$/i

/** Whether the scan should offer this file name to the engine. */
export function isResultFileName(name: string): boolean {
  return JSON_NAME.test(name) || TEXT_NAME.test(name)
}

/**
 * Whether the file is expected to hold a JSON document: a `.json` name (db:convert) or a submitted
 * JSON body. Such a file that no reader claims is rejected with its JSON parse error; any other
 * text file that no adapter claims is not a result file, and is left alone (no ledger row).
 */
export function expectsJson(path: string): boolean {
  return JSON_NAME.test(path)
}

const decoder = new TextDecoder('utf-8', {fatal: true})

/** Bytes as text (a UTF-8 BOM skipped), or null when they are not UTF-8 (a binary file named .log). */
export function decodeText(bytes: Uint8Array): {text: string; bom: boolean} | null {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  try {
    const text = decoder.decode(bom ? bytes.subarray(3) : bytes)
    // NUL bytes: a binary file that happens to be valid UTF-8 is no one's text format.
    return text.includes('\0') ? null : {text, bom}
  } catch {
    return null
  }
}

/** Lines of a text, with Windows and old-Mac line ends and terminal carriage returns handled. */
export function textLines(text: string): string[] {
  // A progress line rewritten with `\r` (criterion, go test -v piped from a terminal) keeps only
  // its last state, as the terminal showed it.
  return text.split(/\r?\n/).map((l) => {
    const i = l.lastIndexOf('\r')
    return i >= 0 && i < l.length - 1 ? l.slice(i + 1) : l.replace(/\r$/, '')
  })
}
