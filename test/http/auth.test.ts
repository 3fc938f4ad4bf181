import { strict as assert } from "node:assert";
import { FailedAuthLimiter, clientKey, hostHeaderAllowed, isLoopbackHost, tokenMatches } from "../../server/http";

describe("auth", () => {
  it("matches only the exact token, whatever the lengths", () => {
    const token = "0123456789abcdef0123";
    assert.equal(tokenMatches(token, token), true);
    assert.equal(tokenMatches(token, token + "x"), false);
    assert.equal(tokenMatches(token, token.slice(0, -1)), false);
    assert.equal(tokenMatches(token, ""), false);
    assert.equal(tokenMatches(token, null), false);
  });

  it("knows loopback names", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ["0.0.0.0", "10.0.0.1", "example.com", "localhost.evil.com", "::"]) assert.equal(isLoopbackHost(h), false, h);
  });

  it("accepts only loopback Host headers (DNS rebinding)", () => {
    assert.equal(hostHeaderAllowed("127.0.0.1:7860"), true);
    assert.equal(hostHeaderAllowed("localhost:7860"), true);
    assert.equal(hostHeaderAllowed("[::1]:7860"), true);
    assert.equal(hostHeaderAllowed("attacker.example:7860"), false);
    assert.equal(hostHeaderAllowed(undefined), false);
  });

  it("blocks an address after too many failures within the window", () => {
    let now = 0;
    const limiter = new FailedAuthLimiter(3, 1000, () => now);
    for (let i = 0; i < 3; i++) {
      assert.equal(limiter.blocked("a"), false);
      limiter.recordFailure("a");
    }
    assert.equal(limiter.blocked("a"), true);
    assert.equal(limiter.blocked("b"), false);
    now = 1001;
    assert.equal(limiter.blocked("a"), false);
  });

  it("says how long a blocked address must wait: until its oldest counted failure leaves the window", () => {
    let now = 0;
    const limiter = new FailedAuthLimiter(3, 60_000, () => now);
    assert.equal(limiter.retryAfterSeconds("a"), 0);
    for (const t of [0, 10_000, 20_000]) {
      now = t;
      limiter.recordFailure("a");
    }
    now = 30_000;
    assert.equal(limiter.retryAfterSeconds("a"), 30, "the failure at 0 s leaves the window at 60 s");
    now = 59_999;
    assert.equal(limiter.retryAfterSeconds("a"), 1, "never 0 while blocked");
    now = 60_000;
    assert.equal(limiter.retryAfterSeconds("a"), 0);
  });

  it("counts an IPv4 client once with or without its ::ffff: prefix, and an IPv6 host by its /64", () => {
    assert.equal(clientKey("::ffff:127.0.0.2"), "127.0.0.2");
    assert.equal(clientKey("10.1.2.3"), "10.1.2.3");
    assert.equal(clientKey("2001:db8:0:1::5"), "2001:db8:0:1::/64");
    assert.equal(clientKey("2001:0db8:0000:0001:ffff:1:2:3"), "2001:db8:0:1::/64");
    assert.equal(clientKey("::1"), "0:0:0:0::/64");
    let now = 0;
    const limiter = new FailedAuthLimiter(2, 1000, () => now);
    limiter.recordFailure("2001:db8:0:1::5");
    limiter.recordFailure("2001:db8:0:1::6");
    assert.equal(limiter.blocked("2001:db8:0:1::7"), true, "rotating addresses inside one /64 does not help");
    assert.equal(limiter.blocked("2001:db8:0:2::5"), false);
  });
});
