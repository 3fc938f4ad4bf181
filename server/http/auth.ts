import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** Compares in constant time; hashing first makes the lengths equal without leaking them. */
export function tokenMatches(expected: string, presented: string | null): boolean {
  if (presented === null) return false;
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(presented).digest();
  return timingSafeEqual(a, b);
}

/** `Authorization: Bearer <t>`; for WebSocket upgrades only, also `?token=` (browsers cannot set headers there). */
export function presentedToken(req: IncomingMessage, allowQuery: boolean): string | null {
  const header = req.headers.authorization;
  if (typeof header === "string") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) return match[1]!;
  }
  if (allowQuery) {
    const query = new URL(req.url ?? "/", "http://local").searchParams.get("token");
    if (query) return query;
  }
  return null;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || h === "::ffff:127.0.0.1";
}

/**
 * A loopback server without a token must only answer requests addressed to a loopback name:
 * otherwise any web page could reach it through DNS rebinding.
 */
export function hostHeaderAllowed(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.startsWith("[") ? hostHeader.slice(0, hostHeader.indexOf("]") + 1) : hostHeader.split(":")[0]!;
  return isLoopbackHost(host);
}

/**
 * Counts failed token attempts per client address in a sliding window, so a token cannot be
 * guessed by brute force: past the limit every request from that address gets 429 until the
 * oldest failure leaves the window.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  blocked(address: string): boolean {
    return this.recent(clientKey(address)).length >= this.limit;
  }

  /** Whole seconds until this address may try again (at least 1); 0 when it is not blocked. */
  retryAfterSeconds(address: string): number {
    const list = this.recent(clientKey(address));
    if (list.length < this.limit) return 0;
    const freeAt = list[list.length - this.limit]! + this.windowMs;
    return Math.max(1, Math.ceil((freeAt - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const key = clientKey(address);
    const list = this.recent(key);
    list.push(this.now());
    this.failures.set(key, list);
    if (this.failures.size > 10_000) this.prune();
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > cutoff);
  }

  private prune(): void {
    for (const [key] of this.failures) if (this.recent(key).length === 0) this.failures.delete(key);
  }
}

/**
 * Who is counted as one client. An IPv4 address arriving on a dual-stack socket is the same
 * client as without its `::ffff:` prefix; an IPv6 host usually owns a whole /64, so counting
 * single addresses would let it rotate through them and never be blocked.
 */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
