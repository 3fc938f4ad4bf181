import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { ServerStatus, WORKER_IDS, type WorkerId } from "../../server/protocol";
import { launchOrSkip } from "../support/chromium";
import { standInToken, startHubStandIn, type HubStandIn } from "../support/hubStandIn";
import { ProtocolClient } from "../support/protocolClient";
import type { ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";
import { drained, hubRows, startHubDashboardProcess, startPublishingServer, stopWorkers, waitUntil } from "./support";

const ARTIFACTS = path.resolve(__dirname, "..", "..", "test-results");

describe("autocoder dashboard --from-hub (read-only, from the datasets on the Hub stand-in)", function () {
  this.timeout(180_000);
  const token = standInToken();
  let hub: HubStandIn;
  let workspace: string;
  let data: string;
  let publisher: ServerProcess | null = null;
  let dashboard: { url: string; stop(): Promise<unknown> } | null = null;
  let browser: Browser | null = null;

  before(async () => {
    hub = await startHubStandIn({ tokens: { [token]: "frank" } });
    workspace = await tempDir({ "src/a.ts": "// TODO: cache this\nexport function a(x: number) {\n  if (x < 0) throw new RangeError('x');\n  return x;\n}\n" });
    data = await tempDir();
  });
  after(async () => {
    await browser?.close();
    await dashboard?.stop();
    await publisher?.stop("SIGKILL");
    await hub.close();
    await removeDir(workspace);
    await removeDir(data);
  });

  it("serves what the datasets hold, refuses commands, and pushes rows as they are published", async () => {
    publisher = await startPublishingServer(workspace, data, hub, token, "frank");
    await waitUntil("every dataset has a full round", () => hubRows(hub, "frank", "analysis").length >= 6 && hubRows(hub, "frank", "test-planning").length >= 15 && hubRows(hub, "frank", "implementation").length >= 6);
    await stopWorkers(publisher);
    await waitUntil("the outbox is drained", () => drained(publisher!));
    const last = Object.fromEntries(WORKER_IDS.map((w) => [w, hubRows(hub, "frank", w).at(-1)!])) as Record<WorkerId, Record<string, unknown>>;

    dashboard = await startHubDashboardProcess(["--from-hub", "frank", "--refresh", "1"], { HF_TOKEN: token, HF_ENDPOINT: hub.url });
    const status = ServerStatus.parse(await (await fetch(`${dashboard.url}/api/status`)).json());
    assert.equal(status.workspace, "hub:frank");
    for (const w of status.workers) {
      assert.equal(w.iteration, (last[w.worker].iteration as number) + 1, `${w.worker}: the next number after the dataset's last`);
      assert.equal(w.last_run?.timestamp, last[w.worker].timestamp);
      assert.match(w.reason ?? "", /^read-only: from frank\/autocoder-.*-results/);
    }
    const findings = (await (await fetch(`${dashboard.url}/api/findings`)).json()) as { findings: { rule: string }[] };
    assert.ok(findings.findings.some((f) => f.rule === "todo-note"), "the latest findings come from the dataset");
    const plans = (await (await fetch(`${dashboard.url}/api/test-plans`)).json()) as { cumulative_insights: unknown };
    assert.deepEqual(plans.cumulative_insights, JSON.parse(String(last["test-planning"].cumulative_insights_json)));

    const client = await ProtocolClient.connect(dashboard.url);
    try {
      await client.request({ type: "subscribe" });
      const refused = await client.request({ type: "worker.start", worker: "analysis" });
      assert.equal(refused.type, "error");
      assert.deepEqual([refused.type === "error" && refused.code, status.read_only], ["read_only", (refused as { message: string }).message]);
      assert.match((refused as { message: string }).message, /only reads the Hub datasets of frank; start, stop, analyze and implement/);

      // New rows published by the server reach the page without a reload.
      const next = (last.analysis.iteration as number) + 1;
      const pushed = client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration === next, 60_000);
      const c = await ProtocolClient.connect(publisher.url);
      await c.request({ type: "worker.start", worker: "analysis" });
      await c.close();
      await pushed;
    } finally {
      await client.close();
    }
  });

  it("renders the datasets' workers in Chromium with a strict CSP and no errors", async function () {
    browser = await launchOrSkip(this);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(dashboard!.url);
    await page.waitForSelector('#workers tr[data-worker="implementation"]');
    const shown = Number(await page.textContent('#workers tr[data-worker="test-planning"] .iteration'));
    assert.equal(shown, hubRows(hub, "frank", "test-planning").at(-1)!.iteration as number + 1);
    await page.waitForSelector('#records li[data-worker="analysis"]');
    await page.screenshot({ path: path.join(ARTIFACTS, "hub-dashboard.png"), fullPage: true });
    assert.deepEqual(errors, []);
  });
});
