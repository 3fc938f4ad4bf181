import { strict as assert } from "node:assert";
import type { Page } from "playwright-core";
import { WORKER_IDS } from "../../server/protocol";
import { drained, hubRows, startHubDashboardProcess, startPublishingServer, stopWorkers, waitUntil } from "../hub/support";
import { openWorkbench, reportingFailure, runFromPalette, startExtensionInCodeServer, type ExtensionInCodeServer } from "../support/codeServer";
import { standInToken, startHubStandIn, type HubStandIn } from "../support/hubStandIn";
import type { ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

function viewLabels(page: Page, view: string): Promise<string[]> {
  return page.locator(`.pane:has(.pane-header[aria-label*="${view}"]) .monaco-list-row .label-name`).allTextContents().then((t) => t.map((s) => s.trim()));
}

async function waitForLabels(page: Page, view: string, labels: string[], timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < end) {
    seen = await viewLabels(page, view);
    if (labels.every((l) => seen.includes(l))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the ${view} view shows ${JSON.stringify(seen)}, not all of ${JSON.stringify(labels)}`);
}

describe("the extension's remote mode pointed at `autocoder dashboard --from-hub` (code-server + Chromium, Hub stand-in)", function () {
  this.timeout(300_000);
  const token = standInToken();
  let hub: HubStandIn;
  let workspace: string;
  let data: string;
  let publisher: ServerProcess | null = null;
  let dashboard: { url: string; stop(): Promise<unknown> } | null = null;
  let run: ExtensionInCodeServer | undefined;

  before(async function () {
    hub = await startHubStandIn({ tokens: { [token]: "ivy" } });
    workspace = await tempDir({ "src/a.ts": "// TODO: cache this\nexport function a(x: number) {\n  if (x < 0) throw new RangeError('x');\n  return x;\n}\n" });
    data = await tempDir();
    // A server publishes a full round of each worker to the datasets, then stops.
    publisher = await startPublishingServer(workspace, data, hub, token, "ivy");
    await waitUntil("every dataset has rows", () => hubRows(hub, "ivy", "analysis").length >= 6 && hubRows(hub, "ivy", "test-planning").length >= 1 && hubRows(hub, "ivy", "implementation").length >= 1, 120_000);
    await stopWorkers(publisher);
    await waitUntil("the outbox is drained", () => drained(publisher!));
    await publisher.stop();
    publisher = null;
    dashboard = await startHubDashboardProcess(["--from-hub", "ivy", "--refresh", "5"], { HF_TOKEN: token, HF_ENDPOINT: hub.url });
    // The same folder is open in VS Code, so the datasets' paths land on its files.
    run = await startExtensionInCodeServer(this, { "autocoder.serverUrl": dashboard.url });
  });

  after(async () => {
    await run?.stop();
    await dashboard?.stop();
    await publisher?.stop("SIGKILL");
    await hub?.close();
    await removeDir(workspace);
    await removeDir(data);
  });

  it("fills the Workers and Findings views from the datasets; Start, Stop and Analyze Now say the server only reads", async () => {
    const { codeServer, browser } = run!;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await reportingFailure(page, codeServer, "vscode-remote-hub-failure", async () => {
      const container = await openWorkbench(page, codeServer, workspace);
      await container.click();

      // Workers: the three, at the next number after each dataset's newest row, read-only.
      await waitForLabels(page, "Workers", ["Analysis", "Test Planning", "Implementation"]);
      const descriptions = await page.locator('.pane:has(.pane-header[aria-label*="Workers"]) .monaco-list-row .label-description').allTextContents();
      for (const [i, worker] of WORKER_IDS.entries()) {
        const next = (hubRows(hub, "ivy", worker).at(-1)!.iteration as number) + 1;
        assert.match(descriptions[i]!.trim(), new RegExp(`^read-only · #${next} · `), `${worker}: ${descriptions[i]}`);
      }
      // Findings: the dataset's latest, under their perspective and file.
      await waitForLabels(page, "Findings", ["Code Quality", "a.ts", "TODO: cache this"]);

      for (const [command, says] of [
        ["Autocoder: Start All Workers", /^Autocoder: cannot start the workers: the server at http:\/\/127\.0\.0\.1:\d+ is read-only: this dashboard only reads the Hub datasets of ivy/],
        ["Autocoder: Stop All Workers", /^Autocoder: cannot stop the workers: the server at http:\/\/127\.0\.0\.1:\d+ is read-only: this dashboard only reads the Hub datasets of ivy/],
        ["Autocoder: Analyze Now", /^Autocoder: cannot analyze now: the server at http:\/\/127\.0\.0\.1:\d+ is read-only: this dashboard only reads the Hub datasets of ivy/],
      ] as const) {
        await runFromPalette(page, command);
        const message = page.locator(".notifications-toasts .notification-list-item-message").filter({ hasText: says }).first();
        await message.waitFor({ timeout: 30_000 });
        assert.match(await message.innerText(), /start, stop, analyze and implement on the server that publishes them/);
      }
      // No inline Start on a worker that cannot be started.
      const analysisRow = page.locator('.pane:has(.pane-header[aria-label*="Workers"]) .monaco-list-row').filter({ hasText: "Analysis" }).first();
      await analysisRow.hover();
      assert.equal(await analysisRow.locator('.actions .action-label[aria-label="Autocoder: Start Worker…"]').count(), 0);
    });
    await page.close();
  });
});
