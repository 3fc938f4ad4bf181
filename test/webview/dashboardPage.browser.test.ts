import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchOrSkip } from "../support/chromium";
import { ProtocolClient } from "../support/protocolClient";
import { DASHBOARD_FIXTURE } from "../support/dashboardFixture";
import { startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";
import { DISCOUNT_PACKAGE } from "../support/discountFixture";

// The payloads land in a finding's message and evidence through a TODO note, and in a file name.
const SCRIPT_PAYLOAD = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
const TODO_LINE = `// TODO: ${SCRIPT_PAYLOAD}`;
const EVIL_FILE = `src/<svg onload="window.__pwned=3">.ts`;
const TOKEN = "dashboard-test-token-0123456789";
const ARTIFACTS = path.resolve(__dirname, "..", "..", "test-results");
const FAST = ["--interval-analysis", "0.2", "--interval-test-planning", "0.2", "--interval-implementation", "0.2"];

describe("dashboard page in Chromium (real server)", function () {
  this.timeout(90_000);
  let browser: Browser;
  let data: string;
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];

  before(async function () {
    browser = await launchOrSkip(this);
  });
  beforeEach(async () => dirs.push((data = await tempDir())));
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop("SIGKILL")));
    await Promise.all(dirs.splice(0).map(removeDir));
  });
  after(async () => browser?.close());

  let workspace = "";
  async function serve(files: Record<string, string>, args: string[]): Promise<ServerProcess> {
    workspace = await tempDir(files);
    dirs.push(workspace);
    const server = await startServerProcess(["--workspace", workspace, "--data", data, ...args]);
    servers.push(server);
    return server;
  }

  async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; violations: string[]; errors: string[] }> {
    const page = await browser.newPage({ viewport });
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

  const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);

  it("shows findings whose message, evidence and file name carry HTML and script as text, and runs none of it", async () => {
    const server = await serve({ "src/notes.ts": `${TODO_LINE}\nexport const x = 1;\n`, [EVIL_FILE]: "export const y = 2;\n" }, FAST);
    const { page, violations, errors } = await open(server.url);
    const todo = page.locator('#findings li[data-severity="info"]').filter({ hasText: "TODO:" });
    await todo.waitFor();
    assert.equal(await todo.locator(".message").textContent(), `TODO: ${SCRIPT_PAYLOAD}`);
    assert.equal(await todo.locator(".evidence").textContent(), TODO_LINE);
    await page.locator("#findings .location").filter({ hasText: "<svg onload=" }).first().waitFor();
    // Let a few pushes re-render the lists with the payloads in them.
    const iteration = async () => Number(await page.textContent('#workers tr[data-worker="analysis"] .iteration'));
    const seen = await iteration();
    await page.waitForFunction((n) => Number(document.querySelector('#workers tr[data-worker="analysis"] .iteration')!.textContent) >= n + 3, seen);

    assert.equal(await pwned(page), undefined, "no script ran");
    assert.equal(await page.locator("img, iframe, object, embed, foreignObject").count(), 0, "no element was made from data");
    // The one SVG is the import graph's, where the hostile file name is a node's text.
    await page.waitForSelector("#architecture .picture > svg");
    assert.equal(await page.locator("svg").count(), 1);
    const evilNode = page.locator("#architecture .node").filter({ hasText: "<svg onload=" });
    assert.equal(await evilNode.locator("text").textContent(), path.posix.basename(EVIL_FILE));
    assert.equal(await page.locator("script").count(), 1, "only the page's own bundle");
    assert.deepEqual(violations, [], "nothing tripped the CSP");
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("shows the overview, the workers, the metrics, the latest findings and the trend, updated by push", async () => {
    const server = await serve(DASHBOARD_FIXTURE, FAST);
    const { page, violations, errors } = await open(server.url);
    await page.waitForSelector("#connection[data-state=open]");
    await page.locator("#overview .headline").filter({ hasText: "All operational" }).waitFor();
    assert.equal((await page.textContent("#overview .online"))?.trim(), "· 3 of 3 workers online");
    assert.deepEqual(await page.$$eval("#workers tbody tr", (rows) => rows.map((r) => r.getAttribute("data-worker"))), [
      "analysis",
      "test-planning",
      "implementation",
    ]);

    // Counts by perspective and severity, the same numbers as the findings below them.
    await page.waitForSelector('#findings-matrix tbody tr[data-perspective="code-quality"]');
    await page.waitForSelector('#findings-matrix tbody tr[data-perspective="architecture"]');
    const matrixTotal = Number(await page.textContent("#findings-matrix tfoot .total"));
    assert.equal(Number(await page.textContent('#tiles [data-metric="findings"] .value')), matrixTotal);
    const codeQuality = page.locator('#findings-matrix tr[data-perspective="code-quality"]');
    assert.ok(Number(await codeQuality.locator(".warning").textContent()) >= 1, "the FIXME is a warning");
    assert.ok(Number(await codeQuality.locator(".info").textContent()) >= 1, "the TODO is info");
    await page.locator("#findings li").filter({ hasText: "TODO: round totals per line, not per order" }).waitFor();
    // Planning insights and plans arrive once the planning perspectives have run.
    await page.waitForFunction(() => Number(document.querySelector('#tiles [data-metric="plans"] .value')?.textContent) > 0);

    // The trend grows as analysis passes arrive, without a reload: notes written into the
    // workspace count as new in the next code-quality pass, and as resolved once removed.
    await page.waitForFunction(() => Number(document.getElementById("trend")!.dataset.points) >= 8);
    const points = Number(await page.getAttribute("#trend", "data-points"));
    await page.waitForFunction((n) => Number(document.getElementById("trend")!.dataset.points) >= n + 3, points);
    assert.equal(await page.locator("#trend canvas").count(), 1);
    const notes = path.join(workspace, "src", "domain", "refunds.ts");
    await fs.writeFile(notes, "// TODO: refund partial orders\n// FIXME: refunds ignore shipping\n// TODO: refund to the original card\nexport const refunds = [];\n");
    await page.waitForFunction(() => Number(document.getElementById("trend")!.dataset.new) >= 3, undefined, { timeout: 30_000 });
    await fs.rm(notes);
    await page.waitForFunction(() => Number(document.getElementById("trend")!.dataset.resolved) >= 3, undefined, { timeout: 30_000 });
    assert.match((await page.textContent("#trend .caption"))!, /^\d+ analysis passes \(iterations \d+–\d+\): \d+ findings new, \d+ resolved/);

    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await fs.mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-page.png"), fullPage: true });
    // The README's picture: the top of the page once the import graph is in.
    await page.waitForSelector("#architecture .picture > svg", { timeout: 30_000 });
    await page.setViewportSize({ width: 1280, height: 1560 });
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard.png") });
    await page.close();
  });

  it("shows how many of the generated tests passed on their first run (serve --allow-execute)", async () => {
    const server = await serve(DISCOUNT_PACKAGE, [
      "--interval-analysis", "0.2", "--interval-test-planning", "0.2", "--interval-implementation", "3600", "--max-load", "0", "--allow-execute",
    ]);
    const { page, violations, errors } = await open(server.url);
    await page.waitForSelector("#connection[data-state=open]");
    const tests = page.locator('#tiles [data-metric="implementations"] .tests');
    assert.equal(await tests.textContent(), "no generated tests yet");
    // A user's request, as the extension sends it; the page learns of it only from the pushed summaries.
    const client = await ProtocolClient.connect(server.url);
    let records;
    try {
      for (let attempt = 0; attempt < 120 && !records; attempt++) {
        const reply = await client.request({ type: "implementation.request", planId: "plan:lib/price.js#discount" });
        if (reply.type === "implementation") records = reply.records;
        else await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      await client.close();
    }
    const run = records![5]!.test_run!;
    assert.ok(run.ran && run.passed > 0, JSON.stringify(run));
    await page.waitForFunction(() => document.querySelector('#tiles [data-metric="implementations"] .tests')?.getAttribute("data-files") === "1");
    assert.equal(await tests.textContent(), `${run.passed} of ${run.passed + run.failed} generated test(s) passed on their first run (1 file(s))`);
    assert.equal(await tests.getAttribute("data-passed"), String(run.passed));
    assert.equal(await page.textContent('#tiles [data-metric="implementations"] .value'), "1");
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("draws the import graph with the cycle, the layer violation and the type-only import, folders collapsing to one node", async () => {
    const server = await serve(DASHBOARD_FIXTURE, ["--interval-analysis", "0.2", "--no-autostart"]);
    const { page, violations, errors } = await open(`${server.url}`);
    await page.waitForSelector("#connection[data-state=open]");
    assert.match((await page.textContent("#architecture .note"))!, /after the next Architecture pass/);
    await page.locator('#workers tr[data-worker="analysis"] vscode-button.start').click();
    // The picture comes after the architecture pass, asked for when its summary is pushed.
    await page.waitForSelector('#architecture .node[data-id="src/domain/orders.ts"]', { timeout: 45_000 });
    const ids = await page.$$eval("#architecture .node", (nodes) => nodes.map((n) => n.getAttribute("data-id")).sort());
    assert.deepEqual(ids, ["src/domain/orders.ts", "src/domain/pricing.ts", "src/domain/types.ts", "src/index.ts", "src/ui/checkout.ts"]);
    const edge = (from: string, to: string) => page.locator(`#architecture .edge[data-from="${from}"][data-to="${to}"]`);
    assert.match((await edge("src/domain/orders.ts", "src/domain/pricing.ts").getAttribute("class"))!, /\bcycle\b/);
    assert.match((await edge("src/domain/pricing.ts", "src/domain/orders.ts").getAttribute("class"))!, /\bcycle\b/);
    assert.match((await edge("src/ui/checkout.ts", "src/domain/pricing.ts").getAttribute("class"))!, /\bviolation\b/);
    assert.match((await edge("src/domain/orders.ts", "src/domain/types.ts").getAttribute("class"))!, /\btype-only\b/);
    assert.doesNotMatch((await edge("src/ui/checkout.ts", "src/domain/orders.ts").getAttribute("class"))!, /cycle|violation|type-only/);
    assert.match((await page.getAttribute('#architecture .node[data-id="src/domain/orders.ts"]', "class"))!, /cycle runtime/);
    assert.match((await page.textContent("#architecture .note"))!, /^5 modules, 6 imports, 1 cycle\(s\), 1 layer violation\(s\)/);

    // Collapsed, then opened one level at a time.
    await page.locator("#architecture vscode-button.collapse").click();
    assert.deepEqual(await page.$$eval("#architecture .node", (nodes) => nodes.map((n) => n.getAttribute("data-id"))), ["src/"]);
    await page.locator('#architecture .node[data-id="src/"]').click();
    assert.deepEqual(await page.$$eval("#architecture .node", (nodes) => nodes.map((n) => n.getAttribute("data-id")).sort()), ["src/domain/", "src/index.ts", "src/ui/"]);
    // The folded edge from ui into domain still carries the violation.
    assert.match((await edge("src/ui/", "src/domain/").getAttribute("class"))!, /\bviolation\b/);
    assert.match((await page.getAttribute('#architecture .node[data-id="src/domain/"]', "class"))!, /cycle runtime/);
    await page.locator("#architecture vscode-button.expand-all").click();
    assert.equal(await page.locator("#architecture .node").count(), 5);
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("offers Start and Stop only to a page holding the token, and they start and stop the worker", async () => {
    const server = await serve(DASHBOARD_FIXTURE, ["--no-autostart", "--token", TOKEN]);
    const without = await open(server.url);
    await without.page.waitForSelector("#connection[data-state=closed]");
    assert.equal(await without.page.locator("#workers vscode-button").count(), 0);
    assert.match((await without.page.textContent("#control-note"))!, /once this page is connected with the server's token/);
    await without.page.close();

    const { page, errors } = await open(`${server.url}/#token=${TOKEN}`);
    const row = page.locator('#workers tr[data-worker="analysis"]');
    await page.waitForSelector('#workers tr[data-worker="analysis"][data-state="stopped"] vscode-button.start');
    assert.equal(await page.textContent("#control-note"), "");
    assert.equal(await page.locator("#overview .headline").textContent(), "All workers stopped");
    await row.locator("vscode-button.start").click();
    await page.waitForSelector('#workers tr[data-worker="analysis"][data-state="running"] vscode-button.stop');
    await page.locator("#overview .online").filter({ hasText: "1 of 3 workers online" }).waitFor();
    await page.locator('#workers tr[data-worker="analysis"] vscode-button.stop').click();
    await page.waitForSelector('#workers tr[data-worker="analysis"][data-state="stopped"] vscode-button.start');
    // The other workers were never touched.
    assert.deepEqual(await page.$$eval("#workers tbody tr", (rows) => rows.map((r) => r.getAttribute("data-state"))), ["stopped", "stopped", "stopped"]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("follows the colour scheme, and VS Code's theme variables where they are set", async () => {
    const server = await serve(DASHBOARD_FIXTURE, ["--no-autostart"]);
    const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await open(server.url);
    await light.page.waitForSelector("#connection[data-state=open]");
    assert.equal(await background(light.page), "rgb(255, 255, 255)");
    // A high-contrast theme as VS Code sets it: variables on the root element.
    await light.page.evaluate(() => {
      document.documentElement.style.setProperty("--vscode-editor-background", "#000000");
      document.documentElement.style.setProperty("--vscode-contrastBorder", "#6fc3df");
    });
    assert.equal(await background(light.page), "rgb(0, 0, 0)");
    assert.equal(await light.page.$eval(".tile", (t) => getComputedStyle(t).borderTopColor), "rgb(111, 195, 223)");
    await light.page.close();

    const dark = await open(server.url);
    await dark.page.emulateMedia({ colorScheme: "dark" });
    await dark.page.waitForSelector("#connection[data-state=open]");
    assert.equal(await background(dark.page), "rgb(13, 17, 23)");
    await dark.page.close();
  });
});
