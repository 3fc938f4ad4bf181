import { strict as assert } from "node:assert";
import { existsSync, promises as fs, statSync } from "node:fs";
import * as path from "node:path";
import { LocalServer, type LocalServerState } from "../../extension/localServer";
import { CLI } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("extension: the local server process", function () {
  this.timeout(60_000);
  let workspace: string;
  let data: string;
  const servers: LocalServer[] = [];
  const make = (extra: Partial<ConstructorParameters<typeof LocalServer>[0]> = {}) => {
    const logs: string[] = [];
    const server = new LocalServer({
      cliPath: CLI,
      workspace,
      dataDir: data,
      extraArgs: ["--no-autostart", "--max-load", "0"],
      log: (l) => logs.push(l),
      restartDelaysMs: [50],
      ...extra,
    });
    const states: LocalServerState["kind"][] = [];
    server.onDidChangeState((s) => states.push(s.kind));
    servers.push(server);
    return { server, states, logs };
  };

  beforeEach(async () => {
    workspace = await tempDir({ "a.ts": "export const a = 1;\n" });
    data = await tempDir();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    await removeDir(workspace);
    await removeDir(data);
  });

  it("starts the bundled server with its own token, passed by environment, never argv", async () => {
    const { server } = make();
    const url = await server.start();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${url}/api/status`)).status, 401);
    assert.equal((await fetch(`${url}/api/status`, { headers: { authorization: `Bearer ${server.token}` } })).status, 200);
    const pid = (server as unknown as { child: { pid: number } }).child.pid;
    const argv = await fs.readFile(`/proc/${pid}/cmdline`, "utf8");
    assert.ok(!argv.includes(server.token), "the token is not on the command line");
  });

  it("restarts a server that dies, with a new port and the same token", async () => {
    const { server, states } = make();
    const first = await server.start();
    (server as unknown as { child: { kill(s: string): void } }).child.kill("SIGKILL");
    await until(() => server.state.kind === "running" && server.state.url !== first, "a restarted server");
    assert.deepEqual(states, ["starting", "running", "restarting", "starting", "running"]);
    const second = (server.state as { url: string }).url;
    assert.equal((await fetch(`${second}/api/status`, { headers: { authorization: `Bearer ${server.token}` } })).status, 200);
  });

  it("stops cleanly: SIGTERM, exit 0, no restart, and the store whole", async () => {
    const { server, states } = make({ extraArgs: ["--interval-analysis", "0", "--max-load", "0"] });
    await server.start();
    // Once an analysis iteration is stored, stop lands in the middle of the back-to-back ones that follow.
    const analysis = path.join(data, "analysis.jsonl");
    await until(() => existsSync(analysis) && statSync(analysis).size > 0, "a stored analysis iteration", 30_000);
    const child = (server as unknown as { child: { once(e: string, cb: (code: number) => void): void } }).child;
    const exit = new Promise<number>((resolve) => child.once("exit", resolve));
    await server.stop();
    assert.equal(await exit, 0);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(server.state.kind, "stopped");
    assert.ok(!states.includes("restarting"));
    const text = await fs.readFile(path.join(data, "analysis.jsonl"), "utf8");
    assert.ok(text.endsWith("\n"));
    for (const line of text.trim().split("\n")) JSON.parse(line);
  });

  it("fails to start with the server's own one-line reason", async () => {
    const { server } = make({ workspace: "/no/such/folder" });
    await assert.rejects(server.start(), /workspace \/no\/such\/folder does not exist/);
    assert.equal(server.state.kind, "failed");
    assert.match((server.state as { reason: string }).reason, /did not start: .*does not exist/);
  });

  it("gives up on a crash loop and says so", async () => {
    const crasher = path.join(data, "crash.js");
    await fs.writeFile(crasher, 'console.log("Autocoder listening on http://127.0.0.1:1");\nsetTimeout(() => process.exit(3), 20);\n');
    const { server } = make({ cliPath: crasher, maxCrashes: 3 });
    await server.start();
    await until(() => server.state.kind === "failed", "the crash loop to be detected");
    assert.match((server.state as { reason: string }).reason, /stopped 3 times within 3 minutes/);
  });
});
