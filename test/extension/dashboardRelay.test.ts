import { strict as assert } from "node:assert";
import { DashboardRelay } from "../../extension/dashboardRelay";
import { ServerSession } from "../../extension/serverSession";
import { parseServerMessage, type ServerMessage } from "../../server/protocol";
import type { HostToPage } from "../../webview/panelMessages";
import { CLI } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("extension: the dashboard relay (real server, real WebSocket)", function () {
  this.timeout(60_000);
  let workspace: string;
  let data: string;
  let session: ServerSession;
  let relay: DashboardRelay | undefined;

  beforeEach(async () => {
    workspace = await tempDir({ "a.ts": "// TODO: relay me\nexport const a = 1;\n" });
    data = await tempDir();
    session = new ServerSession(() => {});
    await session.start({
      kind: "local",
      server: { cliPath: CLI, workspace, dataDir: data, extraArgs: ["--no-autostart", "--max-load", "0"], log: () => {}, restartDelaysMs: [50] },
    });
    await until(() => session.state.kind === "connected", "the session to connect");
  });
  afterEach(async () => {
    relay?.close();
    await session.stop();
    await removeDir(workspace);
    await removeDir(data);
  });

  it("passes the page's numbered requests to the server with the session's token and each reply back with its number", async () => {
    const posted: HostToPage[] = [];
    relay = new DashboardRelay((m) => posted.push(m));
    const target = session.connectionOptions!;
    assert.ok(target.token, "the local server requires the token the session holds");
    relay.start(target, "unused");
    await until(() => posted.some((m) => m.kind === "state" && m.state.kind === "open"), "the relay to connect");
    const messages = () => posted.filter((m) => m.kind === "message").map((m) => parseServerMessage(JSON.stringify(m.message)));
    relay.send({ type: "subscribe", id: 41 });
    relay.send({ type: "worker.start", worker: "analysis", id: 42 });
    relay.send({ type: "record.get", worker: "analysis", iteration: 999, id: 43 });
    const replies = () =>
      messages()
        .filter((p): p is { ok: true; value: ServerMessage } => p.ok)
        .map((p) => p.value)
        .filter((m) => "replyTo" in m && m.replyTo !== undefined);
    await until(() => replies().length >= 3, "three replies");
    assert.deepEqual(replies().map((m) => [m.type, "replyTo" in m ? m.replyTo : null]), [
      ["status", 41],
      ["status", 42],
      ["error", 43],
    ]);
    assert.ok(messages().every((p) => p.ok), "the server's messages arrive as the protocol says");
    // Then the pushes of a running worker come through unasked.
    await until(() => messages().some((p) => p.ok && p.value.type === "iteration"), "an iteration push");
  });

  it("says the page is disconnected when the server goes, and follows the session to the restarted server", async () => {
    const posted: HostToPage[] = [];
    relay = new DashboardRelay((m) => posted.push(m));
    relay.start(session.connectionOptions, "unused");
    await until(() => posted.some((m) => m.kind === "state" && m.state.kind === "open"), "the relay to connect");
    const firstUrl = session.url;
    posted.length = 0;
    const followed = session.onDidChange(() => relay!.follow(session.connectionOptions));
    // The session's local server restarts (it was killed): a new port, the same token.
    const pid = (session as unknown as { local: { child: { pid: number } } }).local.child.pid;
    process.kill(pid, "SIGKILL");
    await until(() => posted.some((m) => m.kind === "state" && m.state.kind === "closed"), "the page to hear of the loss");
    await until(() => session.state.kind === "connected" && session.url !== firstUrl, "the session to reconnect to the restarted server", 30_000);
    await until(() => posted.some((m) => m.kind === "state" && m.state.kind === "open"), "the relay to follow");
    relay.send({ type: "status.get", id: 7 });
    await until(() => posted.some((m) => m.kind === "message" && (m.message as { replyTo?: number }).replyTo === 7), "the reply from the new server");
    followed();
  });
});
