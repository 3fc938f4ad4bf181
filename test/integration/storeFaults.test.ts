import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { ProtocolClient } from "../support/protocolClient";
import { startServerProcess, type Launch, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

const WORKERS = ["analysis", "test-planning", "implementation"] as const;
const PACE = ["--interval-analysis", "0.2", "--interval-test-planning", "0.2", "--interval-implementation", "0.2"];

/** Root ignores file modes, so as root the server runs as `nobody`: then a read-only folder is read-only for real. */
const AS_USER: Launch = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

async function handOver(dir: string): Promise<void> {
  if (AS_USER.uid === undefined) return;
  const entries = await fs.readdir(dir, { recursive: true });
  for (const p of [dir, ...entries.map((e) => path.join(dir, e))]) await fs.chown(p, AS_USER.uid, AS_USER.gid!);
}

async function storedLines(data: string, worker: string): Promise<{ bytes: Buffer; numbers: number[] }> {
  const bytes = await fs.readFile(path.join(data, `${worker}.jsonl`));
  const text = bytes.toString("utf8");
  assert.ok(text === "" || text.endsWith("\n"), `${worker}.jsonl ends on a whole line`);
  const numbers = text.split("\n").filter(Boolean).map((l) => JSON.parse(l).iteration as number);
  return { bytes, numbers };
}

async function assertWholeAndNumbered(data: string, before: Map<string, Buffer>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const worker of WORKERS) {
    const { bytes, numbers } = await storedLines(data, worker);
    assert.deepEqual(numbers, numbers.map((_, i) => i), `${worker}: numbered 0…n-1, no gaps, no doubles`);
    const old = before.get(worker)!;
    assert.ok(bytes.subarray(0, old.length).equals(old), `${worker}: what was stored before is untouched`);
    counts.set(worker, numbers.length);
  }
  return counts;
}

describe("store faults: the data folder refuses writes (real permissions and limits)", function () {
  this.timeout(60_000);
  let workspace: string;
  let data: string;
  const servers: ServerProcess[] = [];
  const clients: ProtocolClient[] = [];

  beforeEach(async () => {
    workspace = await tempDir({ "src/a.ts": "export const a = 1;\n", "src/b.ts": "import { a } from './a';\nexport const b = a;\n" });
    data = await tempDir();
    await handOver(workspace);
    await handOver(data);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.stop("SIGKILL")));
    await fs.chmod(data, 0o755).catch(() => undefined);
    await removeDir(workspace);
    await removeDir(data);
  });

  async function serve(launch: Launch, extra: string[] = PACE): Promise<ServerProcess> {
    const server = await startServerProcess(["--workspace", workspace, "--data", data, ...extra], {}, launch);
    servers.push(server);
    return server;
  }
  async function subscribe(server: ServerProcess): Promise<ProtocolClient> {
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    await client.request({ type: "subscribe" });
    return client;
  }
  async function storeSome(launch: Launch): Promise<Map<string, Buffer>> {
    const server = await serve(launch);
    const client = await subscribe(server);
    for (const worker of WORKERS) await client.waitFor("iteration", (m) => m.summary.worker === worker && m.summary.iteration >= 1);
    assert.equal(await server.stop("SIGTERM"), 0);
    const before = new Map<string, Buffer>();
    for (const worker of WORKERS) before.set(worker, (await storedLines(data, worker)).bytes);
    return before;
  }

  it("read-only folder: reads what is stored, keeps rotating, holds new records and writes them in order once writable", async () => {
    const before = await storeSome(AS_USER);
    const stored = (before.get("analysis")!.toString().match(/\n/g) ?? []).length;
    await fs.chmod(data, 0o555);
    for (const worker of WORKERS) await fs.chmod(path.join(data, `${worker}.jsonl`), 0o444);

    const server = await serve(AS_USER);
    const client = await subscribe(server);
    const stuck = await client.waitFor("status", (m) => m.status.workers[0]!.iteration >= stored + 2);
    assert.match(stuck.status.store.last_error!, /could not write analysis\.jsonl .*\((EACCES|EPERM)\): .*chmod/);
    const analysis = stuck.status.workers[0]!;
    assert.equal(analysis.state, "running", "a refused write is no failed iteration: the worker keeps its pace");
    assert.match(analysis.reason!, /held in memory and retried/);
    assert.match(server.stderr(), /store: could not write analysis\.jsonl/);
    const early = client.messages.filter((m) => m.type === "iteration" && m.summary.worker === "analysis" && m.summary.iteration >= stored);
    assert.equal(early.length, 0, "nothing is pushed before it is stored");
    for (const worker of WORKERS) {
      assert.ok((await storedLines(data, worker)).bytes.equals(before.get(worker)!), `${worker}.jsonl unchanged while read-only`);
    }

    await fs.chmod(data, 0o755);
    for (const worker of WORKERS) await fs.chmod(path.join(data, `${worker}.jsonl`), 0o644);
    const first = await client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration === stored);
    assert.equal(first.summary.iteration, stored, "numbering goes on where the file ended");
    await client.waitFor("status", (m) => m.status.store.last_error === null && m.status.workers.every((w) => w.reason === null));
    assert.match(server.stderr(), /writable again; \d+ held analysis iteration\(s\) written/);
    assert.equal(await server.stop("SIGTERM"), 0);

    const counts = await assertWholeAndNumbered(data, before);
    assert.ok(counts.get("analysis")! >= stored + 2, "the held iterations were written");
  });

  it("file size limit: a write cut short is rolled back, every stored line stays whole, the loss on stop is logged", async () => {
    const before = await storeSome({});
    const largest = Math.max(...[...before.values()].map((b) => b.length));
    // A limit a little above the largest file: the next writes fit partly, as on a nearly full disk.
    const blocks = Math.ceil(largest / 512) + 2;
    const server = await serve({ fileSizeBlocks: blocks }, ["--interval-analysis", "0", "--interval-test-planning", "0", "--interval-implementation", "0"]);
    const client = await subscribe(server);
    const full = await client.waitFor("status", (m) => /\(EFBIG\): .*ulimit -f/.test(m.status.store.last_error ?? ""), 20_000);
    assert.ok(full.status.workers.some((w) => /held in memory/.test(w.reason ?? "") || /not running iteration/.test(w.last_error?.message ?? "")));
    assert.equal(await server.stop("SIGTERM"), 0);
    assert.match(server.stderr(), /could not be written; they are lost/);

    await assertWholeAndNumbered(data, before);
    for (const worker of WORKERS) {
      const size = (await fs.stat(path.join(data, `${worker}.jsonl`))).size;
      assert.ok(size <= blocks * 512, `${worker}.jsonl stayed within the limit`);
    }
    assert.equal((await fs.readdir(data)).filter((f) => f.endsWith(".corrupt")).length, 0, "no torn line was ever left to set aside");
  });
});
