import { strict as assert } from "node:assert";
import * as http from "node:http";
import { WebSocket } from "ws";
import { startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

const TOKEN = "brute-force-test-token-0123456789";

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** A request from a chosen loopback address: Linux routes all of 127/8 to lo, so 127.0.0.2 is a second client. */
function get(server: ServerProcess, from: string, token: string | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    http
      .get({ host: "127.0.0.1", port: server.port, path: "/api/status", localAddress: from, headers, agent: false }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, retryAfter: res.headers["retry-after"], body }));
      })
      .on("error", reject);
  });
}

function upgrade(server: ServerProcess, from: string, token: string): Promise<Answer | "open"> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { localAddress: from, headers: { authorization: `Bearer ${token}` } });
  return new Promise((resolve, reject) => {
    socket.once("open", () => {
      socket.close();
      resolve("open");
    });
    socket.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, retryAfter: res.headers["retry-after"], body }));
    });
    socket.once("error", reject);
  });
}

describe("brute-force limit on wrong tokens (real server, two loopback addresses)", function () {
  this.timeout(30_000);
  let workspace: string;
  let data: string;
  let server: ServerProcess;

  before(async () => {
    workspace = await tempDir({ "a.ts": "export const a = 1;\n" });
    data = await tempDir();
    server = await startServerProcess(["--workspace", workspace, "--data", data, "--no-autostart", "--token", TOKEN]);
  });
  after(async () => {
    await server.stop("SIGKILL");
    await removeDir(workspace);
    await removeDir(data);
  });

  it("answers 429 with Retry-After to an address after 10 wrong tokens, on HTTP and on the WebSocket upgrade; other clients go on", async () => {
    // The attacker's address already holds a connection made with the token.
    const before = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { localAddress: "127.0.0.2", headers: { authorization: `Bearer ${TOKEN}` } });
    const messages: { type: string; replyTo?: number }[] = [];
    before.on("message", (d) => messages.push(JSON.parse(d.toString())));
    await new Promise((resolve, reject) => before.once("open", resolve).once("error", reject));

    for (let i = 0; i < 10; i++) {
      const wrong = await get(server, "127.0.0.2", i % 2 ? `guess-${i}` : null);
      assert.equal(wrong.status, 401, `attempt ${i + 1} is an ordinary refusal`);
      assert.equal(wrong.retryAfter, undefined);
    }
    const limited = await get(server, "127.0.0.2", "guess-11");
    assert.equal(limited.status, 429);
    const wait = Number(limited.retryAfter);
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 60, `Retry-After is whole seconds within the window (${limited.retryAfter})`);
    assert.match(JSON.parse(limited.body).error, /too many wrong tokens from 127\.0\.0\.2; try again in \d+ s/);
    assert.doesNotMatch(limited.body, /"workers"/, "no data in a refusal");

    const evenRight = await get(server, "127.0.0.2", TOKEN);
    assert.equal(evenRight.status, 429, "while blocked the token is not even compared, so a lucky guess teaches nothing");
    const ws = await upgrade(server, "127.0.0.2", TOKEN);
    assert.ok(ws !== "open" && ws.status === 429 && Number(ws.retryAfter) >= 1, "the WebSocket upgrade is limited the same way");

    assert.equal((await get(server, "127.0.0.1", TOKEN)).status, 200, "a client at another address with the token is unaffected");
    assert.equal(await upgrade(server, "127.0.0.1", TOKEN), "open");
    before.send(JSON.stringify({ type: "status.get", id: 1 }));
    await new Promise<void>((resolve) => before.on("message", () => messages.some((m) => m.replyTo === 1) && resolve()));
    assert.equal(messages.find((m) => m.replyTo === 1)!.type, "status", "a connection opened before the attack keeps working");
    before.close();
  });
});
