import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { remoteHeaders } from "../../extension/remoteHeaders";
import { firstPassStep } from "../../extension/analyzeNowProgress";
import { ServerSession, type AnalysisProgress } from "../../extension/serverSession";
import { startSpaceProxy } from "../support/spaceProxyStandIn";
import { CLI, startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("extension: the server session (real server, real WebSocket)", function () {
  this.timeout(60_000);
  let workspace: string;
  let data: string;
  const sessions: ServerSession[] = [];
  const servers: ServerProcess[] = [];
  const make = () => {
    const logs: string[] = [];
    const session = new ServerSession((l) => logs.push(l));
    sessions.push(session);
    return { session, logs };
  };
  const local = (extraArgs: string[] = []) => ({
    kind: "local" as const,
    server: { cliPath: CLI, workspace, dataDir: data, extraArgs: ["--no-autostart", "--max-load", "0", ...extraArgs], log: () => {}, restartDelaysMs: [50] },
  });

  beforeEach(async () => {
    workspace = await tempDir({ "a.ts": "export const a = 1;\n" });
    data = await tempDir();
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.stop()));
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    await removeDir(workspace);
    await removeDir(data);
  });

  it("starts the local server, connects with its token and receives the three workers' status", async () => {
    const { session } = make();
    assert.match(session.whyUnavailable()!, /no Autocoder server yet/);
    await session.start(local());
    await until(() => session.state.kind === "connected", "the session to connect");
    assert.equal(session.whyUnavailable(), null);
    assert.deepEqual(session.status!.workers.map((w) => [w.worker, w.state]), [
      ["analysis", "stopped"],
      ["test-planning", "stopped"],
      ["implementation", "stopped"],
    ]);
    // Subscribe brings the results too; nothing has run, which the views say.
    await until(() => session.findings !== null && session.testPlans !== null, "the findings and test plans after subscribe");
    assert.deepEqual(session.findings, { iteration: null, findings: [] });
    assert.equal(session.testPlans!.iteration, null);
  });

  it("hears the analysis worker's first pass of a large workspace apart from Analyze Now, and the notification's line follows it", async () => {
    for (let i = 0; i < 220; i++) writeFileSync(path.join(workspace, `m${i}.ts`), `export const m${i} = ${i};\n`);
    const { session } = make();
    const heard: AnalysisProgress[] = [];
    session.onFirstPassProgress((p) => heard.push(p));
    await session.start(local(["--interval-analysis", "3600"]));
    await until(() => session.state.kind === "connected", "the session to connect");
    await session.setWorkers(["analysis"], true);
    await until(() => heard.some((p) => firstPassStep(p).done), "the first pass to end", 60_000);
    assert.ok(heard.every((p) => p.files_total === 221));
    assert.deepEqual(firstPassStep(heard.at(-1)!), { message: `${heard[0]!.perspective.name} · 221 / 221 files`, percent: 100, done: true });
    const partWay = heard.find((p) => p.files_done > 0 && p.files_done < 221);
    assert.ok(partWay, "told part-way");
    const step = firstPassStep(partWay);
    assert.ok(step.percent > 0 && step.percent < 100 && !step.done, JSON.stringify(step));
  });

  it("keeps the latest findings and test plans the server pushes, and forgets them on stop", async () => {
    writeFileSync(path.join(workspace, "a.ts"), "// TODO: round to cents\nexport function total(prices: number[]): number {\n  if (prices.length === 0) throw new Error(\"no prices\");\n  return prices.reduce((a, b) => a + b, 0);\n}\n");
    const { session } = make();
    await session.start(local(["--interval-analysis", "0", "--interval-test-planning", "0"]));
    await until(() => session.state.kind === "connected", "the session to connect");
    await session.startAll();
    await until(() => (session.findings?.findings.length ?? 0) > 0, "pushed findings");
    await until(() => (session.testPlans?.plans.length ?? 0) > 0, "pushed test plans");
    assert.ok(session.findings!.findings.every((f) => f.file === "a.ts"));
    assert.ok(session.testPlans!.plans.some((p) => p.unit.file === "a.ts"));
    await session.stop();
    assert.equal(session.findings, null);
    assert.equal(session.testPlans, null);
  });

  it("asks for an implementation: the six stages' records come back and fill its list; a reconnect brings the recent ones again", async () => {
    writeFileSync(path.join(workspace, "a.ts"), "export function total(prices: number[]): number {\n  return prices.reduce((a, b) => a + b, 0);\n}\n");
    const { session } = make();
    await session.start(local(["--interval-test-planning", "0"]));
    await until(() => session.state.kind === "connected", "the session to connect");
    assert.equal(session.implementations?.length, 0, "nothing implemented yet");
    await session.setWorkers(["test-planning"], true);
    await until(() => (session.testPlans?.plans.length ?? 0) > 0, "a test plan");
    const plan = session.testPlans!.plans.find((p) => p.unit.name === "total")!;
    const records = await session.implement({ kind: "plan", id: plan.id });
    assert.deepEqual(records.map((r) => r.stage_id), ["deep-understanding", "architectural-analysis", "approach-evaluation", "risk-analysis", "testing-strategy", "implementation-plan"]);
    assert.equal(records[5]!.analysis.code_changes[0]!.file, plan.target.path);
    // Each record arrives twice (the reply and the push): kept once.
    await until(() => session.implementations!.length === 6, "the six records kept");
    assert.deepEqual(session.implementations!.map((r) => r.iteration), records.map((r) => r.iteration));
    await assert.rejects(session.implement({ kind: "finding", id: "no-such-finding" }), /not among the latest/);

    const child = (session as unknown as { local: { child: { kill(s: string): void } } }).local.child;
    child.kill("SIGKILL");
    // Subscribe brings summaries; the stage with code is asked for whole, so its code is there again.
    await until(
      () => session.state.kind === "connected" && session.implementations!.length === 6 && session.implementations![5]!.analysis.code_changes.length === 1,
      "the records, with the test file's code, again after reconnecting",
    );
  });

  it("Analyze Now: progress as the server reports it, then the findings; a cancel ends it with the server's reason", async () => {
    writeFileSync(path.join(workspace, "a.ts"), "// TODO: round to cents\nexport const a = 1;\n");
    const { session } = make();
    await session.start(local());
    await until(() => session.state.kind === "connected", "the session to connect");
    const seen: { done: number; files: number; total: number }[] = [];
    const push = await session.analyzeNow((p) => seen.push({ done: p.perspectives_done, files: p.files_done, total: p.files_total }));
    assert.ok(push.findings.some((f) => f.rule === "todo-note"));
    assert.deepEqual(seen[seen.length - 1], { done: 6, files: 1, total: 1 });
    // The findings push that follows the run reaches the views as well.
    await until(() => session.findings?.findings.some((f) => f.rule === "todo-note") ?? false, "the findings pushed");

    const cancelled = session.analyzeNow(() => {});
    await assert.rejects(session.analyzeNow(() => {}), /already under way/);
    await session.cancelAnalysis();
    await assert.rejects(cancelled, /cancelled after \d of 6 perspectives/);
  });

  it("starts and stops all workers, and the pushed status follows", async () => {
    const { session } = make();
    await session.start(local());
    await until(() => session.state.kind === "connected", "the session to connect");
    const started = await session.startAll();
    assert.deepEqual(started.workers.map((w) => w.state), ["running", "running", "running"]);
    await until(() => session.status!.workers.every((w) => w.state === "running"), "pushed running status");
    const stopped = await session.stopAll();
    assert.deepEqual(stopped.workers.map((w) => w.state), ["stopped", "stopped", "stopped"]);
  });

  it("follows a local server that crashed to its new port", async () => {
    const { session } = make();
    await session.start(local());
    await until(() => session.state.kind === "connected", "the session to connect");
    const first = session.url;
    const child = (session as unknown as { local: { child: { kill(s: string): void } } }).local.child;
    child.kill("SIGKILL");
    await until(() => session.state.kind === "connected" && session.url !== first, "a reconnect to the restarted server");
    assert.deepEqual((await session.startAll()).workers.map((w) => w.state), ["running", "running", "running"]);
  });

  it("says 'token rejected' when a remote server refuses the token, and refuses requests with that reason", async () => {
    const server = await startServerProcess(["--workspace", workspace, "--data", data, "--no-autostart"], { AUTOCODER_TOKEN: "the-right-token-0123456789" });
    servers.push(server);
    const { session } = make();
    await session.start({ kind: "remote", url: server.url, token: "a-wrong-token-0123456789" });
    await until(() => session.state.kind === "disconnected", "the refusal");
    assert.match(session.whyUnavailable()!, /token rejected \(401\)/);
    await assert.rejects(session.startAll(), /token rejected/);

    await session.start({ kind: "remote", url: server.url, token: "the-right-token-0123456789" });
    await until(() => session.state.kind === "connected", "the session to connect with the right token");
  });

  it("reaches a server in a private Hugging Face Space: the HF token in X-HF-Authorization for the proxy, the server token in Authorization", async () => {
    const server = await startServerProcess(["--workspace", workspace, "--data", data, "--no-autostart"], { AUTOCODER_TOKEN: "the-right-token-0123456789" });
    servers.push(server);
    const proxy = await startSpaceProxy(server.url, "hf_user_token");
    try {
      const { session } = make();
      await session.start({ kind: "remote", url: proxy.url, token: "the-right-token-0123456789" });
      await until(() => session.state.kind === "disconnected", "the proxy's refusal without the HF token");
      assert.match(session.whyUnavailable()!, /HTTP 404/);

      await session.start({ kind: "remote", url: proxy.url, token: "the-right-token-0123456789", extraHeaders: remoteHeaders("hf_user_token")! });
      await until(() => session.state.kind === "connected", "the session through the proxy");
      assert.equal((await session.startAll()).workers.length, 3);
      const last = proxy.seen[proxy.seen.length - 1]!;
      assert.equal(last["x-hf-authorization"], "Bearer hf_user_token");
      assert.equal(last.authorization, "Bearer the-right-token-0123456789");
      await session.stop();
    } finally {
      await proxy.close();
    }
  });

  it("says the server failed to start, with the server's reason", async () => {
    const { session } = make();
    await session.start({ ...local(), server: { ...local().server, workspace: "/no/such/folder" } });
    assert.equal(session.state.kind, "server-failed");
    assert.match(session.whyUnavailable()!, /does not exist/);
  });

  it("stops the local server on stop(): the port no longer answers", async () => {
    const { session } = make();
    await session.start(local());
    await until(() => session.state.kind === "connected", "the session to connect");
    const url = session.url!;
    await session.stop("deactivated");
    assert.equal(session.whyUnavailable(), "deactivated");
    await assert.rejects(fetch(`${url}/healthz`));
  });
});
