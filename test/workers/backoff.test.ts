import { strict as assert } from "node:assert";
import { BACKOFF_CAP_MS, backoffDelay, judgeLoad } from "../../server/workers";

describe("backoffDelay", () => {
  it("is zero without failures and doubles from the base", () => {
    assert.equal(backoffDelay(0, 1000), 0);
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(n, 1000)), [1000, 2000, 4000, 8000]);
  });

  it("is capped at five minutes, however many failures", () => {
    assert.equal(BACKOFF_CAP_MS, 300_000);
    assert.equal(backoffDelay(9, 60_000), 300_000);
    assert.equal(backoffDelay(10_000, 1000), 300_000);
  });
});

describe("judgeLoad", () => {
  it("is busy only above the allowed share of the cores", () => {
    assert.equal(judgeLoad(1.8, 2, 0.9).busy, false);
    const busy = judgeLoad(1.9, 2, 0.9);
    assert.equal(busy.busy, true);
    assert.match(busy.reason!, /load 1\.90 on 2 cores is above 90%/);
  });

  it("is never busy when disabled with 0", () => {
    assert.equal(judgeLoad(100, 2, 0).busy, false);
  });
});
