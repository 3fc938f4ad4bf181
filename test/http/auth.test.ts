import { strict as assert } from "node:assert";
import { FailedAuthLimiter, hostHeaderAllowed, isLoopbackHost, tokenMatches } from "../../server/http";

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
});
