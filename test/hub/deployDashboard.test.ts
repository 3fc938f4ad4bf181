import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { DeployProgressEvent, WORKER_IDS } from "../../server/protocol";
import { launchOrSkip } from "../support/chromium";
import { standInToken, startHubStandIn, type HubStandIn } from "../support/hubStandIn";
import { runCli, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";
import { drained, hubRows, startPublishingServer, startWorkers, stopWorkers, waitUntil } from "./support";

const ARTIFACTS = path.resolve(__dirname, "..", "..", "test-results");

describe("autocoder deploy-dashboard: the static Space reads the datasets in the browser (Hub stand-in, Chromium)", function () {
  this.timeout(180_000);
  const token = standInToken();
  let hub: HubStandIn;
  let workspace: string;
  let data: string;
  let publisher: ServerProcess | null = null;
  let browser: Browser | null = null;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    hub = await startHubStandIn({ tokens: { [token]: "gina" } });
    workspace = await tempDir({ "src/a.ts": "// TODO: cache this\nexport function a(x: number) {\n  if (x < 0) throw new RangeError('x');\n  return x;\n}\n" });
    data = await tempDir();
    env = { HF_TOKEN: token, HF_ENDPOINT: hub.url };
  });
  after(async () => {
    await browser?.close();
    await publisher?.stop("SIGKILL");
    await hub.close();
    await removeDir(workspace);
    await removeDir(data);
  });

  it("--dry-run lists the page, the bundle and the card and sends nothing", async () => {
    const before = hub.requests.length;
    const run = await runCli(["deploy-dashboard", "gina/dash", "--dry-run"], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(hub.requests.length, before);
    for (const file of ["index.html", "hub-dashboard.js", "README.md"]) assert.match(run.stdout, new RegExp(`^ +${file.replace(/\./g, "\\.")} \\(\\d+ bytes`, "m"));
    assert.match(run.stdout, /reads gina\/autocoder-\{analysis,test-planning,implementation\}-results every 60 s/);
  });

  it("--progress json writes one valid event per line: every step in order, then where the page is; a refused token is a 401", async () => {
    const run = await runCli(["deploy-dashboard", "gina/progress", "--progress", "json", "--wait", "60"], env);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const events = run.stdout.trim().split("\n").map((l) => DeployProgressEvent.parse(JSON.parse(l)));
    const steps = events.filter((e) => e.type === "step");
    assert.deepEqual(steps.map((e) => `${e.step}/${e.steps}`), ["1/5", "2/5", "3/5", "4/5", "5/5"]);
    assert.equal(steps[2]!.message, "uploading 3 files in one commit");
    assert.ok(events.some((e) => e.type === "note" && e.message === "stage: RUNNING"));
    const last = events.at(-1)!;
    assert.equal(last.type, "done");
    assert.equal(last.type === "done" && last.url, `${hub.repo("space", "gina/progress")!.host}/`);

    const refused = await runCli(["deploy-dashboard", "gina/progress", "--progress", "json"], { ...env, HF_TOKEN: standInToken() });
    assert.equal(refused.code, 1);
    const failed = refused.stdout.trim().split("\n").map((l) => DeployProgressEvent.parse(JSON.parse(l))).at(-1)!;
    assert.equal(failed.type, "failed");
    assert.equal(failed.type === "failed" && failed.status, 401);
    assert.match(failed.type === "failed" ? failed.message : "", /^checking the token: the Hub refused the token \(401\)/);
  });

  it("deploys in one commit; the page shows the private datasets once given a token, and new rows as they come", async function () {
    publisher = await startPublishingServer(workspace, data, hub, token, "gina");
    await waitUntil("every dataset has rows", () => WORKER_IDS.every((w) => hubRows(hub, "gina", w).length >= 3));
    await stopWorkers(publisher);
    await waitUntil("the outbox is drained", () => drained(publisher!));

    const run = await runCli(["deploy-dashboard", "gina/dash", "--refresh", "5", "--wait", "60"], env);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const space = hub.repo("space", "gina/dash")!;
    assert.equal(space.sdk, "static");
    assert.equal(space.commits.length, 2);
    assert.deepEqual(space.commits[1]!.paths.sort(), ["README.md", "hub-dashboard.js", "index.html"]);
    assert.match(space.files.get("README.md")!.content.toString(), /^sdk: static$/m);
    const url = /the dashboard is at (\S+)/.exec(run.stdout)![1]!;

    browser = await launchOrSkip(this);
    const page = await browser.newPage();
    const errors: string[] = [];
    const violations: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.exposeFunction("__reportViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { __reportViolation: (v: string) => void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(url);
    // Private datasets: without a token the page says why it shows nothing.
    await page.waitForFunction(() => /refused access/.test(document.getElementById("problems")?.textContent ?? ""));
    await page.fill("#token-form input[name=token]", token);
    await page.click("#token-form button[type=submit]");
    await page.waitForSelector('#workers tr[data-worker="implementation"]');
    for (const worker of WORKER_IDS) {
      const shown = Number(await page.textContent(`#workers tr[data-worker="${worker}"] .iteration`));
      assert.equal(shown, (hubRows(hub, "gina", worker).at(-1)!.iteration as number) + 1, `${worker}: the next number after the dataset's newest row`);
    }
    await page.waitForSelector('#records li[data-worker="test-planning"]');
    // The same page as a server's: the datasets' latest findings are listed, and a reader gets no Start/Stop.
    await page.waitForSelector("#findings li[data-severity]");
    assert.equal(await page.locator("#workers vscode-button, #workers button").count(), 0, "a page that only reads offers no Start/Stop");
    assert.ok(!(await page.evaluate(() => document.body.innerHTML)).includes(token), "the token is not put in the page");

    // Live: rows published after the page loaded appear on its next read.
    const before = Number(await page.textContent('#workers tr[data-worker="analysis"] .iteration'));
    await startWorkers(publisher);
    await page.waitForFunction((n) => Number(document.querySelector('#workers tr[data-worker="analysis"] .iteration')!.textContent) > n, before, { timeout: 60_000 });
    await stopWorkers(publisher);
    await page.screenshot({ path: path.join(ARTIFACTS, "hub-static-dashboard.png"), fullPage: true });
    assert.deepEqual(violations, [], "the page's CSP is never violated");
    assert.deepEqual(errors, []);
  });
});
