/**
 * Cache of serialized read responses, keyed by route + validated parameters. Every committed
 * write bumps the generation, which empties it, so a reader never sees data older than the last
 * write the server made (the server is the database's only writer while it runs). This is what
 * lets a hot dashboard query serve at near bare-route speed.
 */
export class ResponseCache {
  private map = new Map<string, string>()
  private inflight = new Map<string, Promise<string>>()
  private gen = 0

  constructor(private readonly maxEntries = 1000) {}

  get generation(): number {
    return this.gen
  }

  get(key: string): string | undefined {
    const hit = this.map.get(key)
    if (hit !== undefined) {
      // Refresh recency: Map iteration order is insertion order, so the first key is the oldest.
      this.map.delete(key)
      this.map.set(key, hit)
    }
    return hit
  }

  /** Stores only if no write happened since `generation` was read (the value might be stale). */
  set(key: string, value: string, generation: number): void {
    if (generation !== this.gen) return
    if (this.map.size >= this.maxEntries) this.map.delete(this.map.keys().next().value as string)
    this.map.set(key, value)
  }

  /**
   * The cached value, or the result of `produce` shared by every concurrent caller of the same key
   * and generation (a computation started before a write is not joined after it).
   */
  compute(key: string, produce: () => Promise<string>): Promise<string> {
    const hit = this.get(key)
    if (hit !== undefined) return Promise.resolve(hit)
    const flightKey = `${this.gen}\u0000${key}`
    let flight = this.inflight.get(flightKey)
    if (!flight) {
      const generation = this.gen
      flight = produce()
        .then((value) => {
          this.set(key, value, generation)
          return value
        })
        .finally(() => this.inflight.delete(flightKey))
      this.inflight.set(flightKey, flight)
    }
    return flight
  }

  invalidate(): void {
    this.gen++
    this.map.clear()
  }
}
