import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { ProtocolClient } from "../support/protocolClient";
import { startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

describe("findings pushes (real server)", function () {
  this.timeout(40_000);
  let workspace: string;
  let data: string;
  let server: ServerProcess | null = null;
  let client: ProtocolClient | null = null;
  before(async () => {
    workspace = await tempDir({ "src/a.ts": "// TODO first note\nexport const a = 1;\n" });
    data = await tempDir();
  });
  after(async () => {
    await client?.close();
    await server?.stop("SIGKILL");
    await removeDir(workspace);
    await removeDir(data);
  });

  it("sends the finding set when a pass changes it, and not when a pass finds the same again", async () => {
    server = await startServerProcess([
      "--workspace", workspace, "--data", data,
      "--interval-analysis", "0", "--interval-test-planning", "1000", "--interval-implementation", "1000",
    ]);
    client = await ProtocolClient.connect(server.url);
    await client.request({ type: "subscribe" });
    const isAnalysis = (n: number) => (m: { type: string; record?: { worker: string; iteration: number } }) =>
      m.type === "iteration" && m.record!.worker === "analysis" && m.record!.iteration === n;
    // Iterations 6…8 run the first three perspectives again over the unchanged workspace.
    await client.waitFor("iteration", (m) => m.record.worker === "analysis" && m.record.iteration === 8, 30_000);
    const from = client.messages.findIndex(isAnalysis(6));
    const to = client.messages.findIndex(isAnalysis(8));
    const repeats = client.messages.slice(from, to + 2).filter((m) => m.type === "findings");
    assert.equal(repeats.length, 0, "an unchanged finding set is not sent again");
    const first = await client.waitFor("findings", (m) => m.findings.some((f) => /first note/.test(f.message)));
    assert.ok(first);

    await fs.writeFile(path.join(workspace, "src", "a.ts"), "// TODO second note\nexport const a = 1;\n");
    const changed = await client.waitFor("findings", (m) => m.findings.some((f) => /second note/.test(f.message)), 30_000);
    assert.ok(!changed.findings.some((f) => /first note/.test(f.message)), "the new set replaces the old");
  });
});
