/**
 * DNS-rebinding defence: a page on evil.example that resolves its name to 127.0.0.1 can reach a
 * loopback server, but its requests carry `Host: evil.example`. Only loopback names (and the
 * host the server was configured with) on the server's own port are accepted.
 */
export class HostAllowlist {
  private port: number | undefined
  private readonly extra: string[]
  /** Host header values accepted as sent (checked on every request, cached ones too). */
  private accepted = new Set<string>()

  constructor(extraHosts: string[] = []) {
    this.extra = extraHosts.map((h) => h.toLowerCase())
    this.remember()
  }

  /** Set once the server is listening (port 0 picks one). */
  setPort(port: number): void {
    this.port = port
    this.remember()
  }

  private remember(): void {
    const allowed = this.allowedHosts
    this.accepted = new Set(this.port === 80 ? [...allowed, ...allowed.map((h) => h.replace(/:80$/, ''))] : allowed)
  }

  get allowedHosts(): string[] {
    const names = ['127.0.0.1', 'localhost', '[::1]', ...this.extra.map(bracketIpv6)]
    return this.port === undefined ? names : names.map((n) => `${n}:${this.port}`)
  }

  allows(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false
    // Port 80 may be left out of Host by clients (both spellings are in `accepted`).
    return this.accepted.has(hostHeader) || this.accepted.has(hostHeader.trim().toLowerCase())
  }
}

function bracketIpv6(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}
