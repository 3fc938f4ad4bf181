import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import {
  MAX_CLIENT_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  parseClientMessage,
  type ClientMessage,
  type Finding,
  type IterationRecord,
  type ServerMessage,
  type TestPlan,
} from "../protocol";
import { AnalysisBusy, ReadOnlyRefusal, TaskNotFound, type AnalysisNowProgress, type Backend } from "./backend";
import { HISTORY_PER_WORKER, IterationFeed } from "./iterationFeed";
import { PacedFanOut } from "./pacedFanOut";
import { SentResults } from "./sentResults";

/** A client whose unsent data passes this is too slow to keep: it is disconnected, not buffered without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;
/** How much of the paced results is written per turn of the event loop: a few ms of writev on loopback. */
const BYTES_PER_TURN = 1024 * 1024;

interface Client {
  socket: WebSocket;
  subscribed: boolean;
  alive: boolean;
  address: string;
  /** This connection's Analyze Now run, to cancel on request or when the connection goes. */
  analysis: AbortController | null;
}

export interface SocketHubOptions {
  backend: Backend;
  version: string;
  workspace: string;
  log: (line: string) => void;
}

/** The `/ws` endpoint: one protocol, validated at the edge, a reply for every request. */
export class SocketHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private statusTimer: NodeJS.Timeout | null = null;
  private readonly lastPlans = new Map<string, string>();
  private readonly feed: IterationFeed;
  private readonly results = new PacedFanOut<Client>((client, bytes) => this.sendText(client, bytes), BYTES_PER_TURN);
  private readonly sentFindings: SentResults<Finding>;
  private readonly sentPlans: SentResults<TestPlan>;
  private sentInsights: string;

  constructor(private readonly options: SocketHubOptions) {
    this.feed = new IterationFeed((worker) => options.backend.iterations(worker, HISTORY_PER_WORKER));
    this.sentFindings = new SentResults(options.backend.findings().findings);
    this.sentPlans = new SentResults(options.backend.testPlans().plans);
    this.sentInsights = JSON.stringify(options.backend.testPlans().cumulative_insights);
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Called after the HTTP layer has authorised the upgrade. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, req.socket.remoteAddress ?? "?"));
  }

  /**
   * Pushes a stored iteration's summary to every subscriber, and what it changed in the finding
   * set and the plans. Every subscriber got both sets whole on subscribe, so a pass that finds
   * what the last one found sends nothing more, and one that changes a file's findings sends
   * those alone.
   */
  publishIteration(record: IterationRecord): void {
    this.broadcast({ type: "iteration", summary: this.feed.add(record) });
    const { backend } = this.options;
    if (record.worker === "analysis") {
      const now = backend.findings();
      const change = this.sentFindings.diff(now.findings);
      if (change.upserted.length || change.removed.length) this.broadcastResult({ type: "findings.changed", iteration: now.iteration, ...change });
    }
    // Merging the plans makes new objects, so first the cheap test: did this perspective's output change?
    if (record.worker === "test-planning" && changed(this.lastPlans, record.perspective_id, [record.results.plans, record.cumulative_insights])) {
      const now = backend.testPlans();
      const change = this.sentPlans.diff(now.plans);
      const insights = JSON.stringify(now.cumulative_insights);
      if (change.upserted.length || change.removed.length || insights !== this.sentInsights) {
        this.sentInsights = insights;
        this.broadcastResult({ type: "testPlans.changed", iteration: now.iteration, ...change, cumulative_insights: now.cumulative_insights });
      }
    }
    if (record.worker === "implementation") this.broadcastResult({ type: "implementation", records: [record] });
  }

  /** The analysis worker's first pass of a large workspace, as it reads the files: to every subscriber. */
  broadcastAnalysisProgress(progress: AnalysisNowProgress): void {
    this.broadcast({ type: "analysis.progress", run: null, ...progress });
  }

  /** Status changes come in bursts (start, run, finish): coalesce them into one push. */
  statusChanged(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.broadcast({ type: "status", status: this.options.backend.status() });
    }, 10);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.results.clear();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    for (const client of this.clients) client.socket.close(1001, "server shutting down");
    this.wss.close();
  }

  private connected(socket: WebSocket, address: string): void {
    const client: Client = { socket, subscribed: false, alive: true, address, analysis: null };
    this.clients.add(client);
    socket.on("pong", () => (client.alive = true));
    socket.on("close", () => {
      this.clients.delete(client);
      // Nobody is left to see the run's progress or result: the rotation gets its place back.
      client.analysis?.abort(new Error("the client disconnected"));
    });
    socket.on("error", (err) => this.options.log(`websocket ${address}: ${err.message}`));
    socket.on("message", (data, isBinary) => void this.received(client, data, isBinary));
    this.send(client, {
      type: "hello",
      protocol: PROTOCOL_VERSION,
      version: this.options.version,
      workspace: this.options.workspace,
    });
  }

  private async received(client: Client, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) {
      this.send(client, { type: "error", code: "bad_message", message: "binary frames are not part of the protocol; send JSON text" });
      return;
    }
    const parsed = parseClientMessage(rawText(data));
    if (!parsed.ok) {
      this.send(client, { type: "error", code: "bad_message", message: parsed.error, replyTo: parsed.replyTo });
      return;
    }
    try {
      await this.handle(client, parsed.value);
    } catch (err) {
      this.send(client, { type: "error", code: err instanceof ReadOnlyRefusal ? "read_only" : "internal", message: (err as Error).message, replyTo: parsed.value.id });
    }
  }

  private async handle(client: Client, msg: ClientMessage): Promise<void> {
    const { backend } = this.options;
    const replyTo = msg.id;
    switch (msg.type) {
      case "subscribe":
        client.subscribed = true;
        this.send(client, { type: "status", replyTo, status: backend.status() });
        this.sendResult(client, { type: "findings", ...backend.findings() });
        this.sendResult(client, { type: "testPlans", ...backend.testPlans() });
        this.sendResult(client, { type: "history", summaries: this.feed.history() });
        return;
      case "record.get": {
        const record = backend.record(msg.worker, msg.iteration);
        if (record) this.send(client, { type: "record", replyTo, record });
        else {
          const message = `${msg.worker} iteration ${msg.iteration} is not among its latest ${HISTORY_PER_WORKER}; older records are in the data dir's ${msg.worker}.jsonl and at /api/iterations`;
          this.send(client, { type: "error", replyTo, code: "not_found", message });
        }
        return;
      }
      case "graph.get":
        this.send(client, { type: "graph", replyTo, graph: backend.moduleGraph() });
        return;
      case "status.get":
        this.send(client, { type: "status", replyTo, status: backend.status() });
        return;
      case "worker.start":
        backend.startWorker(msg.worker);
        this.send(client, { type: "status", replyTo, status: backend.status() });
        return;
      case "worker.stop":
        await backend.stopWorker(msg.worker);
        this.send(client, { type: "status", replyTo, status: backend.status() });
        return;
      case "analysis.run": {
        if (client.analysis) {
          this.send(client, { type: "error", replyTo, code: "busy", message: "this connection's Analyze Now run is still under way" });
          return;
        }
        const controller = new AbortController();
        client.analysis = controller;
        const reached = { done: 0, total: 0 };
        try {
          await backend.analyzeNow((progress) => {
            reached.done = progress.perspectives_done;
            reached.total = progress.perspectives_total;
            this.send(client, { type: "analysis.progress", run: replyTo ?? null, ...progress });
          }, controller.signal);
          this.sendResult(client, { type: "findings", replyTo, ...backend.findings() });
        } catch (err) {
          if (controller.signal.aborted) {
            this.send(client, { type: "error", replyTo, code: "cancelled", message: `Analyze Now was cancelled after ${reached.done} of ${reached.total} perspectives; their results are stored` });
          } else if (err instanceof AnalysisBusy) {
            this.send(client, { type: "error", replyTo, code: "busy", message: err.message });
          } else throw err;
        } finally {
          client.analysis = null;
        }
        return;
      }
      case "analysis.cancel":
        if (!client.analysis) {
          this.send(client, { type: "error", replyTo, code: "not_running", message: "this connection has no Analyze Now run under way" });
          return;
        }
        client.analysis.abort(new Error("cancelled"));
        this.send(client, { type: "status", replyTo, status: backend.status() });
        return;
      case "implementation.request": {
        const task = msg.findingId !== undefined ? { kind: "finding" as const, id: msg.findingId } : { kind: "plan" as const, id: msg.planId! };
        try {
          this.sendResult(client, { type: "implementation", replyTo, records: await backend.implement(task) });
        } catch (err) {
          if (!(err instanceof TaskNotFound)) throw err;
          this.send(client, { type: "error", replyTo, code: "not_found", message: err.message });
        }
        return;
      }
    }
  }

  /** Encoded once: a string would be turned into bytes again for every subscriber. */
  private broadcast(msg: ServerMessage): void {
    const bytes = Buffer.from(JSON.stringify(msg), "utf8");
    for (const client of this.clients) if (client.subscribed) this.sendText(client, bytes);
  }

  /**
   * Result sets, their changes, implementation records and history: large, and in order per
   * client, so they go out paced (see PacedFanOut); summaries and status go at once.
   */
  private broadcastResult(msg: ServerMessage): void {
    this.results.push(Buffer.from(JSON.stringify(msg), "utf8"), [...this.clients].filter((c) => c.subscribed));
  }

  private sendResult(client: Client, msg: ServerMessage): void {
    this.results.push(Buffer.from(JSON.stringify(msg), "utf8"), [client]);
  }

  private send(client: Client, msg: ServerMessage): void {
    this.sendText(client, Buffer.from(JSON.stringify(msg), "utf8"));
  }

  private sendText(client: Client, text: Buffer): void {
    if (client.socket.readyState !== WebSocket.OPEN) return;
    if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.options.log(`disconnecting slow websocket client ${client.address}: ${client.socket.bufferedAmount} bytes unsent`);
      client.socket.terminate();
      this.clients.delete(client);
      return;
    }
    client.socket.send(text, { binary: false });
  }

  private checkAlive(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}

/** True when `value` differs from what was last seen under `key` (and remembers it). */
function changed(seen: Map<string, string>, key: string, value: unknown): boolean {
  const text = JSON.stringify(value);
  if (text === seen.get(key)) return false;
  seen.set(key, text);
  return true;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data as ArrayBuffer).toString("utf8");
}
