import {sep} from 'node:path'
import type {Database} from '../db/connection.js'
import type {LedgerStatus} from './writer.js'

/** The current (not superseded) ledger row of one path. */
export interface LedgerRow {
  id: number
  path: string
  sha256: string | null
  size: number | null
  /** Modification time in whole microseconds, as stored. */
  mtimeUs: number | null
  status: LedgerStatus
  category: string | null
  shape: string | null
  reason: string | null
}

/** The ledger row whose rows hold some content (what a duplicate points at). */
export interface ContentRow {
  id: number
  path: string
  category: string | null
  shape: string | null
}

/** Microseconds the way the writer stores them, so a stat and a ledger row compare exactly. */
export function mtimeToMicros(mtimeMs: number | null): number | null {
  return mtimeMs === null ? null : Math.round(mtimeMs * 1000)
}

/** Ledgers of at least this many rows get a temp table of path hashes for bulk lookups (see pathKeys). */
export const PATH_KEYS_MIN_LEDGER = 32_768
/**
 * Ledgers of at most this many rows are read whole (the rows under the scanned directories)
 * before the first lookup (see preload); the rows then held stay below this bound too.
 */
export const PRELOAD_MAX_LEDGER = 32_768
/** Lookups of fewer paths (single API documents) keep the plain query. */
const PATH_KEYS_MIN_LOOKUP = 256
let tempTables = 0

/** Keys per lookup query (a caller's chunk, see CHUNK_FILES, fits in one). */
const LOOKUP_KEYS = 8192

/**
 * Entries per cache generation. A chunk of 8,192 paths looked up, plus as many rows written,
 * fill at most half of it, so an entry survives at least the next two chunks: the files
 * prepared ahead of the one being decided (WINDOW_BYTES and WINDOW_FILES in submit-files) find their rows.
 */
export const CACHE_ENTRIES = 32_768

/** A map that forgets its older half: two generations, the older dropped when the newer fills up. */
class Recent<V> {
  private newer = new Map<string, V>()
  private older = new Map<string, V>()

  constructor(private readonly limit: number) {}

  get(k: string): V | undefined {
    const v = this.newer.get(k)
    return v !== undefined ? v : this.older.get(k)
  }

  set(k: string, v: V): void {
    if (this.newer.size >= this.limit) {
      this.older = this.newer
      this.newer = new Map()
    }
    this.newer.set(k, v)
    this.older.delete(k)
  }

  get size(): number {
    return this.newer.size + this.older.size
  }
}

/**
 * Which sha256 values the ledger may hold (a Bloom filter with 3 probes over 2^23 bits: 1 MB
 * whatever the ledger's size). "No" is certain; "maybe" is wrong for ~0.4 % of new hashes at
 * 500k stored files, and then costs one looked-up hash. Removed content is never cleared (a
 * filter cannot), which only adds such false "maybe"s.
 */
class HashFilter {
  private readonly bits = new Uint8Array(1 << 20)

  add(sha: string): void {
    for (const b of HashFilter.probes(sha)) this.bits[b >>> 3] |= 1 << (b & 7)
  }

  mayHold(sha: string): boolean {
    return HashFilter.probes(sha).every((b) => (this.bits[b >>> 3] & (1 << (b & 7))) !== 0)
  }

  /** sha256 hex is uniformly distributed: three 23-bit slices of it are three independent probes. */
  private static probes(sha: string): number[] {
    return [0, 6, 12].map((at) => parseInt(sha.slice(at, at + 6), 16) & 0x7fffff)
  }
}

/**
 * The ledger's current rows (path, size, mtime, sha, status), looked up in DuckDB a batch of
 * paths or hashes at a time (one query each) and cached for the files about to be decided. It
 * never holds the whole ledger: a run over 500k files used to load ~0.5 KB of JS heap per stored
 * file before deciding anything. The cache has two generations; when the newer one is full the
 * older is dropped, so it holds at most 2 x CACHE_ENTRIES paths and as many hashes whatever the
 * size of the ledger, and an entry survives at least CACHE_ENTRIES newer lookups (far more than
 * the files a caller looks up ahead of deciding them).
 *
 * Rows this session writes are put in the cache as they commit (`add`): the session is the
 * database's only writer, so the cache never goes stale. Without a database (a dry run with no
 * database file) or in a dry run (nothing is written, so the database cannot answer for this
 * run's own files), written rows go to a separate map that is never dropped.
 */
export class LedgerIndex {
  private readonly paths: Recent<LedgerRow | null>
  private readonly shas: Recent<ContentRow | null>
  /** Rows written by a run the database does not see (dry runs). */
  private readonly ownPaths = new Map<string, LedgerRow>()
  private readonly ownShas = new Map<string, ContentRow | null>()
  /** Queries made, and ledger rows fetched (tests prove lookups stay batched and bounded). */
  readonly stats = {queries: 0, rowsFetched: 0, largestLookup: 0, mostHeld: 0}
  private filter?: HashFilter
  /** See pathKeys (undefined: not tried yet; null: not used). */
  private keys?: {table: string; upTo: number} | null
  /** See preload: the current rows of every path under `roots` (null: none loaded, or given up). */
  private preloaded: {roots: string[]; rows: Map<string, LedgerRow>} | null = null
  private preloading: Promise<void> | null = null

  private constructor(
    private readonly db: Database | null,
    /** False in dry runs (and without a database): written rows then stay in `own*`. */
    private readonly dbSeesWrites: boolean,
    cacheEntries = CACHE_ENTRIES,
  ) {
    this.paths = new Recent(cacheEntries)
    this.shas = new Recent(cacheEntries)
  }

  /** No ledger: every path is new (a dry run without a database file). */
  static empty(): LedgerIndex {
    return new LedgerIndex(null, false)
  }

  /**
   * The ledger of `db`; `dryRun`: this run's writes never reach it. Loads nothing yet.
   * `cacheEntries`: per generation (tests make it small to prove the bound).
   */
  static async load(db: Database, options: {dryRun?: boolean; cacheEntries?: number} = {}): Promise<LedgerIndex> {
    return new LedgerIndex(db, !options.dryRun, options.cacheEntries)
  }

  /** Entries held in JS now (bounded unless dry-run rows accumulate). */
  get heldEntries(): number {
    return this.paths.size + this.shas.size + this.ownPaths.size + this.ownShas.size + (this.preloaded?.rows.size ?? 0)
  }

  /** Whether the ledger under the scanned directories is held whole now (see preload). */
  get isPreloaded(): boolean {
    return this.preloaded !== null
  }

  /** Current row of `path` if it was looked up (undefined: not looked up; null: none). */
  peek(path: string): LedgerRow | null | undefined {
    // (Called three times per scanned path on a no-op rerun: the empty-map case costs nothing.)
    const own = this.ownPaths.size ? this.ownPaths.get(path) : undefined
    if (own) return own
    if (!this.db) return null
    const pre = this.preloaded
    if (pre && covers(pre.roots, path)) return pre.rows.get(path) ?? null
    return this.paths.get(path)
  }

  /**
   * Starts reading the current rows of every path under `dirs` (absolute, as scanned) when the
   * whole ledger has at most PRELOAD_MAX_LEDGER rows: one query instead of one per chunk of
   * paths, started before the scan has listed them, so DuckDB reads the ledger while the main
   * thread scans (on a no-op rerun of 10,000 files the lookups were ~0.1 s of waiting). Paths
   * under `dirs` are then answered from these rows; others are looked up as before. A larger
   * ledger is not loaded (memory stays bounded; lookups use pathKeys). Lookups wait for it.
   * A failure only means lookups query as before.
   */
  preload(dirs: readonly string[]): Promise<void> {
    if (!this.db || dirs.length === 0 || this.preloading) return this.preloading ?? Promise.resolve()
    const roots = [...new Set(dirs.map((d) => (d.endsWith(sep) ? d : d + sep)))]
    this.preloading = (async () => {
      // On a connection of its own: the caller's goes on with its own queries meanwhile.
      const side = await this.db!.sibling()
      let rows: Map<string, LedgerRow>
      try {
        const total = Number((await side.scalar<number>(`SELECT count(*)::DOUBLE FROM source_files`)) ?? 0)
        // An empty ledger has nothing to preload (its lookups are cheap); preloading it would only
        // hold the run's first 32,768 written rows twice (peak RSS on the 1 GB corpus +40 MB).
        if (total === 0 || total > PRELOAD_MAX_LEDGER) return
        rows = await this.rowsUnder(side, roots)
      } finally {
        side.close()
      }
      this.preloaded = {roots, rows}
      this.noteHeld()
    })().catch(() => {
      this.preloaded = null
    })
    return this.preloading
  }

  /**
   * The current rows of every path under `roots` whose path holds no U+0001 (those are never
   * covered, see `covers`, so they are looked up as before). The query's text is made for a
   * cheap split: one separator between fields and rows alike (one `split` of the whole text,
   * the path never altered; about half the cost of `query`'s per-row format on 10,000 rows),
   * nine fields per row; only the free-text reason needs cleaning.
   */
  private async rowsUnder(db: Database, roots: string[]): Promise<Map<string, LedgerRow>> {
    this.stats.queries++
    const under = roots.map((_, i) => `starts_with(path, $${i + 1})`).join(' OR ')
    const text = await db.scalar<string | null>(
      `SELECT string_agg(concat_ws(chr(1), source_file_id, coalesce(sha256, ''), coalesce(size_bytes::VARCHAR, ''), coalesce(epoch_us(mtime)::VARCHAR, ''),
              status, coalesce(category, ''), coalesce(shape, ''), coalesce(replace(reason, chr(1), ' '), ''), path), chr(1))
         FROM source_files WHERE status <> 'superseded' AND (${under}) AND NOT contains(path, chr(1))`,
      roots,
    )
    const rows = new Map<string, LedgerRow>()
    if (!text) return rows
    const f = text.split('\u0001')
    const orNull = (v: string) => (v === '' ? null : v)
    for (let i = 0; i + 8 < f.length; i += 9) {
      const path = f[i + 8]
      const id = Number(f[i])
      // Several current rows for one path (never written so, but possible in old files): the highest id wins, as in lookups.
      const seen = rows.get(path)
      if (seen && seen.id > id) continue
      const size = f[i + 2]
      const mtime = f[i + 3]
      rows.set(path, {
        id,
        path,
        sha256: orNull(f[i + 1]),
        size: size === '' ? null : Number(size),
        mtimeUs: mtime === '' ? null : Number(mtime),
        status: f[i + 4] as LedgerStatus,
        category: orNull(f[i + 5]),
        shape: orNull(f[i + 6]),
        reason: orNull(f[i + 7]),
      })
    }
    this.stats.rowsFetched += f.length / 9
    return rows
  }

  /** Looks up every path not in the cache with one query per 8,192 paths. */
  async lookupPaths(paths: readonly string[]): Promise<void> {
    if (!this.db) return
    if (this.preloading) await this.preloading
    // Paths the preload answers go into the cache as well: the preload is dropped when the run's
    // writes outgrow it, possibly halfway through a chunk, and the rest of that chunk must still
    // be known (else each of its files became a one-path query scanning the ledger: 8,192 of them
    // took a 100k-file cold run from 35 to 95 s).
    const pre = this.preloaded
    if (pre) for (const p of paths) if (covers(pre.roots, p) && this.paths.get(p) === undefined) this.paths.set(p, pre.rows.get(p) ?? null)
    const missing = [...new Set(paths.filter((p) => this.peek(p) === undefined))]
    for (let i = 0; i < missing.length; i += LOOKUP_KEYS) {
      const part = missing.slice(i, i + LOOKUP_KEYS)
      const found = new Map<string, LedgerRow>()
      const keys = part.length >= PATH_KEYS_MIN_LOOKUP ? await this.pathKeys() : null
      const rows = keys ? await this.queryByPathKeys(part, keys).catch(() => this.dropPathKeys()) : null
      // Several current rows for one path (never written so, but possible in old files): the last wins.
      // (Rows fetched by hash whose path is not one of `part` are collisions: never looked at.)
      for (const row of rows ?? (await this.query(part, 'path', `status <> 'superseded'`))) found.set(row.path, row)
      for (const p of part) this.paths.set(p, found.get(p) ?? null)
      this.noteHeld()
    }
  }

  async row(path: string): Promise<LedgerRow | null> {
    if (this.peek(path) === undefined) await this.lookupPaths([path])
    return this.peek(path) ?? null
  }

  /** Stored content with this hash, if it was looked up. */
  peekContent(sha: string): ContentRow | null | undefined {
    const own = this.ownShas.get(sha)
    if (own !== undefined) return own
    if (!this.db) return null
    return this.shas.get(sha)
  }

  /**
   * Looks up the rows holding each content not in the cache (one query per 8,192 hashes). Most
   * files of a run hold new content: the hash filter answers "not stored" for them without a
   * query (each one scans the ledger's hashes; on 10,000 new files, 160 such queries were half
   * the run's time).
   */
  async lookupContents(shas: readonly string[]): Promise<void> {
    if (!this.db) return
    const filter = await this.contentFilter()
    const missing: string[] = []
    for (const s of new Set(shas)) {
      if (this.peekContent(s) !== undefined) continue
      if (filter.mayHold(s)) missing.push(s)
      else this.shas.set(s, null)
    }
    for (let i = 0; i < missing.length; i += LOOKUP_KEYS) {
      const part = missing.slice(i, i + LOOKUP_KEYS)
      const found = new Map<string, ContentRow>()
      // The first (lowest id) current row holding the content is the one duplicates point at.
      for (const row of await this.query(part, 'sha256', `status IN ('ingested', 'unrecognized')`)) {
        if (row.sha256 && !found.has(row.sha256)) found.set(row.sha256, {id: row.id, path: row.path, category: row.category, shape: row.shape})
      }
      for (const s of part) this.shas.set(s, found.get(s) ?? null)
      this.noteHeld()
    }
  }

  async content(sha: string): Promise<ContentRow | null> {
    if (this.peekContent(sha) === undefined) await this.lookupContents([sha])
    return this.peekContent(sha) ?? null
  }

  /**
   * A row this session wrote. `replaced`: the version it supersedes, whose content (if it was
   * the stored copy) is no longer current.
   */
  add(row: LedgerRow, replaced: LedgerRow | null = null): void {
    const own = !this.dbSeesWrites
    const paths = own ? this.ownPaths : this.paths
    const shas = own ? this.ownShas : this.shas
    if (replaced?.sha256 && this.peekContent(replaced.sha256)?.id === replaced.id) shas.set(replaced.sha256, null)
    paths.set(row.path, row)
    const pre = this.preloaded
    if (!own && pre && covers(pre.roots, row.path)) {
      // The preloaded rows answer for every path under the roots, so they must hold this one;
      // past the bound they are dropped (lookups then query the database, which has the row).
      if (pre.rows.has(row.path) || pre.rows.size < PRELOAD_MAX_LEDGER) pre.rows.set(row.path, row)
      else this.preloaded = null
    }
    if (row.sha256 && (row.status === 'ingested' || row.status === 'unrecognized') && !this.peekContent(row.sha256)) {
      shas.set(row.sha256, {id: row.id, path: row.path, category: row.category, shape: row.shape})
      this.filter?.add(row.sha256)
    }
    this.noteHeld()
  }

  /** Built on first use (a no-op rerun reads no file and never needs it) from the ledger's hashes, 65,536 rows per query. */
  private async contentFilter(): Promise<HashFilter> {
    if (this.filter) return this.filter
    const filter = new HashFilter()
    const top = await this.topId()
    for (let lo = 0; lo <= top; lo += 65_536) {
      const text = await this.db!.scalar<string | null>(
        `SELECT string_agg(sha256, '') FROM source_files
          WHERE source_file_id >= ${lo} AND source_file_id < ${lo + 65_536} AND status IN ('ingested', 'unrecognized') AND length(sha256) = 64`,
      )
      for (let i = 0; text && i + 64 <= text.length; i += 64) filter.add(text.slice(i, i + 64))
    }
    this.filter ??= filter
    return this.filter
  }

  /**
   * `(hash(path), source_file_id)` of every ledger row up to the current highest id, in a temp
   * table, built once (one scan) for a large ledger. A lookup by `path IN (keys)` scans and hashes
   * every stored path: at 487k stored files each lookup of 8,192 paths took ~0.45 s and a no-op
   * rerun 28 s. By the 8-byte hash, the candidates come from a scan of 8 bytes per row, then their
   * rows are fetched by id (DuckDB pushes the ids' range into the scan, and ids of files ingested
   * together are adjacent). Exact: hashes only pick candidates, rows are matched by their path in
   * JS; rows written after the snapshot (ids above `upTo`) are always candidates; statuses are
   * read from source_files itself, so the snapshot never goes stale.
   */
  private async pathKeys(): Promise<{table: string; upTo: number} | null> {
    if (this.keys !== undefined) return this.keys
    this.keys = null
    try {
      const top = await this.topId()
      if (top < PATH_KEYS_MIN_LEDGER) return null
      const table = `benchdb_path_keys_${++tempTables}`
      await this.db!.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT hash(path) AS h, source_file_id AS id FROM source_files WHERE source_file_id <= ${top}`)
      this.keys = {table, upTo: top}
    } catch {
      this.keys = null
    }
    return this.keys
  }

  /** The ledger's highest id now (0 when empty): what the filter and the key table cover. */
  private async topId(): Promise<number> {
    return Number((await this.db!.scalar<number | null>(`SELECT max(source_file_id) FROM source_files`)) ?? 0)
  }

  /** The key table failed (e.g. dropped by a rolled-back transaction): back to plain lookups. */
  private dropPathKeys(): null {
    this.keys = null
    return null
  }

  /** Drops the temp table (it lives as long as the connection otherwise). */
  async dispose(): Promise<void> {
    const keys = this.keys
    this.keys = undefined
    if (keys) await this.db!.run(`DROP TABLE IF EXISTS ${keys.table}`).catch(() => undefined)
  }

  private async queryByPathKeys(keys: string[], t: {table: string; upTo: number}): Promise<LedgerRow[]> {
    return this.query(keys, 'path', `status <> 'superseded'`, `source_file_id IN (
      SELECT id FROM ${t.table} WHERE h IN (SELECT hash(unnest(string_split($1, chr(1)))))
      UNION ALL SELECT source_file_id FROM source_files WHERE source_file_id > ${Math.floor(t.upTo)})`)
  }

  private noteHeld(): void {
    this.stats.mostHeld = Math.max(this.stats.mostHeld, this.heldEntries)
  }

  /**
   * Current rows whose `column` is one of `keys`, in id order. One string per query, split in JS:
   * 15x cheaper than converting 9 columns value by value. Separators are control characters,
   * removed from the (free-text) fields that could hold them. The keys go in as one parameter
   * split by DuckDB: 9x faster than a 4,096-item IN list or list literal (which DuckDB must parse).
   */
  private async query(keys: string[], column: 'path' | 'sha256', where: string, match = `${column} IN (SELECT unnest(string_split($1, chr(1))))`): Promise<LedgerRow[]> {
    this.stats.queries++
    this.stats.largestLookup = Math.max(this.stats.largestLookup, keys.length)
    const clean = (col: string) => `coalesce(replace(replace(${col}, chr(1), ' '), chr(2), ' '), '')`
    const text = await this.db!.scalar<string | null>(
      `SELECT string_agg(concat_ws(chr(1), source_file_id, ${clean('path')}, coalesce(sha256, ''), coalesce(size_bytes::VARCHAR, ''),
              coalesce(epoch_us(mtime)::VARCHAR, ''), status, coalesce(category, ''), coalesce(shape, ''), ${clean('reason')}), chr(2)
              ORDER BY source_file_id)
         FROM source_files WHERE ${where} AND ${match}`,
      [keys.join('\u0001')],
    )
    if (!text) return []
    const orNull = (s: string) => (s === '' ? null : s)
    const rows: LedgerRow[] = []
    for (const line of text.split('\u0002')) {
      const [id, path, sha, size, mtime, status, category, shape, reason] = line.split('\u0001')
      rows.push({
        id: Number(id),
        path,
        sha256: orNull(sha),
        size: size === '' ? null : Number(size),
        mtimeUs: mtime === '' ? null : Number(mtime),
        status: status as LedgerStatus,
        category: orNull(category),
        shape: orNull(shape),
        reason: orNull(reason),
      })
    }
    this.stats.rowsFetched += rows.length
    return rows
  }
}

/**
 * Whether the preloaded rows answer for `path`: it lies under one of `roots` (each ending in a
 * separator; a prefix, as SQL's starts_with) and holds no U+0001 (see rowsUnder).
 */
function covers(roots: string[], path: string): boolean {
  for (const r of roots) if (path.startsWith(r)) return !path.includes('\u0001')
  return false
}
