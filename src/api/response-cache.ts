import {createHash} from 'node:crypto'

/**
 * What a committed write changed: the models whose rows it added, or everything (`wide`: rows
 * replaced or deleted, or a write the caller cannot describe). Same shape as the ingest writer's
 * `WriteScope`.
 */
export interface WriteScope {
  models: ReadonlySet<string>
  wide: boolean
}

/**
 * What a cached answer depends on: only the rows of these models (and the dimension rows they
 * reference), or, when absent, anything in the database.
 */
export interface ReadScope {
  models: readonly string[]
}

/** Counters for tests and diagnostics (monotonic since the server started). */
export interface CacheStats {
  hits: number
  /** Answers computed (a request that joined a computation already running is not counted). */
  computed: number
  /** Entries dropped by writes. */
  dropped: number
  writes: number
  /** Entries recomputed by a write before it was acknowledged (see invalidateRefreshing). */
  refreshed: number
}

interface Entry {
  value: string
  /** `value` as the UTF-8 bytes sent and their ETag, made on the first hit served from them. */
  wire?: WireBody
  scope?: ReadScope
  /** The cache keys holding this answer (its key and URL alias). */
  keys: string[]
  produce: () => Promise<string>
  /** Date.now() of the last hit: only answers in use are recomputed by writes. */
  usedAt: number
}

/** A cached answer ready for the socket: encoded once, sent by every later hit. */
export interface WireBody {
  bytes: Buffer
  /** Strong validator of the bytes (hash of the content): stays right across restarts. */
  etag: string
}

export function etagOf(value: string | Buffer): string {
  return `"${createHash('sha1').update(value).digest('base64url')}"`
}

/** Answers used within this window are recomputed by a write to their model before it is acknowledged. */
const HOT_MS = 10_000
/** At most this many answers recomputed per write (the rest are dropped as usual). */
const MAX_REFRESH = 8

/**
 * Cache of serialized read responses, keyed by route + validated parameters, so a hot dashboard
 * query serves at near bare-route speed. Freshness rule: a request never gets an answer older than
 * a write acknowledged before it started. The server is the database's only writer and calls
 * `invalidate(scope)` after each commit, before acknowledging it. An entry with a read scope (an
 * answer about one model) is dropped only by writes touching that model or wide writes; an entry
 * without one is dropped by every write. With test runners writing results for many models, the
 * answers about the other models stay cached instead of being recomputed over every row after
 * each write.
 */
export class ResponseCache {
  private map = new Map<string, Entry>()
  /** The key most recently moved to the end of `map` (see hit). */
  private last?: string
  private inflight = new Map<string, Promise<string>>()
  /** Counts writes; `wideGen` and `modelGen` say which write last affected what. */
  private gen = 0
  private wideGen = 0
  private modelGen = new Map<string, number>()
  readonly stats: CacheStats = {hits: 0, computed: 0, dropped: 0, writes: 0, refreshed: 0}

  constructor(private readonly maxEntries = 1000) {}

  /** Changes with every write: caches without scopes (rendered reports, the SQL snapshot) compare it. */
  get generation(): number {
    return this.gen
  }

  /**
   * The generation of the last write that could change an answer with this scope: an answer
   * computed from a snapshot taken before that write must not be cached or shared after it.
   */
  private epoch(scope?: ReadScope): number {
    if (!scope) return this.gen
    let e = this.wideGen
    for (const m of scope.models) e = Math.max(e, this.modelGen.get(m) ?? 0)
    return e
  }

  get(key: string): string | undefined {
    return this.hit(key)?.value
  }

  /** `get`, as the bytes to send and their ETag (encoded and hashed once per answer). */
  wire(key: string): WireBody | undefined {
    const hit = this.hit(key)
    if (!hit) return undefined
    if (!hit.wire) {
      const bytes = Buffer.from(hit.value, 'utf8')
      hit.wire = {bytes, etag: etagOf(bytes)}
    }
    return hit.wire
  }

  private hit(key: string): Entry | undefined {
    const hit = this.map.get(key)
    if (hit !== undefined) {
      this.stats.hits++
      hit.usedAt = Date.now()
      // Refresh recency: Map iteration order is insertion order, so the first key is the oldest.
      // (Only when it is not already the newest: a hot key is hit thousands of times a second.)
      if (this.last !== key) {
        this.map.delete(key)
        this.map.set(key, hit)
        this.last = key
      }
    }
    return hit
  }

  /**
   * The cached value, or the result of `produce` shared by every concurrent caller of the same key
   * (a computation started before a write that affects its scope is neither joined nor cached
   * after that write). `alias` is a second key for the same answer (the request's exact URL, looked
   * up before any parameter parsing).
   */
  compute(key: string, produce: () => Promise<string>, scope?: ReadScope, alias?: string): Promise<string> {
    const hit = this.get(key)
    if (hit !== undefined) return Promise.resolve(hit)
    const epoch = this.epoch(scope)
    const flightKey = `${epoch}\u0000${key}`
    let flight = this.inflight.get(flightKey)
    if (!flight) {
      this.stats.computed++
      flight = produce()
        .then((value) => {
          if (this.epoch(scope) === epoch) this.store({value, scope, keys: alias === undefined ? [key] : [key, alias], produce, usedAt: Date.now()})
          return value
        })
        .finally(() => this.inflight.delete(flightKey))
      this.inflight.set(flightKey, flight)
    }
    return flight
  }

  private store(entry: Entry): void {
    this.last = undefined
    for (const k of entry.keys) {
      if (this.map.size >= this.maxEntries) this.map.delete(this.map.keys().next().value as string)
      this.map.set(k, entry)
    }
  }

  /**
   * `invalidate`, except that the answers about the written models that are in use are first
   * recomputed (from the committed data: the caller's write has committed and no other write runs
   * meanwhile) and swapped in at the moment of invalidation, in one synchronous step. Until the
   * write is acknowledged readers still get the previous answer, which the freshness rule allows;
   * from then on the new one, without a cache miss: 50 clients reading a model that a test runner
   * just wrote do not all wait for its query. The write's acknowledgement waits instead.
   */
  async invalidateRefreshing(write: WriteScope): Promise<void> {
    if (write.wide) return this.invalidate(write)
    const now = Date.now()
    const hot = new Set<Entry>()
    for (const e of [...this.map.values()].reverse()) {
      if (hot.size >= MAX_REFRESH) break
      if (e.scope && now - e.usedAt < HOT_MS && e.scope.models.some((m) => write.models.has(m))) hot.add(e)
    }
    const fresh = await Promise.all([...hot].map((e) => e.produce().then((value): Entry => ({...e, value, wire: undefined}), () => undefined)))
    this.invalidate(write)
    for (const e of fresh) {
      if (!e) continue
      this.store(e)
      this.stats.refreshed++
    }
  }

  /** Call after a write committed, before acknowledging it. No scope: everything goes. */
  invalidate(write: WriteScope = {models: new Set(), wide: true}): void {
    const gen = ++this.gen
    this.stats.writes++
    this.last = undefined
    if (write.wide) {
      this.wideGen = gen
      this.modelGen.clear() // wideGen now dominates every model's generation
      this.stats.dropped += this.map.size
      this.map.clear()
      return
    }
    for (const m of write.models) this.modelGen.set(m, gen)
    for (const [key, entry] of this.map) {
      if (!entry.scope || entry.scope.models.some((m) => write.models.has(m))) {
        this.map.delete(key)
        this.stats.dropped++
      }
    }
  }
}
