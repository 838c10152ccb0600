import type {Database} from '../db/connection.js'
import type {Row} from '../db/values.js'
import type {LedgerRow} from './ledger-index.js'
import {FACT_TABLES_CHILD_FIRST} from './table-specs.js'
import type {LedgerEntry} from './writer.js'

/**
 * A changed file at a known path replaces its older version: the old rows go (so reports never
 * count both) and the old ledger row is kept as `superseded`, with its raw document, so the old
 * bytes can still be restored.
 *
 * Except when the old version's content is still in the tree under another path: a file recorded
 * as its duplicate. Deleting the rows would then drop that content from every report while the
 * duplicate, unchanged, is never read again. So the first such duplicate (lowest ledger id; one
 * written by this same batch when there is none stored) becomes the content's holder: the rows are
 * moved to it, its ledger row takes the old version's status, shape, row counts and (identical,
 * same sha256) raw document, and the other duplicates point at it. The rows stay exactly as they
 * were, so nothing is re-read or re-parsed.
 */
export class Retirement {
  /** Old ledger id -> the id of the duplicate that inherits its content. */
  private readonly heirOf = new Map<number, number>()

  private constructor(
    private readonly oldIds: number[],
    private readonly entries: LedgerEntry[],
    private readonly newIds: number[],
  ) {}

  /**
   * Picks the heirs and moves or deletes the old versions' rows. Call before the batch's ledger
   * rows are appended, and write each entry's `duplicate_of` through `duplicateOf` (duplicates in
   * the batch that point at a retired version point at its heir instead). Entries are not changed:
   * a refused transaction is retried with fresh ids.
   */
  static async begin(db: Database, oldIds: number[], entries: LedgerEntry[], newIds: number[]): Promise<Retirement> {
    const r = new Retirement(oldIds.map((id) => Math.floor(id)), entries, newIds)
    const list = r.oldIds.join(',')
    const stored = await db.all<{old_id: number; heir: number}>(
      `SELECT duplicate_of AS old_id, min(source_file_id) AS heir FROM source_files
        WHERE status = 'duplicate' AND duplicate_of IN (${list}) AND source_file_id NOT IN (${list})
        GROUP BY duplicate_of`,
    )
    for (const h of stored) r.heirOf.set(Number(h.old_id), Number(h.heir))
    entries.forEach((e, i) => {
      if (e.status !== 'duplicate' || e.duplicateOf === undefined || e.duplicateOf === null) return
      if (!r.heirOf.has(e.duplicateOf) && r.oldIds.includes(e.duplicateOf)) r.heirOf.set(e.duplicateOf, newIds[i])
    })

    const orphaned = r.oldIds.filter((id) => !r.heirOf.has(id))
    for (const table of FACT_TABLES_CHILD_FIRST) {
      if (orphaned.length) await db.run(`DELETE FROM ${table} WHERE source_file_id IN (${orphaned.join(',')})`)
      if (r.heirOf.size) {
        await db.run(`UPDATE ${table} SET source_file_id = h.heir FROM (VALUES ${r.pairs()}) AS h(old_id, heir) WHERE ${table}.source_file_id = h.old_id`)
      }
    }
    return r
  }

  /** The `duplicate_of` entry `i` is written with: its original, or that original's heir (unless it is the heir). */
  duplicateOf(i: number, original: number | null): number | null {
    if (original === null) return null
    const heir = this.heirOf.get(original)
    return heir === undefined || heir === this.newIds[i] ? original : heir
  }

  private pairs(): string {
    return [...this.heirOf].map(([old, heir]) => `(${old}::BIGINT, ${heir}::BIGINT)`).join(', ')
  }

  /**
   * After the batch's ledger rows are in: the heirs take over the old versions' ledger facts, the
   * remaining duplicates point at their heir, the old versions are marked superseded. Returns the
   * heirs' ledger rows as they now are (the caller's ledger index must see them as holders).
   */
  async finish(db: Database): Promise<LedgerRow[]> {
    let heirs: LedgerRow[] = []
    if (this.heirOf.size) {
      const pairs = this.pairs()
      await db.run(`UPDATE source_files SET status = o.status, duplicate_of = NULL, category = o.category, shape = o.shape,
          reason = o.reason, json_pointer = o.json_pointer, rows_written = o.rows_written,
          raw_encoding = coalesce(source_files.raw_encoding, o.raw_encoding), raw_document = coalesce(source_files.raw_document, o.raw_document)
        FROM (VALUES ${pairs}) AS h(old_id, heir) JOIN source_files AS o ON o.source_file_id = h.old_id
        WHERE source_files.source_file_id = h.heir`)
      await db.run(`UPDATE source_files SET duplicate_of = h.heir FROM (VALUES ${pairs}) AS h(old_id, heir)
        WHERE source_files.status = 'duplicate' AND source_files.duplicate_of = h.old_id`)
      // Named as LedgerRow's fields; Database.all hands BIGINTs back as numbers.
      heirs = await db.all<LedgerRow & Row>(
        `SELECT source_file_id AS id, path, sha256, size_bytes AS size, epoch_us(mtime) AS "mtimeUs", status, category, shape, reason
          FROM source_files WHERE source_file_id IN (${[...this.heirOf.values()].join(',')}) ORDER BY source_file_id`,
      )
    }
    for (const [i, e] of this.entries.entries()) {
      for (const old of e.supersedes ?? []) {
        await db.run(`UPDATE source_files SET status = 'superseded', superseded_by = ? WHERE source_file_id = ?`, [this.newIds[i], old])
      }
    }
    return heirs
  }
}
