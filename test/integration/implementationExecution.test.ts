import { strict as assert } from "node:assert";
import { setTimeout as sleep } from "node:timers/promises";
import { DISCOUNT_PACKAGE } from "../support/discountFixture";
import { ProtocolClient } from "../support/protocolClient";
import { startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";


// --max-load 0 in both servers: on a loaded machine the load gate would hold test planning back,
// and the plan this asks for would never be made.

/** A request for a plan, asked again until test planning has made the plan. */
async function requestWhenPlanned(client: ProtocolClient, planId: string) {
  for (let attempt = 0; attempt < 120; attempt++) {
    const reply = await client.request({ type: "implementation.request", planId });
    if (reply.type === "implementation") return reply.records;
    await sleep(500);
  }
  throw new Error(`${planId} was never planned`);
}

describe("serve --allow-execute: a request characterizes and runs the generated tests (real process)", function () {
  this.timeout(180_000);
  let workspace: string;
  let data: string;
  let server: ServerProcess | null = null;
  let client: ProtocolClient | null = null;

  before(async () => {
    workspace = await tempDir(DISCOUNT_PACKAGE);
    data = await tempDir();
  });
  afterEach(async () => {
    await client?.close();
    await server?.stop("SIGTERM");
    client = null;
    server = null;
  });
  after(async () => {
    await removeDir(workspace);
    await removeDir(data);
  });

  it("runs workspace code only with the flag, and the stage-6 record says how many tests passed", async () => {
    server = await startServerProcess(["--workspace", workspace, "--data", data, "--interval-analysis", "0.05", "--interval-test-planning", "0.05", "--interval-implementation", "3600", "--max-load", "0", "--allow-execute"]);
    client = await ProtocolClient.connect(server.url);
    await client.request({ type: "subscribe" });
    const records = await requestWhenPlanned(client, "plan:lib/price.js#discount");
    assert.match(records[2]!.summary, /Chose "characterization tests/);
    const last = records[5]!;
    assert.match(last.summary, /ran once: [1-9]\d* passed, 0 failed/, last.results.notes.join("\n"));
    assert.match(last.analysis.code_changes[0]!.code, /assert\.equal\(discount\(/);
    // The same numbers as data: in the record, in the summary pushed to subscribers, and in the store.
    const run = last.test_run!;
    assert.deepEqual([run.ran, run.runner, run.file, run.failed, run.not_run_reason], [true, "node:test", "lib/price.test.js", 0, null]);
    assert.equal(run.passed, Number(/ran once: (\d+) passed/.exec(last.summary)![1]));
    assert.equal(run.passed, run.assertions);
    assert.deepEqual(records.slice(0, 5).map((r) => r.test_run), [null, null, null, null, null]);
    const pushed = await client.waitFor("iteration", (m) => m.summary.worker === "implementation" && m.summary.iteration === last.iteration, 30_000);
    assert.ok(pushed.summary.worker === "implementation");
    assert.deepEqual(pushed.summary.tests, { ran: true, assertions: run.assertions, passed: run.passed, failed: 0, skipped: run.skipped, not_run_reason: null });
    assert.deepEqual((await client.record("implementation", last.iteration)).test_run, run);
  });

  it("without the flag nothing runs, and the record says so", async () => {
    server = await startServerProcess(["--workspace", workspace, "--data", data, "--interval-analysis", "0.05", "--interval-test-planning", "0.05", "--interval-implementation", "3600", "--max-load", "0"]);
    client = await ProtocolClient.connect(server.url);
    const records = await requestWhenPlanned(client, "plan:lib/price.js#discount");
    assert.match(records[5]!.summary, /not run \(running workspace code needs --allow-execute\)/);
    const run = records[5]!.test_run!;
    assert.deepEqual([run.ran, run.passed, run.failed, run.duration_ms, run.not_run_reason], [false, 0, 0, null, "running workspace code needs --allow-execute"]);
  });
});
