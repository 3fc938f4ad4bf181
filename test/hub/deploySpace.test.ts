import { strict as assert } from "node:assert";
import { execFileSync, type ChildProcess } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { DeployProgressEvent, ServerStatus } from "../../server/protocol";
import { standInToken, startHubStandIn, type HubStandIn } from "../support/hubStandIn";
import { runCli } from "../support/serverProcess";
import { spaceRunner } from "../support/spaceRunner";
import { removeDir, tempDir } from "../support/tempDir";
import { hubRows, waitUntil } from "./support";

const DIST = path.resolve(__dirname, "..", "..", "dist");

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, stdio: "ignore" });
}

describe("autocoder deploy-space (the real CLI against the Hub stand-in)", function () {
  this.timeout(180_000);
  const token = standInToken();
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  const logs = new Map<string, string>();
  let hub: HubStandIn;
  let origin: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    hub = await startHubStandIn({ tokens: { [token]: "erin" }, paidSpaces: true, runSpace: spaceRunner(children, dirs, logs) });
    origin = await tempDir({ "src/a.ts": "// TODO: first\nexport const a = 1;\n" });
    git(origin, "init", "-q", "-b", "main");
    git(origin, "add", ".");
    git(origin, "commit", "-qm", "first");
    env = { HF_TOKEN: token, HF_ENDPOINT: hub.url, AUTOCODER_TOKEN: "" };
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await hub.close();
    await removeDir(origin);
    for (const d of dirs) await removeDir(d);
  });

  it("--dry-run prints every step and file and sends nothing", async () => {
    const before = hub.requests.length;
    const run = await runCli(["deploy-space", "erin/workers", "--repo", `file://${origin}#main`, "--interval-analysis", "30", "--dry-run"], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(hub.requests.length, before, "no request reached the Hub");
    for (const file of ["Dockerfile", "README.md", "dist/cli.js", "dist/analysisThread.js", "dist/webview/dashboard.js", "dist/wasm/tree-sitter-python.wasm"]) {
      assert.match(run.stdout, new RegExp(`^ +${file.replace(/\./g, "\\.")} \\(\\d+ bytes`, "m"));
    }
    assert.match(run.stdout, /AUTOCODER_TOKEN \(generated, printed once\)/);
    assert.match(run.stdout, /AUTOCODER_REPO=file:\/\/.*#main/);
    assert.match(
      run.stdout,
      /AUTOCODER_INTERVAL_ANALYSIS=30, AUTOCODER_INTERVAL_TEST_PLANNING=60, AUTOCODER_INTERVAL_IMPLEMENTATION=120, AUTOCODER_PULL_INTERVAL=300, AUTOCODER_HF_COMMIT_INTERVAL=600/,
      "the intervals given, and serve's defaults for the rest",
    );
    assert.match(run.stdout, /^ +spaces\/entrypoint\.sh \(\d+ bytes/m);
    assert.ok(!run.stdout.includes(token), "the Hugging Face token is not printed");
  });

  it("creates the Space, sets its secrets and variables, uploads in one commit, and the Space runs and publishes", async () => {
    const intervals = ["--interval-analysis", "0.3", "--interval-test-planning", "40", "--interval-implementation", "90", "--pull-interval", "0", "--hf-commit-interval", "2"];
    const run = await runCli(["deploy-space", "erin/workers", "--repo", `file://${origin}#main`, "--private", "--wait", "120", ...intervals], env);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const generated = /AUTOCODER_TOKEN \(generated[^\n]*\n {2}([0-9a-f]{64})/.exec(run.stdout)![1]!;
    assert.match(run.stdout, /stage: RUNNING/);
    assert.match(run.stdout, /^\[5\/7\] uploading \d+ files in one commit$/m, "a person sees the steps counted");
    assert.match(run.stdout, /\/healthz answers 200/);

    const space = hub.repo("space", "erin/workers")!;
    assert.equal(space.sdk, "docker");
    assert.equal(space.private, true);
    assert.equal(space.commits.length, 2, "the initial commit and one deploy commit");
    assert.deepEqual(space.commits[1]!.paths.sort(), [...space.files.keys()].filter((p) => p !== ".gitattributes").sort());
    assert.deepEqual(space.files.get("dist/cli.js")!.content, await fs.readFile(path.join(DIST, "cli.js")), "the bundle arrived whole (through LFS: it is over 10 MB)");
    assert.equal(space.secrets.get("HF_TOKEN"), token);
    assert.equal(space.secrets.get("AUTOCODER_TOKEN"), generated);
    assert.equal(space.variables.get("AUTOCODER_REPO")?.value, `file://${origin}#main`);
    assert.equal(space.variables.get("AUTOCODER_HF_NAMESPACE")?.value, "erin");
    assert.equal(space.variables.get("HF_ENDPOINT")?.value, hub.url);
    const variableBodies = hub.requests
      .filter((r) => r.method === "POST" && r.path === "/api/spaces/erin/workers/variables")
      .map((r) => JSON.parse(r.body) as { key: string; value: string });
    assert.deepEqual(
      variableBodies.filter((b) => /^AUTOCODER_(INTERVAL|PULL|HF_COMMIT)/.test(b.key)),
      [
        { key: "AUTOCODER_INTERVAL_ANALYSIS", value: "0.3" },
        { key: "AUTOCODER_INTERVAL_TEST_PLANNING", value: "40" },
        { key: "AUTOCODER_INTERVAL_IMPLEMENTATION", value: "90" },
        { key: "AUTOCODER_PULL_INTERVAL", value: "0" },
        { key: "AUTOCODER_HF_COMMIT_INTERVAL", value: "2" },
      ],
      "the variables endpoint got each interval as the Hub documents it: { key, value }",
    );

    // The Space serves with the printed token, and publishes to the datasets.
    const status = await fetch(`${space.host}/api/status`, { headers: { authorization: `Bearer ${generated}` } });
    assert.equal(status.status, 200);
    assert.equal((await fetch(`${space.host}/api/status`)).status, 401);
    const served = ServerStatus.parse(await status.json());
    assert.deepEqual(Object.fromEntries(served.workers.map((w) => [w.worker, w.interval_s])), { analysis: 0.3, "test-planning": 40, implementation: 90 }, "the Space's workers run at the intervals deployed");
    assert.match(logs.get("erin/workers") ?? "", /at most one commit per dataset every 2 s/);
    await waitUntil("the Space's analysis reaches its dataset", () => hubRows(hub, "erin", "analysis").length > 0, 120_000);
  });

  it("a Space that does not come up fails the deploy with its build log's last lines", async () => {
    const run = await runCli(["deploy-space", "erin/broken", "--repo", `file://${origin}-missing`, "--wait", "120"], env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /the Space stopped at BUILD_ERROR[\s\S]*The last lines of its build log:[\s\S]*cannot clone file:\/\/.*-missing/);
  });

  it("says a paid plan is needed when the Hub answers 402, and points at the Docker-host route", async () => {
    const free = await startHubStandIn({ tokens: { [token]: "erin" }, paidSpaces: false });
    try {
      const run = await runCli(["deploy-space", "erin/workers", "--repo", `file://${origin}#main`], { ...env, HF_ENDPOINT: free.url });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /402 Payment Required: new Docker Spaces need a paid Hugging Face plan.*docker build -f spaces\/Dockerfile/);
      assert.equal(free.repo("space", "erin/workers"), undefined);
      // What the extension reads: the status, so it can say what to do.
      const json = await runCli(["deploy-space", "erin/workers", "--repo", `file://${origin}#main`, "--progress", "json"], { ...env, HF_ENDPOINT: free.url });
      const last = DeployProgressEvent.parse(JSON.parse(json.stdout.trim().split("\n").at(-1)!));
      assert.deepEqual(last.type === "failed" && [last.status, /paid Hugging Face plan/.test(last.message)], [402, true]);
      const steps = json.stdout.trim().split("\n").map((l) => DeployProgressEvent.parse(JSON.parse(l))).filter((e) => e.type === "step");
      assert.deepEqual(steps.map((e) => `${e.step}/${e.steps}`), ["1/7", "2/7"], "it stopped at creating the Space, the second of seven steps");
    } finally {
      await free.close();
    }
  });

  it("refuses a call it cannot act on, saying why", async () => {
    const noRepo = await runCli(["deploy-space", "erin/workers"], { ...env, AUTOCODER_REPO: "" });
    assert.equal(noRepo.code, 2);
    assert.match(noRepo.stderr, /needs the repository the workers follow/);
    const badName = await runCli(["deploy-space", "workers", "--repo", "https://example.com/r.git"], env);
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /needs the Space as NS\/NAME/);
    const badToken = await runCli(["deploy-space", "erin/w", "--repo", "https://example.com/r.git"], { ...env, HF_TOKEN: "nope" });
    assert.equal(badToken.code, 2);
    assert.match(badToken.stderr, /must start with hf_/);
    const badInterval = await runCli(["deploy-space", "erin/w", "--repo", "https://example.com/r.git", "--interval-implementation", "later"], env);
    assert.equal(badInterval.code, 2);
    assert.match(badInterval.stderr, /--interval-implementation must be a number ≥ 0, got "later"/);
  });
});
