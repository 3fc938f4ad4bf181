import { strict as assert } from "node:assert";
import { setTimeout as sleep } from "node:timers/promises";
import { Rotation, type IterationOutcome } from "../../server/workers";

function outcome(iteration: number, error: string | null = null): IterationOutcome {
  return {
    iteration,
    timestamp: new Date().toISOString(),
    duration_ms: 1,
    status: error ? "error" : "ok",
    summary: error ?? "fine",
    error,
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe("Rotation", () => {
  const rotations: Rotation[] = [];
  const make = (opts: ConstructorParameters<typeof Rotation>[0]) => {
    const r = new Rotation(opts);
    rotations.push(r);
    return r;
  };
  afterEach(async () => {
    await Promise.all(rotations.splice(0).map((r) => r.stop()));
  });

  it("runs at once on start, then on its interval, and stops", async () => {
    let runs = 0;
    const r = make({ intervalMs: 40, run: async () => outcome(runs++) });
    r.start();
    await until(() => runs >= 3, "three runs");
    await r.stop();
    const after = runs;
    await sleep(100);
    assert.equal(runs, after, "no run after stop");
    assert.equal(r.snapshot().state, "stopped");
  });

  it("skips and counts a due run while the previous one is still going, never running two at once", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const r = make({
      intervalMs: 20,
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(90);
        active--;
        return outcome(runs++);
      },
    });
    r.start();
    await until(() => runs >= 2, "two slow runs");
    assert.equal(maxActive, 1);
    assert.ok(r.snapshot().skipped_runs >= 3, `skipped ${r.snapshot().skipped_runs}`);
  });

  it("backs off exponentially after failures, says why, and recovers", async () => {
    const times: number[] = [];
    let fail = true;
    const r = make({
      intervalMs: 10,
      backoffBaseMs: 30,
      run: async () => {
        times.push(Date.now());
        if (fail) throw new Error("disk on fire");
        return outcome(times.length);
      },
    });
    r.start();
    await until(() => times.length >= 4, "four failing runs");
    const snap = r.snapshot();
    assert.equal(snap.state, "backing-off");
    assert.equal(snap.last_error?.message, "disk on fire");
    assert.match(snap.reason!, /failed iterations in a row; retrying in/);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    assert.ok(gaps[1]! >= 55 && gaps[2]! >= 115, `gaps grow: ${gaps.join(", ")}`);
    fail = false;
    await until(() => r.snapshot().state === "running" && r.snapshot().consecutive_failures === 0, "recovery", 5000);
    assert.equal(r.snapshot().last_error?.message, "disk on fire", "the last error stays visible");
  });

  it("treats an outcome with an error (e.g. the store refused) as a failure", async () => {
    const r = make({ intervalMs: 10, backoffBaseMs: 1000, run: async () => outcome(0, "could not store iteration 0: ENOSPC") });
    r.start();
    await until(() => r.snapshot().state === "backing-off", "backing off");
    assert.match(r.snapshot().last_error!.message, /ENOSPC/);
  });

  it("keeps its pace when the store holds a record it could not write, says why, and clears it once written", async () => {
    let runs = 0;
    let diskFull = true;
    const r = make({
      intervalMs: 10,
      backoffBaseMs: 60_000,
      run: async () => ({ ...outcome(runs++), storeProblem: diskFull ? "could not write analysis.jsonl (ENOSPC): the disk is full" : null }),
    });
    r.start();
    await until(() => runs >= 3, "three runs despite the refused writes");
    const held = r.snapshot();
    assert.equal(held.state, "running");
    assert.equal(held.consecutive_failures, 0);
    assert.match(held.reason!, /ENOSPC/);
    assert.match(held.last_error!.message, /ENOSPC/);
    diskFull = false;
    const at = runs;
    await until(() => runs > at + 1, "runs after the disk took writes again");
    assert.equal(r.snapshot().reason, null);
  });

  it("pauses between iterations while the machine is busy, then goes on", async () => {
    let busy = true;
    let runs = 0;
    const r = make({
      intervalMs: 10,
      loadRecheckMs: 10,
      loadGate: () => (busy ? { busy: true, reason: "machine busy: load 9" } : { busy: false, reason: null }),
      run: async () => outcome(runs++),
    });
    r.start();
    await until(() => r.snapshot().state === "paused", "paused");
    await sleep(50);
    assert.equal(runs, 0);
    assert.equal(r.snapshot().reason, "machine busy: load 9");
    busy = false;
    await until(() => runs >= 2, "runs after the load drops");
    assert.equal(r.snapshot().state, "running");
  });

  it("abandons a running iteration on stop through its abort signal", async () => {
    let sawAbort = false;
    const r = make({
      intervalMs: 1000,
      run: (signal) =>
        new Promise<IterationOutcome>((_resolve, reject) => {
          signal.addEventListener("abort", () => {
            sawAbort = true;
            reject(signal.reason);
          });
        }),
    });
    r.start();
    await until(() => r.snapshot().busy, "busy");
    const started = Date.now();
    await r.stop();
    assert.ok(Date.now() - started < 500);
    assert.equal(sawAbort, true);
    assert.equal(r.snapshot().last_error, null, "an abandoned iteration is not a failure");
  });

  it("runs back to back with interval 0", async () => {
    let runs = 0;
    const r = make({ intervalMs: 0, run: async () => outcome(runs++) });
    r.start();
    await until(() => runs >= 50, "fifty runs");
    assert.equal(r.snapshot().skipped_runs, 0);
  });
});
