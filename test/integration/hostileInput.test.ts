import { strict as assert } from "node:assert";
import * as http from "node:http";
import { WebSocket } from "ws";
import { MAX_CLIENT_MESSAGE_BYTES } from "../../server/protocol";
import { ProtocolClient } from "../support/protocolClient";
import { startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

/** What only a file outside the workspace holds: if it shows up in any answer, a path got out. */
const OUTSIDE_MARK = "outside-the-root-7f3a9c";

/** Sends the path exactly as written: Node's client does not normalise `..` or percent forms. */
function rawGet(server: ServerProcess, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port: server.port, path: rawPath, agent: false }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      })
      .on("error", reject);
  });
}

describe("hostile protocol input (real server, real sockets)", function () {
  this.timeout(30_000);
  let workspace: string;
  let outside: string;
  let data: string;
  let server: ServerProcess;
  const clients: ProtocolClient[] = [];

  before(async () => {
    outside = await tempDir({ "secret.txt": `${OUTSIDE_MARK}\n` });
    workspace = await tempDir({ "src/a.ts": "export const a = 1;\n" });
    data = await tempDir();
    server = await startServerProcess(["--workspace", workspace, "--data", data, "--no-autostart"]);
  });
  after(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.stop("SIGKILL");
    for (const dir of [workspace, outside, data]) await removeDir(dir);
  });

  async function connect(): Promise<ProtocolClient> {
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    await client.waitFor("hello");
    return client;
  }

  it("closes a connection whose message passes the limit with 1009, and answers everyone else", async () => {
    const socket = new WebSocket(`${server.url.replace("http", "ws")}/ws`);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    socket.on("error", () => undefined); // the server cuts the frame short; the close code is the answer
    socket.send(JSON.stringify({ type: "status.get", id: 1, pad: "x".repeat(MAX_CLIENT_MESSAGE_BYTES) }));
    assert.equal(await closed, 1009);

    const other = await connect();
    assert.equal((await other.request({ type: "status.get" })).type, "status");
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  it("answers hostile but small messages with bad_message and keeps the connection", async () => {
    const client = await connect();
    const cases: [string, RegExp][] = [
      ["[".repeat(30_000) + "]".repeat(30_000), /invalid message/], // deep nesting, within the size limit
      ["null", /invalid message/],
      ['"subscribe"', /invalid message/],
      ["1e309", /invalid message/],
      ['{"type":"subscribe","__proto__":{"admin":true}}', /invalid message/],
      ['{"type":"subscribe","constructor":{"prototype":{"admin":true}}}', /invalid message/],
      ['{"type":"worker.start","worker":"analysis","id":1e300}', /id/],
      ['{"type":"worker.start","worker":"../../etc/passwd"}', /worker/],
      ['{"type":"subscribe"}\u0000garbage', /not valid JSON/],
      ["\ufeff{}", /not valid JSON/],
    ];
    for (const [raw, reason] of cases) {
      const before = client.messages.length;
      client.sendRaw(raw);
      const reply = await client.waitFor("error", (m) => client.messages.indexOf(m) >= before);
      assert.equal(reply.code, "bad_message", raw.slice(0, 60));
      assert.match(reply.message, reason, raw.slice(0, 60));
    }
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    const binary = await client.waitFor("error", (m) => /binary frames/.test(m.message));
    assert.equal(binary.code, "bad_message");
    assert.equal((await client.request({ type: "status.get" })).type, "status", "still connected and answering");
    assert.equal(client.messages.some((m) => m.type === "status" && m.status.workers.some((w) => w.state !== "stopped")), false, "no hostile message started a worker");
  });

  it("treats path-like ids as ids: an error reply, nothing read from outside the root", async () => {
    const client = await connect();
    for (const id of [`../../${outside}/secret.txt`, `${outside}/secret.txt`, "..%2f..%2fetc%2fpasswd", "/etc/passwd", "file:///etc/passwd"]) {
      const reply = await client.request({ type: "implementation.request", findingId: id });
      assert.equal(reply.type, "error", id);
    }
    assert.ok(!JSON.stringify(client.messages).includes(OUTSIDE_MARK));
    assert.ok(!JSON.stringify(client.messages).includes("root:x:0:0"));
  });

  it("serves no file outside its two assets, whatever the path's spelling", async () => {
    const paths = [
      "/../../etc/passwd",
      "/..%2f..%2fetc%2fpasswd",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/%252e%252e/%252e%252e/etc/passwd",
      "/dashboard.js/../../../etc/passwd",
      "/dashboard.js%2f..%2f..%2f..%2fetc%2fpasswd",
      "//etc/passwd",
      `/${outside}/secret.txt`,
      `/..${outside}/secret.txt`,
      "/dashboard.js%00.map",
      "/..\\..\\etc\\passwd",
      "/api/iterations?worker=../../etc/passwd",
      "/api/iterations?worker=analysis&limit=../../etc/passwd",
    ];
    for (const p of paths) {
      const answer = await rawGet(server, p);
      assert.ok([400, 404].includes(answer.status), `${p} → ${answer.status}`);
      assert.match(JSON.parse(answer.body).error, /no such page|no such endpoint|must be|bad request/i, p);
      assert.ok(!answer.body.includes(OUTSIDE_MARK) && !answer.body.includes("root:x:0:0"), p);
    }
    const upgrade = new WebSocket(`${server.url.replace("http", "ws")}/ws/../../etc/passwd`);
    const status = await new Promise<number>((resolve, reject) => {
      upgrade.once("unexpected-response", (_req, res) => resolve(res.statusCode!));
      upgrade.once("open", () => resolve(101));
      upgrade.once("error", reject);
    });
    assert.notEqual(status, 101, "the WebSocket endpoint is only /ws");
  });
});
