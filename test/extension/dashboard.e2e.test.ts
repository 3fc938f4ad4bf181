import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Frame, Page } from "playwright-core";
import { ARTIFACTS, openWorkbench, reportingFailure, runFromPalette, startExtensionInCodeServer, type ExtensionInCodeServer } from "../support/codeServer";
import { DASHBOARD_FIXTURE } from "../support/dashboardFixture";
import { removeDir, tempDir } from "../support/tempDir";

/** The page inside the webview: VS Code nests it in two iframes. */
async function dashboardFrame(page: Page): Promise<Frame> {
  const outer = await page.waitForSelector("iframe.webview.ready", { timeout: 30_000 });
  const outerFrame = (await outer.contentFrame())!;
  const inner = await outerFrame.waitForSelector("iframe#active-frame", { timeout: 30_000 });
  return (await inner.contentFrame())!;
}

describe("the dashboard panel in a real VS Code (code-server + Chromium)", function () {
  this.timeout(240_000);
  let run: ExtensionInCodeServer | undefined;
  let workspace: string;

  before(async function () {
    workspace = await tempDir(DASHBOARD_FIXTURE);
    run = await startExtensionInCodeServer(this, {
      "autocoder.autoStart": true,
      "autocoder.intervals.analysis": 0.5,
      "autocoder.intervals.testPlanning": 0.5,
      "autocoder.intervals.implementation": 0.5,
      "autocoder.maxLoad": 0,
    });
  });

  after(async () => {
    await run?.stop();
    await removeDir(workspace);
  });

  it("Open Dashboard shows live counts from the extension's server, Stop works from the panel, a finding opens its file", async () => {
    const { codeServer, browser } = run!;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await reportingFailure(page, codeServer, "vscode-dashboard-failure", async () => {
      // The extension activates on startup and starts its server; the palette command waits for nothing.
      await openWorkbench(page, codeServer, workspace);
      await runFromPalette(page, "Autocoder: Open Dashboard");
      await page.locator(".tabs-container .tab.active").filter({ hasText: "Autocoder Dashboard" }).waitFor({ timeout: 30_000 });
      const frame = await dashboardFrame(page);

      await frame.waitForSelector("#connection[data-state=open]", { timeout: 60_000 });
      await frame.waitForSelector('#workers tr[data-worker="analysis"][data-state="running"] vscode-button.stop', { timeout: 60_000 });
      await frame.locator("#overview .headline").filter({ hasText: "All operational" }).waitFor({ timeout: 30_000 });
      await frame.waitForSelector('#findings-matrix tbody tr[data-perspective="code-quality"]', { timeout: 60_000 });
      await frame.locator("#findings li").filter({ hasText: "TODO: round totals per line, not per order" }).waitFor({ timeout: 60_000 });
      // Live: the analysis iteration and the trend grow by push while the panel is open.
      const iteration = Number(await frame.textContent('#workers tr[data-worker="analysis"] .iteration'));
      await frame.waitForFunction(
        (n) => Number(document.querySelector('#workers tr[data-worker="analysis"] .iteration')!.textContent) >= n + 2,
        iteration,
        { timeout: 60_000 },
      );
      await frame.waitForFunction(() => Number(document.getElementById("trend")!.dataset.points) >= 3, undefined, { timeout: 60_000 });
      await frame.waitForFunction(() => Number(document.querySelector('#tiles [data-metric="plans"] .value')?.textContent) > 0, undefined, { timeout: 60_000 });
      const total = Number(await frame.textContent("#findings-matrix tfoot .total"));
      assert.ok(total >= 3, `the findings total is ${total}`);
      assert.equal(Number(await frame.textContent('#tiles [data-metric="findings"] .value')), total);

      await frame.waitForSelector('#architecture .node[data-id="src/ui/checkout.ts"]', { timeout: 60_000 });
      await fs.mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, "vscode-dashboard.png") });

      // Stop from the panel: the request goes through the extension to the server and back.
      await frame.locator('#workers tr[data-worker="implementation"] vscode-button.stop').click();
      await frame.waitForSelector('#workers tr[data-worker="implementation"][data-state="stopped"] vscode-button.start', { timeout: 30_000 });
      await frame.locator("#overview .online").filter({ hasText: "2 of 3 workers online" }).waitFor();

      // A finding's location opens the file in the editor.
      await frame.locator("#findings li").filter({ hasText: "FIXME: discounts are applied twice" }).locator("a.location").click();
      await page.locator(".tabs-container .tab.active").filter({ hasText: "pricing.ts" }).waitFor({ timeout: 15_000 });
      const cursor = await page.locator(".statusbar-item[id*='selectionStatus'], #status\\.editor\\.selection").first().textContent();
      assert.match(cursor ?? "", /Ln 3,/);

      // A module in the architecture picture opens its file too.
      await frame.locator('#architecture .node[data-id="src/ui/checkout.ts"]').click({ timeout: 60_000 });
      await page.locator(".tabs-container .tab.active").filter({ hasText: "checkout.ts" }).waitFor({ timeout: 30_000 });
    });
    await page.close();
  });
});
