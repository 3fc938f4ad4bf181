import { strict as assert } from "node:assert";
import { parseClientMessage } from "../../server/protocol";
import { ProtocolClient } from "../support/protocolClient";
import { startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

describe("graph.get: the architecture pass's import graph (real server, real WebSocket)", function () {
  this.timeout(60_000);
  let workspace: string;
  let data: string;
  let server: ServerProcess | undefined;
  let client: ProtocolClient | undefined;

  beforeEach(async () => {
    workspace = await tempDir({
      ".autocoder/config.json": JSON.stringify({ layers: [{ from: ["src/domain/**"], disallow: ["src/ui/**"], reason: "the domain knows no UI" }] }),
      "src/domain/a.ts": 'import { b } from "./b";\nimport { label } from "../ui/view";\nexport const a = () => b + label;\n',
      "src/domain/b.ts": 'import { a } from "./a";\nexport const b = 1;\nexport const useA = () => a();\n',
      "src/domain/types.ts": "export interface Money { cents: number }\n",
      "src/ui/view.ts": 'import type { Money } from "../domain/types";\nexport const label = "x";\nexport const show = (m: Money) => m.cents;\n',
    });
    data = await tempDir();
  });
  afterEach(async () => {
    client?.socket.close();
    await server?.stop();
    await removeDir(workspace);
    await removeDir(data);
  });

  it("is null before an architecture pass, then names modules, runtime and type-only imports, the cycle and the layer violation", async () => {
    server = await startServerProcess(["--workspace", workspace, "--data", data, "--no-autostart", "--interval-analysis", "0"]);
    client = await ProtocolClient.connect(server.url);
    const before = await client.request({ type: "graph.get" });
    assert.equal(before.type, "graph");
    assert.equal(before.type === "graph" && before.graph, null);

    await client.request({ type: "subscribe" });
    await client.request({ type: "worker.start", worker: "analysis" });
    // Architecture is one of the six perspectives the rotation goes through.
    await client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.perspective_id === "architecture", 45_000);
    const reply = await client.request({ type: "graph.get" });
    assert.ok(reply.type === "graph" && reply.graph);
    const g = reply.graph;
    assert.deepEqual(g.modules, ["src/domain/a.ts", "src/domain/b.ts", "src/domain/types.ts", "src/ui/view.ts"]);
    assert.equal(g.total_modules, 4);
    const edges = g.edges.map((e) => `${g.modules[e.from]} -> ${g.modules[e.to]}${e.type_only ? " (type)" : ""}`).sort();
    assert.deepEqual(edges, [
      "src/domain/a.ts -> src/domain/b.ts",
      "src/domain/a.ts -> src/ui/view.ts",
      "src/domain/b.ts -> src/domain/a.ts",
      "src/ui/view.ts -> src/domain/types.ts (type)",
    ]);
    assert.deepEqual(g.cycles.map((c) => ({ modules: c.modules.map((i) => g.modules[i]).sort(), runtime: c.runtime })), [
      { modules: ["src/domain/a.ts", "src/domain/b.ts"], runtime: true },
    ]);
    assert.equal(g.violations.length, 1);
    assert.equal(`${g.modules[g.violations[0]!.from]} -> ${g.modules[g.violations[0]!.to]}`, "src/domain/a.ts -> src/ui/view.ts");
    assert.match(g.violations[0]!.message, /the domain knows no UI/);
  });

  it("is validated at the edge: unknown fields are refused with the request's number", () => {
    const parsed = parseClientMessage(JSON.stringify({ type: "graph.get", id: 3, depth: 2 }));
    assert.equal(parsed.ok, false);
    assert.equal(!parsed.ok && parsed.replyTo, 3);
  });
});
