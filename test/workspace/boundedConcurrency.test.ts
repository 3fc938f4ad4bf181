import { strict as assert } from "node:assert";
import { setTimeout as sleep } from "node:timers/promises";
import { mapLimit } from "../../server/workspace/boundedConcurrency";

describe("mapLimit", () => {
  it("keeps the items' order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimit([5, 1, 4, 2, 3, 0, 6, 2], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(n);
      running--;
      return n * 10;
    });
    assert.deepEqual(results, [50, 10, 40, 20, 30, 0, 60, 20]);
    assert.equal(peak, 3);
  });

  it("starts nothing new after a failure or an abort", async () => {
    const started: number[] = [];
    await assert.rejects(
      mapLimit([1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error("two");
        return n;
      }),
      /two/,
    );
    assert.deepEqual(started, [1, 2]);

    const controller = new AbortController();
    const seen: number[] = [];
    await assert.rejects(
      mapLimit(
        [1, 2, 3],
        1,
        async (n) => {
          seen.push(n);
          controller.abort(new Error("stopped"));
          return n;
        },
        controller.signal,
      ),
      /stopped/,
    );
    assert.deepEqual(seen, [1]);
  });
});
