import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { DATASET_COLUMNS, WORKER_IDS, stepForIteration } from "../../server/protocol";
import { standInToken, startHubStandIn, type HubStandIn } from "../support/hubStandIn";
import type { ServerProcess } from "../support/serverProcess";
import { ORDERS_TS } from "../support/ordersFixture";
import { removeDir, tempDir } from "../support/tempDir";
import { drained, hubRows, hubStatus, repoOf, startPublishingServer, stopWorkers, waitUntil } from "./support";

const FIXTURE = {
  "src/orders.ts": ORDERS_TS + "// TODO: cache the file\n",
};

async function storedIterations(data: string, worker: string): Promise<number[]> {
  const text = await fs.readFile(path.join(data, `${worker}.jsonl`), "utf8");
  return text.trim().split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { iteration: number }).iteration);
}

describe("publishing iterations to Hub datasets (real server against the Hub stand-in)", function () {
  this.timeout(180_000);
  const tokens = { alice: standInToken(), bob: standInToken() };
  let hub: HubStandIn;
  let workspace: string;
  const dirs: string[] = [];
  let server: ServerProcess | null = null;

  before(async () => {
    hub = await startHubStandIn({ tokens: { [tokens.alice]: "alice", [tokens.bob]: "bob" } });
    workspace = await tempDir(FIXTURE);
  });
  afterEach(async () => {
    await server?.stop("SIGKILL");
    server = null;
  });
  after(async () => {
    await hub.close();
    await removeDir(workspace);
    for (const d of dirs) await removeDir(d);
  });

  it("creates three private datasets with a card, and every row has the card's columns and types", async () => {
    const data = await tempDir();
    dirs.push(data);
    server = await startPublishingServer(workspace, data, hub, tokens.alice, "alice");
    await waitUntil("each dataset has rows", () => WORKER_IDS.every((w) => hubRows(hub, "alice", w).length >= 3));
    await stopWorkers(server);
    await waitUntil("the outbox is drained", () => drained(server!));

    for (const worker of WORKER_IDS) {
      const repo = hub.repo("dataset", repoOf("alice", worker))!;
      assert.equal(repo.private, true, `${worker}: private by default`);
      const card = repo.files.get("README.md")!.content.toString("utf8");
      const front = /^---\n([\s\S]*?)\n---\n/.exec(card)![1]!;
      assert.match(front, /configs:\n- config_name: default\n {2}data_files:\n {2}- split: train\n {4}path: data\/\*\.jsonl/);
      const columns = DATASET_COLUMNS[worker];
      for (const c of columns) {
        assert.ok(front.includes(`  - name: ${c.name}\n    dtype: ${c.dtype}`), `${worker}: the card declares ${c.name}`);
        assert.ok(card.includes(`| \`${c.name}\` |`), `${worker}: the card documents ${c.name}`);
      }
      const rows = hubRows(hub, "alice", worker);
      for (const row of rows) {
        assert.deepEqual(Object.keys(row).sort(), columns.map((c) => c.name).sort(), `${worker} row ${String(row.iteration)}: the same columns`);
        for (const c of columns) {
          const v = row[c.name];
          if (v === null) assert.ok(c.nullable, `${worker}.${c.name} is null only where the card allows`);
          else if (c.dtype === "string") assert.equal(typeof v, "string", `${worker}.${c.name}`);
          else if (c.dtype === "int64") assert.ok(Number.isInteger(v), `${worker}.${c.name} is an integer`);
          else assert.equal(typeof v, "number", `${worker}.${c.name}`);
        }
      }
      const numbers = rows.map((r) => r.iteration as number);
      assert.deepEqual(numbers, numbers.map((_, i) => i), `${worker}: 0…n-1 in shard order, none twice`);
      assert.deepEqual(numbers, await storedIterations(data, worker), `${worker}: exactly what the local store holds`);
      if (worker === "analysis") {
        // The seed's example: load_dataset(…)["train"][-1]["perspective_name"].
        const last = rows[rows.length - 1]!;
        assert.equal(last.perspective_name, stepForIteration("analysis", last.iteration as number).name);
      }
      for (const path of repo.files.keys()) assert.ok(path === ".gitattributes" || path === "README.md" || /^data\/iterations-\d{10}-\d{10}\.jsonl$/.test(path), `unexpected file ${path}`);
    }
    const status = await hubStatus(server);
    assert.equal(status.namespace, "alice");
    for (const d of status.datasets) assert.equal(d.published_through, hubRows(hub, "alice", d.worker).length - 1);
  });

  it("keeps rows through an outage, a restart, 429 with Retry-After, 500s and a lost commit reply; nothing lost or doubled", async () => {
    const data = await tempDir();
    dirs.push(data);
    server = await startPublishingServer(workspace, data, hub, tokens.bob, "bob");
    await waitUntil("the first sync", () => hubRows(hub, "bob", "analysis").length >= 1);

    hub.setUnreachable(true);
    await waitUntil("status reports the outage with rows waiting", async () => {
      const d = (await hubStatus(server!)).datasets.find((x) => x.worker === "analysis")!;
      return d.pending > 0 && /cannot reach/.test(d.last_error ?? "");
    });
    // A restart during the outage: what waits is on disk, not only in memory.
    await server.stop("SIGTERM");
    const waiting = (await fs.readFile(path.join(data, "hub-outbox", "analysis.jsonl"), "utf8")).trim().split("\n").length;
    assert.ok(waiting > 0, "the outbox file holds the rows that could not be sent");
    hub.setUnreachable(false);

    const commits = /\/api\/datasets\/bob\/[^/]+\/commit\//;
    hub.failNext(1, 429, { retryAfter: "2", only: commits });
    hub.failNext(3, 500, { only: /\/api\/datasets\/bob\// });
    hub.loseCommitReplies(1);
    server = await startPublishingServer(workspace, data, hub, tokens.bob, "bob");
    await waitUntil("rows flow again after the faults", () => hubRows(hub, "bob", "analysis").length > waiting + 1, 90_000);
    await stopWorkers(server);
    await waitUntil("the outbox is drained", () => drained(server!), 90_000);

    for (const worker of WORKER_IDS) {
      const numbers = hubRows(hub, "bob", worker).map((r) => r.iteration as number);
      assert.deepEqual(numbers, await storedIterations(data, worker), `${worker}: the dataset holds exactly the stored iterations, once each`);
    }
    const limited = hub.requests.find((r) => r.status === 429)!;
    const repoPath = /^\/api\/datasets\/bob\/[^/]+/.exec(limited.path)![0];
    const retried = hub.requests.find((r) => r.at > limited.at && r.path.startsWith(repoPath));
    assert.ok(retried, "the rate-limited dataset was tried again");
    assert.ok(retried.at - limited.at >= 2000, `waited ${retried.at - limited.at} ms, at least the 2 s Retry-After asked`);
    assert.ok(hub.requests.some((r) => r.status === -1), "a commit reply was lost, and its rows were not committed twice (checked above)");
    assert.ok(hub.requests.filter((r) => r.status === 500).length === 3);
  });
});
