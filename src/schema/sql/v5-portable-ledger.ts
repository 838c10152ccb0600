/**
 * Schema version 5: the ledger locates a file relative to the input directory it was found under
 * (`input_root`, relative to the working directory when it was inside it, else absolute, and
 * `relative_path` under it, `/`-separated), beside its absolute `path` and sha256. Moving or
 * copying a results folder, or the whole project, then keeps --clean-json, --archive-data and
 * --restore working: they match a file by its path under the scanned directory and its bytes.
 *
 * Rows of older versions do not know their root: both columns stay NULL, and readers match them
 * by the tail of their absolute path instead (see maintain/locate.ts).
 */
export const V5_PORTABLE_LEDGER: string[] = [
  `ALTER TABLE source_files ADD COLUMN input_root VARCHAR`,
  `ALTER TABLE source_files ADD COLUMN relative_path VARCHAR`,
]
