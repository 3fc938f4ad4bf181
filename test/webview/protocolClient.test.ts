import { strict as assert } from "node:assert";
import { PROTOCOL_VERSION, type ClientMessage } from "../../server/protocol";
import { ProtocolClient } from "../../webview/protocolClient";
import type { ConnectionState, Transport } from "../../webview/transport";

class MemoryTransport implements Transport {
  sent: ClientMessage[] = [];
  open = true;
  private messageListeners: ((m: unknown) => void)[] = [];
  private stateListeners: ((s: ConnectionState) => void)[] = [];
  send(m: ClientMessage) {
    if (!this.open) throw new Error("not connected to the server");
    this.sent.push(m);
  }
  onMessage(l: (m: unknown) => void) {
    this.messageListeners.push(l);
  }
  onState(l: (s: ConnectionState) => void) {
    this.stateListeners.push(l);
  }
  close() {}
  deliver(m: unknown) {
    for (const l of this.messageListeners) l(m);
  }
  drop(reason: string) {
    this.open = false;
    for (const l of this.stateListeners) l({ kind: "closed", reason, retryInMs: 1000 });
  }
}

const status = {
  version: "0.1.0",
  protocol: PROTOCOL_VERSION,
  workspace: "/w",
  data_dir: "/w/.autocoder",
  started_at: "2026-01-01T00:00:00.000Z",
  workers: [],
  store: { recovered: [], last_error: null },
  hub: null,
};

describe("webview ProtocolClient", () => {
  it("numbers requests and resolves each with the reply carrying its number", async () => {
    const t = new MemoryTransport();
    const client = new ProtocolClient(t);
    const a = client.request({ type: "status.get" });
    const b = client.request({ type: "worker.stop", worker: "analysis" });
    assert.deepEqual(t.sent.map((m) => m.id), [1, 2]);
    t.deliver({ type: "status", replyTo: 2, status: { ...status, workspace: "/second" } });
    t.deliver({ type: "status", replyTo: 1, status });
    assert.equal(((await b) as { status: { workspace: string } }).status.workspace, "/second");
    assert.equal(((await a) as { status: { workspace: string } }).status.workspace, "/w");
  });

  it("rejects a request with the server's error reply", async () => {
    const t = new MemoryTransport();
    const client = new ProtocolClient(t);
    const req = client.request({ type: "implementation.request", findingId: "f1" });
    t.deliver({ type: "error", replyTo: 1, code: "not_implemented", message: "not yet" });
    await assert.rejects(req, /not yet/);
  });

  it("rejects pending requests on disconnect, and requests made while disconnected", async () => {
    const t = new MemoryTransport();
    const client = new ProtocolClient(t);
    const req = client.request({ type: "status.get" });
    t.drop("connection lost (1006)");
    await assert.rejects(req, /disconnected: connection lost/);
    await assert.rejects(client.request({ type: "status.get" }), /not connected/);
  });

  it("validates incoming messages and reports what fails, including a protocol mismatch", () => {
    const t = new MemoryTransport();
    const client = new ProtocolClient(t);
    const problems: string[] = [];
    const seen: string[] = [];
    client.onProblem((p) => problems.push(p));
    client.onMessage((m) => seen.push(m.type));
    t.deliver({ type: "status", status: { nope: true } });
    t.deliver({ type: "hello", protocol: 99, version: "9", workspace: "/w" });
    t.deliver({ type: "hello", protocol: PROTOCOL_VERSION, version: "1", workspace: "/w" });
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /invalid server message: status/);
    assert.match(problems[1]!, /protocol 99/);
    assert.deepEqual(seen, ["hello"]);
  });
});
