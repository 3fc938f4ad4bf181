import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { WebSocket } from "ws";
import { PROTOCOL_VERSION, ServerStatus } from "../../server/protocol";
import { FAKE } from "../support/fakeSecrets";
import { ProtocolClient } from "../support/protocolClient";
import { startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

const TOKEN = "test-token-0123456789abcdef";
const FAST = ["--interval-analysis", "0.05", "--interval-test-planning", "0.05", "--interval-implementation", "0.05"];

const FIXTURE = {
  "src/math.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
  "src/app.js": "const { add } = require('./math');\nconsole.log(add(1, 2));\n",
  "tool.py": "def main():\n    return 0\n",
  "logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]),
  ".gitignore": "secret-build/\n",
  "secret-build/out.js": "ignored();\n",
};

describe("worker server (real process, real sockets)", function () {
  this.timeout(30_000);
  let workspace: string;
  let data: string;
  const servers: ServerProcess[] = [];
  const clients: ProtocolClient[] = [];

  async function serve(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
    const server = await startServerProcess(["--workspace", workspace, "--data", data, ...args], env);
    servers.push(server);
    return server;
  }
  async function connect(server: ServerProcess, headers: Record<string, string> = {}): Promise<ProtocolClient> {
    const client = await ProtocolClient.connect(server.url, headers);
    clients.push(client);
    return client;
  }

  beforeEach(async () => {
    workspace = await tempDir(FIXTURE);
    data = await tempDir();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.stop("SIGKILL")));
    await removeDir(workspace);
    await removeDir(data);
  });

  it("answers /healthz, /api/status and the dashboard page", async () => {
    const server = await serve(["--no-autostart"]);
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok" });

    const status = ServerStatus.parse(await (await fetch(`${server.url}/api/status`)).json());
    assert.equal(status.workspace, workspace);
    assert.equal(status.protocol, PROTOCOL_VERSION);
    assert.deepEqual(status.workers.map((w) => [w.worker, w.state, w.iteration]), [
      ["analysis", "stopped", 0],
      ["test-planning", "stopped", 0],
      ["implementation", "stopped", 0],
    ]);

    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200);
    const csp = page.headers.get("content-security-policy")!;
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    assert.ok((await page.text()).includes(`<script nonce="${nonce}" src="/dashboard.js">`));
    const bundle = await fetch(`${server.url}/dashboard.js`);
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get("content-type")!, /javascript/);

    for (const endpoint of ["/api/findings", "/api/test-plans", "/api/implementations"]) {
      assert.equal((await fetch(`${server.url}${endpoint}`)).status, 200, endpoint);
    }
    assert.equal((await fetch(`${server.url}/api/nope`)).status, 404);
    assert.equal((await fetch(`${server.url}/api/status`, { method: "POST" })).status, 405);
  });

  it("says hello with the protocol version, runs all three rotations and pushes each stored iteration", async () => {
    const server = await serve(FAST);
    const client = await connect(server);
    const hello = await client.waitFor("hello");
    assert.equal(hello.protocol, PROTOCOL_VERSION);
    assert.equal(client.messages[0]!.type, "hello", "hello is the first message");
    const reply = await client.request({ type: "subscribe" });
    assert.equal(reply.type, "status");
    const findings = await client.waitFor("findings");
    assert.deepEqual(findings.findings, [], "no analysis perspective has landed, so no findings");
    const plans = await client.waitFor("testPlans");
    assert.equal(plans.cumulative_insights.failure_modes_identified.count, 0);
    const impl = await client.waitFor("implementation");
    assert.equal(impl.records[0]!.stage_name.length > 0, true);

    const coverage = await client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration === 5);
    assert.equal(coverage.summary.status, "ok", "all six analysis perspectives have landed");
    const planned = await client.waitFor("iteration", (m) => m.summary.worker === "test-planning" && m.summary.iteration === 0);
    assert.equal(planned.summary.status, "ok");
    assert.deepEqual((await client.record("test-planning", 0)).results.plans.map((p) => p.unit.name).sort(), ["add", "main"]);
    assert.match(planned.summary.summary, /^Scanned 4 files .*skipped 1 .*2 unit\(s\): 2 functions\. 2 plan\(s\), 2 case\(s\)\.$/);
    const event = await client.waitFor("iteration", (m) => m.summary.worker === "implementation" && m.summary.iteration >= 1);
    assert.equal(event.summary.status, "ok");
    assert.equal(event.summary.workspace.files, 4, "src/math.ts, src/app.js, tool.py, .gitignore");
    assert.deepEqual(event.summary.workspace.skipped.map((s) => s.file), ["logo.png"]);
    assert.match(event.summary.summary, /^Scanned 4 files .*skipped 1 .*\. Architectural Analysis: /);
    const first = await client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration === 0);
    assert.equal(first.summary.worker === "analysis" && first.summary.perspective_name, "Code Quality");
    assert.equal(first.summary.status, "ok");
    assert.match(first.summary.summary, /Code Quality: no findings in 3 file\(s\)/);
    const second = await client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration === 1);
    assert.equal(second.summary.worker === "analysis" && second.summary.perspective_id, "architecture");
    assert.equal(second.summary.status, "ok");
    const orphans = (await client.record("analysis", 1)).results.findings.map((f) => f.file);
    assert.deepEqual(orphans, ["src/app.js", "tool.py"], "app.js requires math.ts (so math.ts is used); nothing imports app.js or tool.py");

    const lines = (await fs.readFile(path.join(data, "analysis.jsonl"), "utf8")).trim().split("\n");
    assert.ok(lines.length >= 2);
    assert.deepEqual(JSON.parse(lines[0]!).iteration, 0);
  });

  it("stops and starts one worker on request while the others go on", async () => {
    const server = await serve(FAST);
    const client = await connect(server);
    await client.request({ type: "subscribe" });
    const stopped = await client.request({ type: "worker.stop", worker: "analysis" });
    assert.equal(stopped.type, "status");
    const analysis = stopped.type === "status" ? stopped.status.workers.find((w) => w.worker === "analysis")! : null;
    assert.equal(analysis?.state, "stopped");
    const frozenAt = analysis!.iteration;

    const before = client.messages.length;
    await client.waitFor("iteration", (m) => m.summary.worker === "test-planning" && m.summary.iteration >= frozenAt + 3);
    const analysisSince = client.messages
      .slice(before)
      .filter((m) => m.type === "iteration" && m.summary.worker === "analysis" && m.summary.iteration > frozenAt);
    assert.equal(analysisSince.length, 0, "no analysis iteration after stop");

    const started = await client.request({ type: "worker.start", worker: "analysis" });
    assert.equal(started.type === "status" && started.status.workers[0]!.state, "running");
    await client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration >= frozenAt);
  });

  it("replies to a malformed message with an error naming what is wrong, and keeps the connection", async () => {
    const server = await serve(["--no-autostart"]);
    const client = await connect(server);
    await client.waitFor("hello");
    client.sendRaw("{not json");
    const notJson = await client.waitFor("error", (m) => /not valid JSON/.test(m.message));
    assert.equal(notJson.code, "bad_message");

    client.sendRaw(JSON.stringify({ type: "worker.start", worker: "painting", id: 7 }));
    const badWorker = await client.waitFor("error", (m) => m.replyTo === 7);
    assert.match(badWorker.message, /worker/);

    client.sendRaw(JSON.stringify({ type: "teleport", id: 8 }));
    const unknown = await client.waitFor("error", (m) => m.replyTo === 8);
    assert.match(unknown.message, /type/);

    const impl = await client.request({ type: "implementation.request", findingId: "x" });
    assert.equal(impl.type === "error" && impl.code, "not_found");
    assert.match(impl.type === "error" ? impl.message : "", /^finding x is not among the latest \d+ finding\(s\)/);

    const status = await client.request({ type: "status.get" });
    assert.equal(status.type, "status", "the connection is still up and answering");
  });

  it("with a token: 401 on /api and /ws without it or with a wrong one; in with the header or ?token=", async () => {
    const server = await serve(["--no-autostart", "--token", TOKEN]);
    assert.equal((await fetch(`${server.url}/api/status`)).status, 401);
    assert.equal((await fetch(`${server.url}/api/status`, { headers: { authorization: "Bearer wrong-token-xxxxxxxx" } })).status, 401);
    assert.equal((await fetch(`${server.url}/api/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, "health needs no token");
    await assert.rejects(ProtocolClient.connect(server.url), /upgrade refused: 401/);
    const byHeader = await connect(server, { authorization: `Bearer ${TOKEN}` });
    await byHeader.waitFor("hello");
    const queryClient = new WebSocket(`${server.url.replace("http", "ws")}/ws?token=${TOKEN}`);
    await new Promise<void>((resolve, reject) => {
      queryClient.once("message", () => resolve());
      queryClient.once("error", reject);
    });
    queryClient.close();
  });

  it("refuses requests addressed to a foreign host name when it has no token (DNS rebinding)", async () => {
    const server = await serve(["--no-autostart"]);
    const statusOf = (host: string) =>
      new Promise<number>((resolve, reject) => {
        http.get({ host: "127.0.0.1", port: server.port, path: "/api/status", headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        }).on("error", reject);
      });
    assert.equal(await statusOf(`attacker.example:${server.port}`), 403);
    assert.equal(await statusOf(`localhost:${server.port}`), 200);
  });

  it("continues iteration numbering across a restart", async () => {
    let server = await serve(FAST);
    let client = await connect(server);
    await client.request({ type: "subscribe" });
    await client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration >= 2);
    await client.close();
    assert.equal(await server.stop("SIGINT"), 0, "SIGINT is a normal stop");
    const stored = (await fs.readFile(path.join(data, "analysis.jsonl"), "utf8")).trim().split("\n").length;

    server = await serve(["--no-autostart"]);
    const status = ServerStatus.parse(await (await fetch(`${server.url}/api/status`)).json());
    assert.equal(status.workers[0]!.iteration, stored);
    client = await connect(server);
    await client.request({ type: "subscribe" });
    await client.request({ type: "worker.start", worker: "analysis" });
    const next = await client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration >= stored);
    assert.equal(next.summary.iteration, stored);
  });

  it("stops with exit 0 on SIGTERM in the middle of back-to-back iterations, leaving a whole store", async () => {
    const server = await serve(["--interval-analysis", "0", "--interval-test-planning", "0", "--interval-implementation", "0"]);
    const client = await connect(server);
    await client.request({ type: "subscribe" });
    await client.waitFor("iteration", (m) => m.summary.iteration >= 3);
    assert.equal(await server.stop("SIGTERM"), 0);
    assert.match(server.stderr(), /SIGTERM: stopping workers and flushing the store/);
    for (const worker of ["analysis", "test-planning", "implementation"]) {
      const text = await fs.readFile(path.join(data, `${worker}.jsonl`), "utf8");
      assert.ok(text.endsWith("\n"), `${worker}.jsonl ends on a whole line`);
      for (const line of text.trim().split("\n")) JSON.parse(line);
    }
  });

  it("records a broken .autocoder/config.json as an error naming the key, keeps running, and recovers when it is fixed", async () => {
    const server = await serve(FAST);
    const client = await connect(server);
    await client.request({ type: "subscribe" });
    await client.waitFor("iteration", (m) => m.summary.worker === "analysis");
    await fs.mkdir(path.join(workspace, ".autocoder"), { recursive: true });
    await fs.writeFile(path.join(workspace, ".autocoder", "config.json"), '{"thresholds":{"complexity":"low"}}');
    const failed = await client.waitFor("iteration", (m) => m.summary.status === "error");
    assert.match(failed.summary.error!, /config\.json: thresholds\.complexity/);
    await fs.writeFile(path.join(workspace, ".autocoder", "config.json"), '{"thresholds":{"complexity":5}}');
    const after = failed.summary.iteration;
    const recovered = await client.waitFor(
      "iteration",
      (m) => m.summary.worker === failed.summary.worker && m.summary.iteration > after && m.summary.status !== "error",
      15_000,
    );
    assert.notEqual(recovered.summary.status, "error");
  });

  it("never stores, serves or pushes a secret's value: every record shows it redacted", async () => {
    const secrets = Object.values(FAKE);
    await fs.writeFile(path.join(workspace, "src", "keys.ts"), secrets.map((v, i) => `export const apiKey${i} = \`${v}\`; // TODO rotate ${v}`).join("\n"));
    await fs.writeFile(path.join(workspace, "deploy.yaml"), `token: ${FAKE.github}\n`);
    const server = await serve(["--interval-analysis", "0", "--interval-test-planning", "1000", "--interval-implementation", "1000"]);
    const client = await connect(server);
    await client.request({ type: "subscribe" });
    const security = await client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration === 3);
    assert.equal(security.summary.worker === "analysis" && security.summary.perspective_id, "security");
    const found = (await client.record("analysis", 3)).results.findings.filter((f) => f.rule === "hardcoded-secret");
    assert.ok(found.length >= secrets.length, `${found.length} secrets reported`);
    await client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration >= 6);
    const stored = await fs.readFile(path.join(data, "analysis.jsonl"), "utf8");
    const served = await (await fetch(`${server.url}/api/findings`)).text();
    const pushed = JSON.stringify(client.messages);
    for (const value of secrets) {
      for (const part of value.split("\n").filter((p) => p.length >= 8)) {
        assert.ok(!stored.includes(part), "a secret reached the store");
        assert.ok(!served.includes(part), "a secret reached /api/findings");
        assert.ok(!pushed.includes(part), "a secret reached a WebSocket client");
      }
    }
    assert.match(stored, /AKIA…\(20 chars\)/);
  });

  it("keeps one worker's failures from stopping the others, and shows the error in status", async () => {
    // A workspace that vanishes makes every scan fail: all three workers record errors and back off,
    // the server stays up and keeps answering.
    const server = await serve(FAST);
    const client = await connect(server);
    await client.request({ type: "subscribe" });
    await client.waitFor("iteration", (m) => m.summary.worker === "analysis");
    await fs.rm(workspace, { recursive: true, force: true });
    const failed = await client.waitFor("iteration", (m) => m.summary.status === "error");
    assert.ok(failed.summary.error);
    const status = await client.waitFor("status", (m) => m.status.workers.some((w) => w.state === "backing-off"));
    const w = status.status.workers.find((x) => x.state === "backing-off")!;
    assert.ok(w.last_error?.message);
    assert.match(w.reason!, /retrying in/);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});
