import { strict as assert } from "node:assert";
import { execFileSync, type ChildProcess } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { ARTIFACTS, openWorkbench, reportingFailure, startExtensionInCodeServer, type ExtensionInCodeServer } from "../support/codeServer";
import { standInToken, startHubStandIn, type HubStandIn } from "../support/hubStandIn";
import { spaceRunner } from "../support/spaceRunner";
import { removeDir, tempDir } from "../support/tempDir";

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, stdio: "ignore" });
}

/** Opens the palette and runs a command that goes on to ask questions (so the palette does not close for good). */
async function startFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row").first().filter({ hasText: title }).waitFor();
  await input.press("Enter");
}

/** Answers an input box once it shows this prompt. */
async function answer(page: Page, prompt: string, value: string): Promise<void> {
  await page.locator(".quick-input-widget .quick-input-message").filter({ hasText: prompt }).waitFor({ timeout: 30_000 });
  const input = page.locator(".quick-input-widget input");
  await input.fill(value);
  await input.press("Enter");
}

async function pick(page: Page, label: string): Promise<void> {
  const row = page.locator(".quick-input-list .monaco-list-row").filter({ has: page.locator(".label-name").getByText(label, { exact: true }) }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

function notification(page: Page, text: string | RegExp) {
  return page.locator(".notifications-toasts .notification-list-item").filter({ hasText: text }).first();
}

async function clearNotifications(page: Page): Promise<void> {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.fill(">Notifications: Clear All Notifications");
  await page.locator(".quick-input-list .monaco-list-row").first().filter({ hasText: "Clear All Notifications" }).waitFor();
  await input.press("Enter");
  await page.locator(".notifications-toasts .notification-list-item").first().waitFor({ state: "hidden" });
}

/** Deploy Workers from the palette, answering its three questions. */
async function deployWorkers(page: Page, space: string, repo: string, visibility: "Private" | "Public"): Promise<void> {
  await startFromPalette(page, "Autocoder: Deploy Workers to a Hugging Face Space…");
  await answer(page, "The Space to create or update", space);
  await answer(page, "The git repository the workers clone and follow", repo);
  await pick(page, visibility);
}

/** Command lines of this machine's processes that contain `part`. */
function processesWith(part: string): string[] {
  return execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes(part));
}

describe("deploying to Hugging Face Spaces from a real VS Code (code-server + Chromium, Hub stand-in)", function () {
  this.timeout(300_000);
  const token = standInToken();
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  let run: ExtensionInCodeServer | undefined;
  let hub: HubStandIn;
  let workspace: string;
  let origin: string;

  before(async function () {
    const runSpace = spaceRunner(children, dirs, new Map());
    hub = await startHubStandIn({
      tokens: { [token]: "erin" },
      orgs: { erin: ["acme"] },
      paidSpaces: true,
      unpaidOrgs: ["acme"],
      // erin/slow never finishes building, so that deploy waits at step 6 until cancelled.
      runSpace: (space) => (space.id === "erin/slow" ? new Promise<never>(() => {}) : runSpace(space)),
    });
    origin = await tempDir({ "src/a.ts": "// TODO: first\nexport const a = 1;\n" });
    git(origin, "init", "-q", "-b", "main");
    git(origin, "add", ".");
    git(origin, "commit", "-qm", "first");
    workspace = await tempDir({ "src/b.ts": "export const b = 2;\n" });
    run = await startExtensionInCodeServer(this, {
      "autocoder.autoStart": false,
      "autocoder.intervals.analysis": 0.5,
      "autocoder.maxLoad": 0,
      "autocoder.hfEndpoint": hub.url,
    });
  });

  after(async () => {
    await run?.stop();
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await hub?.close();
    for (const d of [...dirs, workspace, origin]) if (d) await removeDir(d);
  });

  it("sets the token, says what to do on 401 and 402, deploys the dashboard, cancels a workers deploy mid-way, deploys the workers and connects to them", async () => {
    const { codeServer, browser } = run!;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await reportingFailure(page, codeServer, "vscode-deploy-failure", async () => {
      const container = await openWorkbench(page, codeServer, workspace);

      // A token the Hub does not know: the deploy stops at its first step and offers to set another.
      await startFromPalette(page, "Autocoder: Set Hugging Face Token");
      await answer(page, "A Hugging Face access token", standInToken());
      await notification(page, "Autocoder: Hugging Face token stored.").waitFor();
      // Gone, so the next "stored" seen is the next token's, written before it is said.
      await clearNotifications(page);
      await startFromPalette(page, "Autocoder: Deploy Dashboard to a Hugging Face Space…");
      await answer(page, "The Space to create or update", "erin/dash");
      await pick(page, "Public");
      const refused = notification(page, "the Hub refused the token (401)");
      await refused.waitFor({ timeout: 60_000 });
      assert.match(await refused.innerText(), /Set a token with write access/);
      await refused.locator(".monaco-button").filter({ hasText: /^Set Hugging Face Token$/ }).click();
      await answer(page, "A Hugging Face access token", token);
      await notification(page, "Autocoder: Hugging Face token stored.").waitFor();
      await clearNotifications(page);

      // The dashboard: a static Space, the name remembered from the last try.
      await startFromPalette(page, "Autocoder: Deploy Dashboard to a Hugging Face Space…");
      await answer(page, "The Space to create or update", "erin/dash");
      await pick(page, "Private");
      await notification(page, /Autocoder: the dashboard is at http:\/\/127\.0\.0\.1:\d+\/erin\/dash\//).waitFor({ timeout: 60_000 });
      const dash = hub.repo("space", "erin/dash")!;
      assert.equal(dash.sdk, "static");
      assert.equal(dash.private, true);
      assert.ok(dash.files.has("index.html") && dash.files.has("hub-dashboard.js"), "the page and its bundle were uploaded");
      await clearNotifications(page);

      // An organisation without a paid plan: 402, said plainly, with the Docker-host route.
      await deployWorkers(page, "acme/workers", `file://${origin}#main`, "Private");
      const paid = notification(page, "402 Payment Required");
      await paid.waitFor({ timeout: 60_000 });
      assert.match(await paid.innerText(), /paid Hugging Face plan[\s\S]*docker build/);
      await paid.locator(".monaco-button").filter({ hasText: /^Run on a Docker Host$/ }).waitFor();
      assert.equal(hub.repo("space", "acme/workers"), undefined);
      await clearNotifications(page);

      // A Space that keeps building: the progress notification counts the steps; Cancel stops the CLI and says what was done.
      await deployWorkers(page, "erin/slow", `file://${origin}#main`, "Private");
      const progress = notification(page, "Autocoder: deploying the workers to erin/slow");
      await progress.filter({ hasText: "step 6 of 7: waiting until the Space runs" }).waitFor({ timeout: 60_000 });
      await fs.mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, "vscode-deploy-progress.png") });
      assert.equal(processesWith("deploy-space erin/slow").length, 1, "the CLI runs while the notification shows");
      await progress.locator(".monaco-button").filter({ hasText: /^Cancel$/ }).click();
      const cancelled = notification(page, "Autocoder: deploying the workers cancelled during step 6 of 7 (waiting until the Space runs).");
      await cancelled.waitFor({ timeout: 30_000 });
      assert.match(await cancelled.innerText(), /Done before: checking the token; creating or finding the Space erin\/slow; setting 2 secrets; setting \d+ variables; uploading \d+ files in one commit\./);
      await progress.waitFor({ state: "hidden", timeout: 30_000 });
      assert.deepEqual(processesWith("deploy-space erin/slow"), [], "the CLI was stopped");
      const slow = hub.repo("space", "erin/slow")!;
      assert.equal(slow.variables.get("AUTOCODER_INTERVAL_ANALYSIS")?.value, "0.5", "the settings' interval went to the Space");
      await clearNotifications(page);

      // The workers: deployed, running; Connect points the extension at the Space.
      await deployWorkers(page, "erin/workers", `file://${origin}#main`, "Public");
      const deployed = notification(page, /Autocoder: the workers run at http:\/\/127\.0\.0\.1:\d+\./);
      await deployed.waitFor({ timeout: 120_000 });
      const host = hub.repo("space", "erin/workers")!.host!;
      await deployed.locator(".monaco-button").filter({ hasText: /^Connect$/ }).click();
      await container.click();
      // The Space's server autostarts its workers; the local one here does not, so "running" comes from the Space.
      const rows = page.locator('.pane:has(.pane-header[aria-label*="Workers"]) .monaco-list-row .label-description');
      await rows.filter({ hasText: /^running/ }).first().waitFor({ timeout: 60_000 });
      const settings = JSON.parse(await fs.readFile(path.join(codeServer.home, "user-data", "User", "settings.json"), "utf8")) as Record<string, unknown>;
      assert.equal(settings["autocoder.serverUrl"], host);
      await page.screenshot({ path: path.join(ARTIFACTS, "vscode-deployed-workers.png") });
    });
    await page.close();
  });
});
