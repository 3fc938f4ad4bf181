import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchOrSkip } from "../support/chromium";
import { startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

const EVIL_NAME = `<img src=x onerror="window.__pwned=1">.bin`;
const TOKEN = "browser-test-token-0123456789";
const ARTIFACTS = path.resolve(__dirname, "..", "..", "test-results");

describe("status page in Chromium (real server)", function () {
  this.timeout(60_000);
  let browser: Browser;
  let workspace: string;
  let data: string;
  const servers: ServerProcess[] = [];

  before(async function () {
    browser = await launchOrSkip(this);
    workspace = await tempDir({
      "src/index.ts": "export const answer = 42;\n",
      [EVIL_NAME]: Buffer.from([0, 1, 2, 3]),
    });
  });
  beforeEach(async () => (data = await tempDir()));
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop("SIGKILL")));
    await removeDir(data);
  });
  after(async () => {
    await browser?.close();
    await removeDir(workspace);
  });

  async function open(url: string): Promise<{ page: Page; violations: string[]; errors: string[] }> {
    const page = await browser.newPage();
    const violations: string[] = [];
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.exposeFunction("__reportViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { __reportViolation: (v: string) => void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(url);
    return { page, violations, errors };
  }

  it("shows the three workers live, pushes new iterations, and renders hostile file names as text", async () => {
    const server = await startServerProcess([
      "--workspace", workspace, "--data", data,
      "--interval-analysis", "0.2", "--interval-test-planning", "0.2", "--interval-implementation", "0.2",
    ]);
    servers.push(server);
    const { page, violations, errors } = await open(server.url);
    await page.waitForSelector("#connection[data-state=open]");
    await page.waitForSelector('#workers tr[data-worker="implementation"]');
    assert.deepEqual(await page.$$eval("#workers tbody tr", (rows) => rows.map((r) => r.getAttribute("data-worker"))), [
      "analysis",
      "test-planning",
      "implementation",
    ]);

    // Live: the analysis iteration number climbs without a reload.
    const iterationOf = () => page.textContent('#workers tr[data-worker="analysis"] .iteration').then(Number);
    const first = await iterationOf();
    await page.waitForFunction(
      (n) => Number(document.querySelector('#workers tr[data-worker="analysis"] .iteration')!.textContent) >= n + 2,
      first,
    );
    // Every worker's records show their status as words.
    await page.waitForSelector('#records li[data-worker="implementation"][data-status="ok"] .status');
    assert.equal(await page.textContent('#records li[data-worker="implementation"] .status'), "ok");

    await page.click("#records li details summary");
    const skippedText = await page.textContent("#records li details .skipped li code");
    assert.equal(skippedText, EVIL_NAME, "the file name shows as text");
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, "no script ran");
    assert.equal(await page.$$eval("img", (imgs) => imgs.length), 0, "no element was created from data");
    assert.deepEqual(violations, [], "nothing tripped the CSP");
    assert.deepEqual(errors, []);

    await fs.mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "status-page.png"), fullPage: true });
    await page.close();
  });

  it("with a token: says how to pass it, then connects with /#token= and takes it out of the address bar", async () => {
    const server = await startServerProcess(["--workspace", workspace, "--data", data, "--no-autostart", "--token", TOKEN]);
    servers.push(server);
    const without = await open(server.url);
    await without.page.waitForSelector("#connection[data-state=closed]");
    assert.match((await without.page.textContent("#connection"))!, /requires a token.*#token=/);
    await without.page.close();

    const withToken = await open(`${server.url}/#token=${TOKEN}`);
    await withToken.page.waitForSelector("#connection[data-state=open]");
    await withToken.page.waitForSelector('#workers tr[data-worker="analysis"][data-state="stopped"]');
    assert.equal(new URL(withToken.page.url()).hash, "", "the token left the address bar");
    await withToken.page.close();
  });
});
