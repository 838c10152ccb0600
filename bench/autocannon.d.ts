// Minimal types for autocannon 9 (no @types package installed): only what bench/api.ts uses.
declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: string
      path?: string
      headers?: Record<string, string>
      body?: string
      setupRequest?: (req: Request) => Request
    }
    interface Options {
      url: string
      connections?: number
      duration?: number
      requests?: Request[]
    }
    interface Histogram {
      average: number
      total: number
      p50: number
      p99: number
    }
    interface Result {
      requests: Histogram
      latency: Histogram
      errors: number
      timeouts: number
      non2xx: number
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>
  export default autocannon
}
