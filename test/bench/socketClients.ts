// Child process of the socket bench: a share of the 200 subscribers. Receipt is stamped before
// anything else is done with a frame, so the figure is the server's delay, not this process's
// work; only `iteration` messages are read, and only those made after subscribing count.
import { WebSocket } from "ws";

interface Sample {
  worker: string;
  latencyMs: number;
}

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
const samples: Sample[] = [];
let unexpectedCloses = 0;
let subscribed = 0;
const sockets: WebSocket[] = [];

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url!.replace(/^http/, "ws")}/ws`);
    let since = Infinity;
    socket.on("message", (data: Buffer) => {
      const receivedAt = Date.now();
      const text = data.toString("utf8", 0, 40);
      if (text.startsWith('{"type":"status","replyTo":1')) {
        since = receivedAt;
        subscribed++;
        resolve();
        return;
      }
      if (!text.startsWith('{"type":"iteration"')) return;
      // Pushes carry a summary of a few hundred bytes; the findings and plans pushes are not timed.
      const { summary } = JSON.parse(data.toString("utf8")) as { summary: { worker: string; timestamp: string; duration_ms: number } };
      const { worker, timestamp, duration_ms: duration } = summary;
      if (!worker || !timestamp || duration === undefined) throw new Error(`an iteration message without its summary fields: ${text}`);
      const endedAt = Date.parse(timestamp) + Number(duration);
      if (endedAt < since) return; // history replayed on subscribe
      samples.push({ worker, latencyMs: receivedAt - endedAt });
    });
    socket.once("open", () => socket.send(JSON.stringify({ type: "subscribe", id: 1 })));
    socket.once("error", reject);
    socket.on("close", () => {
      if (!stopping) unexpectedCloses++;
    });
    sockets.push(socket);
  });
}

let stopping = false;
process.on("message", (msg: string) => {
  if (msg !== "stop") return;
  stopping = true;
  for (const s of sockets) s.terminate();
  process.send!({ samples, unexpectedCloses, subscribed }, () => process.exit(0));
});

(async () => {
  for (let i = 0; i < count; i++) await open();
  process.send!("ready");
})().catch((err: Error) => {
  process.send!({ error: err.message });
  process.exit(1);
});
