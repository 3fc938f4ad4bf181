import { strict as assert } from "node:assert";
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { ARTIFACTS, openWorkbench, reportingFailure, runFromPalette, startExtensionInCodeServer, type ExtensionInCodeServer } from "../support/codeServer";
import type { Page } from "playwright-core";
import { removeDir, tempDir } from "../support/tempDir";

/**
 * A folder whose first perspective (Code Quality, which also parses every file) takes several
 * seconds, so there is time to click Cancel while it runs: 800 modules of a dozen small
 * functions each, importing one another in a ring.
 */
function bigWorkspace(): Record<string, string> {
  const files: Record<string, string> = {};
  const count = 800;
  const at = (i: number) => `src/m${Math.floor(i / 50)}/f${i}`;
  for (let i = 0; i < count; i++) {
    const next = (i + 1) % count;
    const functions = Array.from(
      { length: 12 },
      (_, j) =>
        `export function f${i}_${j}(a: number, b: number): number {\n  let t = 0;\n  for (let k = 0; k < a; k++) {\n    if (k % ${j + 2} === 0) t += b * k;\n    else t -= ${i};\n  }\n  return t;\n}\n`,
    );
    files[`${at(i)}.ts`] = `import { f${next}_0 } from "${path.posix.relative(path.posix.dirname(at(i)), at(next)).replace(/^(?!\.)/, "./")}";\n\n${functions.join("\n")}\nexport const ring${i} = f${next}_0;\n`;
  }
  files["package.json"] = JSON.stringify({ name: "big", version: "1.0.0", private: true });
  return files;
}

/**
 * A suite of one test in its own code-server: the extension on a fresh big folder with its
 * workers stopped, so the only analysis is the one the test starts; `body` gets the page once
 * the Workers view shows the three workers stopped.
 */
function bigFolderSuite(title: string, test: string, failureShot: string, body: (page: Page, workspace: string) => Promise<void>): void {
  describe(title, function () {
    this.timeout(300_000);
    let run: ExtensionInCodeServer | undefined;
    let workspace: string;

    before(async function () {
      workspace = await tempDir(bigWorkspace());
      run = await startExtensionInCodeServer(this, { "autocoder.autoStart": false, "autocoder.maxLoad": 0 });
    });

    after(async () => {
      await run?.stop();
      await removeDir(workspace);
    });

    it(test, async () => {
      const { codeServer, browser } = run!;
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await reportingFailure(page, codeServer, failureShot, async () => {
        const container = await openWorkbench(page, codeServer, workspace);
        await container.click();
        await page.locator('.pane:has(.pane-header[aria-label*="Workers"]) .monaco-list-row .label-description').filter({ hasText: /^stopped/ }).nth(2).waitFor({ timeout: 60_000 });
        await body(page, workspace);
      });
      await page.close();
    });
  });
}

bigFolderSuite(
  "Analyze Now cancelled from its progress notification in a real VS Code (code-server + Chromium)",
  "Cancel on the notification stops the pass at the next perspective; the server says so and the notification goes",
  "vscode-analyze-cancel-failure",
  async (page, workspace) => {
    await runFromPalette(page, "Autocoder: Analyze Now");
    // The progress notification, told from the message that follows it by its "(i of 6)".
    const progress = page.locator(".notifications-toasts .notification-list-item").filter({ hasText: /Autocoder: Analyze Now[\s\S]*\(\d of 6\)/ }).first();
    // The first perspective is under way and counting files.
    await progress.filter({ hasText: /Code Quality \(1 of 6\) · \d+ \/ \d+ files/ }).waitFor({ timeout: 60_000 });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "vscode-analyze-progress.png") });
    await progress.locator(".monaco-button").filter({ hasText: /^Cancel$/ }).click();

    const said = page
      .locator(".notifications-toasts .notification-list-item-message")
      .filter({ hasText: /^Autocoder: Analyze Now was cancelled after \d of 6 perspectives; their results are stored\.$/ })
      .first();
    await said.waitFor({ timeout: 120_000 });
    const done = Number(/after (\d) of 6/.exec(await said.innerText())![1]);
    assert.ok(done < 6, "the pass stopped before its last perspective");
    await progress.waitFor({ state: "hidden", timeout: 30_000 });

    // What ran is stored, one record per perspective in order, and nothing was started after
    // the cancel. The perspective under way when Cancel came is let finish on the analysis
    // thread, stored and counted in the message.
    const store = path.join(workspace, ".autocoder", "analysis.jsonl");
    const records = existsSync(store) ? (await fs.readFile(store, "utf8")).trim().split("\n").filter(Boolean) : [];
    const perspectives = records.map((l) => (JSON.parse(l) as { perspective_id: string }).perspective_id);
    assert.equal(perspectives.length, done, `the store holds ${perspectives.join(", ")} after "cancelled after ${done}"`);
    assert.deepEqual(perspectives, ["code-quality", "architecture", "performance", "security", "dependencies", "test-coverage"].slice(0, perspectives.length));
    assert.ok(perspectives.length < 6, "the last perspective never ran");
  },
);

bigFolderSuite(
  "the first analysis of a large workspace under a progress notification in a real VS Code (code-server + Chromium)",
  "shows the files the first pass has read; Cancel stops the analysis worker and says how to resume",
  "vscode-first-pass-failure",
  async (page) => {
    await runFromPalette(page, "Autocoder: Start All Workers");
    const progress = page.locator(".notifications-toasts .notification-list-item").filter({ hasText: /Autocoder: first analysis of this workspace/ }).first();
    await progress.filter({ hasText: /Code Quality · \d+ \/ \d+ files/ }).waitFor({ timeout: 60_000 });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "vscode-first-pass-progress.png") });
    await progress.locator(".monaco-button").filter({ hasText: /^Cancel$/ }).click();

    await page
      .locator(".notifications-toasts .notification-list-item-message")
      .filter({ hasText: /^Autocoder: the analysis worker is stopped; Autocoder: Start Worker… resumes it\.$/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await progress.waitFor({ state: "hidden", timeout: 30_000 });
    // Only the analysis worker stopped: the other two go on.
    const rows = page.locator('.pane:has(.pane-header[aria-label*="Workers"]) .monaco-list-row .label-description');
    await rows.filter({ hasText: /^stopped/ }).first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => {
      const texts = [...document.querySelectorAll('.pane .monaco-list-row .label-description')].map((e) => e.textContent ?? "");
      return texts.filter((t) => t.startsWith("stopped")).length === 1;
    }, undefined, { timeout: 30_000 });
  },
);
