import { strict as assert } from "node:assert";
import { ServerStatus, WORKER_IDS, type WorkerId } from "../../server/protocol";
import { standInToken, startHubStandIn, type HubStandIn } from "../support/hubStandIn";
import { runCli, type ServerProcess } from "../support/serverProcess";
import { ORDERS_TS } from "../support/ordersFixture";
import { removeDir, tempDir } from "../support/tempDir";
import { drained, hubRows, startPublishingServer, startWorkers, stopWorkers, waitUntil } from "./support";

const FIXTURE = {
  "src/orders.ts": ORDERS_TS + "// TODO: cache the file\n",
};

describe("a server on an empty disk continues from the Hub datasets (real processes)", function () {
  this.timeout(180_000);
  const token = standInToken();
  let hub: HubStandIn;
  let workspace: string;
  const dirs: string[] = [];
  let server: ServerProcess | null = null;

  before(async () => {
    hub = await startHubStandIn({ tokens: { [token]: "dave" } });
    workspace = await tempDir(FIXTURE);
  });
  after(async () => {
    await server?.stop("SIGKILL");
    await hub.close();
    await removeDir(workspace);
    for (const d of dirs) await removeDir(d);
  });

  it("resumes iteration numbers, insights and latest results, and publishes nothing twice", async () => {
    const first = await tempDir();
    dirs.push(first);
    server = await startPublishingServer(workspace, first, hub, token, "dave");
    await waitUntil("a round of test planning is on the Hub", () => hubRows(hub, "dave", "test-planning").length >= 16 && hubRows(hub, "dave", "analysis").length >= 6);
    await stopWorkers(server);
    await waitUntil("the outbox is drained", () => drained(server!));
    await server.stop("SIGTERM");
    server = null;
    const last = Object.fromEntries(WORKER_IDS.map((w) => [w, hubRows(hub, "dave", w).at(-1)!])) as Record<WorkerId, Record<string, unknown>>;

    // A new disk, as a rebuilt Space has.
    const second = await tempDir();
    dirs.push(second);
    server = await startPublishingServer(workspace, second, hub, token, "dave", ["--no-autostart"]);
    const status = ServerStatus.parse(await (await fetch(`${server.url}/api/status`)).json());
    for (const w of status.workers) assert.equal(w.iteration, (last[w.worker].iteration as number) + 1, `${w.worker} numbering continues`);
    const plans = (await (await fetch(`${server.url}/api/test-plans`)).json()) as { iteration: number; cumulative_insights: unknown };
    assert.equal(plans.iteration, last["test-planning"].iteration);
    assert.deepEqual(plans.cumulative_insights, JSON.parse(String(last["test-planning"].cumulative_insights_json)), "insights continue");
    assert.ok(plans.cumulative_insights && (plans.cumulative_insights as { failure_modes_identified: { count: number } }).failure_modes_identified.count > 0);
    const findings = (await (await fetch(`${server.url}/api/findings`)).json()) as { findings: { rule: string }[] };
    assert.ok(findings.findings.length > 0, "the latest findings are served before any new analysis");

    await startWorkers(server);
    await waitUntil("new iterations are published", () => WORKER_IDS.every((w) => hubRows(hub, "dave", w).length > (last[w].iteration as number) + 3));
    await stopWorkers(server);
    await waitUntil("the outbox is drained", () => drained(server!));
    for (const worker of WORKER_IDS) {
      const numbers = hubRows(hub, "dave", worker).map((r) => r.iteration as number);
      assert.deepEqual(numbers, numbers.map((_, i) => i), `${worker}: one numbering across both servers, none twice`);
    }
  });

  it("refuses to start on an empty disk when the datasets cannot be read, saying why", async () => {
    const empty = await tempDir();
    dirs.push(empty);
    hub.setUnreachable(true);
    try {
      const run = await runCli(["serve", "--workspace", workspace, "--data", empty, "--port", "0", "--hf-namespace", "dave", "--hf-retry-base", "0.05"], { HF_TOKEN: token, HF_ENDPOINT: hub.url });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /cannot restore from the Hub datasets \(.*cannot reach .*\) after 5 attempts; the data folder is empty/);
    } finally {
      hub.setUnreachable(false);
    }
  });
});
