import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { ANALYSIS_PERSPECTIVES, AnalysisRecord, type ServerMessage } from "../../server/protocol";
import { ProtocolClient } from "../support/protocolClient";
import { startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

// 120 modules, one with a TODO: enough files that parsing reports progress more than once.
function fixture(): Record<string, string> {
  const files: Record<string, string> = { "src/index.ts": "// TODO: export the rest\nexport { m0 } from './m0';\n" };
  for (let i = 0; i < 120; i++) files[`src/m${i}.ts`] = `export function m${i}(x: number): number {\n  return x + ${i};\n}\n`;
  return files;
}

type Progress = Extract<ServerMessage, { type: "analysis.progress" }>;

describe("Analyze Now over the WebSocket (real server process)", function () {
  this.timeout(120_000);
  let workspace: string;
  let data: string;
  let server: ServerProcess | null = null;
  const clients: ProtocolClient[] = [];

  beforeEach(async () => {
    workspace = await tempDir(fixture());
    data = await tempDir();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.stop("SIGKILL");
    server = null;
    await removeDir(workspace);
    await removeDir(data);
  });

  async function records(): Promise<AnalysisRecord[]> {
    const text = await fs.readFile(path.join(data, "analysis.jsonl"), "utf8").catch(() => "");
    return text.trim() ? text.trim().split("\n").map((l) => AnalysisRecord.parse(JSON.parse(l))) : [];
  }

  it("tells every subscriber how the analysis worker's first pass of a large workspace reads its files, once", async () => {
    for (let i = 120; i < 260; i++) await fs.writeFile(path.join(workspace, "src", `m${i}.ts`), `export const m${i} = ${i};\n`);
    server = await startServerProcess(["--workspace", workspace, "--data", data, "--interval-analysis", "0", "--no-autostart"]);
    const [starter, watcher] = [await ProtocolClient.connect(server.url), await ProtocolClient.connect(server.url)];
    clients.push(starter, watcher);
    await starter.request({ type: "subscribe" });
    await watcher.request({ type: "subscribe" });
    await starter.request({ type: "worker.start", worker: "analysis" });
    // The first pass, then two more (interval 0): only the first is told.
    await watcher.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration === 2, 90_000);
    const files = 261;
    const told = watcher.messages.filter((m): m is Progress => m.type === "analysis.progress");
    assert.ok(told.length >= 3, `told as it went (${told.length})`);
    assert.ok(told.every((p) => p.run === null && p.perspectives_total === 1 && p.files_total === files && p.perspective.id === ANALYSIS_PERSPECTIVES[0]!.id));
    assert.ok(told.some((p) => p.files_done > 0 && p.files_done < files), "part-way");
    assert.deepEqual(told.at(-1), { type: "analysis.progress", run: null, perspective: { id: ANALYSIS_PERSPECTIVES[0]!.id, name: ANALYSIS_PERSPECTIVES[0]!.name }, perspectives_done: 1, perspectives_total: 1, files_done: files, files_total: files, failed: [] });
    assert.equal(starter.messages.filter((m) => m.type === "analysis.progress").length, told.length, "every subscriber is told");
  });

  it("runs the six perspectives now as six stored iterations, reports files and perspectives done, replies with the findings; the rotation resumes", async () => {
    server = await startServerProcess(["--workspace", workspace, "--data", data, "--interval-analysis", "3600", "--no-autostart"]);
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    await client.request({ type: "subscribe" });
    await client.request({ type: "worker.start", worker: "analysis" });
    // The rotation's first iteration, then it waits an hour: Analyze Now must not wait for that.
    await client.waitFor("iteration", (m) => m.summary.worker === "analysis", 60_000);

    client.sendRaw(JSON.stringify({ type: "analysis.run", id: 41 }));
    const reply = await client.waitFor("findings", (m) => m.replyTo === 41, 90_000);
    const progress = client.messages.filter((m): m is Progress => m.type === "analysis.progress");
    assert.ok(progress.every((p) => p.run === 41 && p.perspectives_total === 6 && p.failed.length === 0));
    const done = progress.map((p) => p.perspectives_done);
    assert.deepEqual(done, [...done].sort((a, b) => a - b), "perspectives done only grow");
    assert.equal(done[done.length - 1], 6);
    const files = 121;
    assert.ok(progress.some((p) => p.files_total === files && p.files_done > 0 && p.files_done < files), "parsing reported part-way");
    assert.equal(progress[progress.length - 1]!.files_done, files);
    assert.deepEqual(new Set(progress.map((p) => p.perspective.id)), new Set(ANALYSIS_PERSPECTIVES.map((p) => p.id)));

    assert.ok(reply.findings.some((f) => f.rule === "todo-note"), "code quality ran");
    assert.ok(reply.findings.some((f) => f.rule === "orphan-module"), "architecture ran");
    // The rotation, given back, may already have stored its next iteration (7).
    const now = (await records()).filter((r) => r.iteration >= 1 && r.iteration <= 6);
    assert.equal(now.length, 6, "six iterations after the rotation's one");
    assert.deepEqual(now.map((r) => r.iteration), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(new Set(now.map((r) => r.perspective_id)), new Set(ANALYSIS_PERSPECTIVES.map((p) => p.id)));

    const status = await client.request({ type: "status.get" });
    assert.equal(status.type === "status" && status.status.workers.find((w) => w.worker === "analysis")!.state, "running", "the rotation was given back");
  });

  it("cancel stops the run before the next perspective: the request ends as cancelled, what ran stays stored", async () => {
    server = await startServerProcess(["--workspace", workspace, "--data", data, "--no-autostart"]);
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    client.sendRaw(JSON.stringify({ type: "analysis.run", id: 7 }));
    await client.waitFor("analysis.progress", (m) => m.run === 7, 30_000);
    const cancelled = await client.request({ type: "analysis.cancel" });
    assert.equal(cancelled.type, "status");
    const reply = await client.waitFor("error", (m) => m.replyTo === 7, 60_000);
    assert.equal(reply.code, "cancelled");
    assert.match(reply.message, /cancelled after \d of 6 perspectives/);
    const stored = await records();
    assert.ok(stored.length < 6, `${stored.length} perspectives ran`);
    // Nothing left to cancel.
    const again = await client.request({ type: "analysis.cancel" });
    assert.equal(again.type === "error" && again.code, "not_running");
  });
});
