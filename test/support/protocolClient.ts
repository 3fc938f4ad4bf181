import { WebSocket } from "ws";
import {
  applyFindingChanges,
  applyPlanChanges,
  parseServerMessage,
  type ClientMessage,
  type FindingSet,
  type IterationRecord,
  type PlanSet,
  type ServerMessage,
  type WorkerId,
} from "../../server/protocol";

type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;

/** A real `ws` client that validates every server message with the shared schema. */
export class ProtocolClient {
  readonly messages: ServerMessage[] = [];
  /** The finding set as a subscriber holds it: the whole set it was sent, with every pushed change applied. */
  findings: FindingSet | null = null;
  /** The same for the merged test plans. */
  plans: PlanSet | null = null;
  private nextId = 1;
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const parsed = parseServerMessage(data.toString());
      if (!parsed.ok) throw new Error(`server sent an invalid message: ${parsed.error}`);
      this.messages.push(parsed.value);
      this.keep(parsed.value);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(parsed.value)) return true;
        w.resolve(parsed.value);
        return false;
      });
    });
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<ProtocolClient> {
    const socket = new WebSocket(url.replace(/^http/, "ws") + "/ws", { headers });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new ProtocolClient(socket)));
      socket.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      socket.once("error", reject);
    });
  }

  /** Resolves with the first message (already received or future) that matches. */
  waitFor<T extends ServerMessage["type"]>(
    type: T,
    match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const test = (m: ServerMessage) => m.type === type && match(m as Extract<ServerMessage, { type: T }>);
    const seen = this.messages.find(test);
    if (seen) return Promise.resolve(seen as Extract<ServerMessage, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match: test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Extract<ServerMessage, { type: T }>);
        },
      });
    });
  }

  /** Resolves once the finding set this client holds matches. */
  waitForFindings(match: (set: FindingSet) => boolean, timeoutMs = 10_000): Promise<FindingSet> {
    return this.until(() => (this.findings && match(this.findings) ? this.findings : null), "findings", timeoutMs);
  }

  /** Resolves once the plans this client holds match. */
  waitForPlans(match: (set: PlanSet) => boolean, timeoutMs = 10_000): Promise<PlanSet> {
    return this.until(() => (this.plans && match(this.plans) ? this.plans : null), "test plans", timeoutMs);
  }

  private keep(m: ServerMessage): void {
    if (m.type === "findings") this.findings = { iteration: m.iteration, findings: m.findings };
    else if (m.type === "findings.changed") this.findings = applyFindingChanges(this.findings, m);
    else if (m.type === "testPlans") this.plans = { iteration: m.iteration, plans: m.plans, cumulative_insights: m.cumulative_insights };
    else if (m.type === "testPlans.changed") this.plans = applyPlanChanges(this.plans, m);
  }

  private until<T>(held: () => T | null, what: string, timeoutMs: number): Promise<T> {
    const now = held();
    if (now !== null) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the ${what} held did not match within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match: () => held() !== null,
        resolve: () => {
          clearTimeout(timer);
          resolve(held()!);
        },
      });
    });
  }

  /** Sends a request with a fresh sequence number and resolves with its one reply. */
  request(message: Distribute<ClientMessage>): Promise<ServerMessage> {
    const id = this.nextId++;
    const reply = new Promise<ServerMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${message.type} #${id}`)), 10_000);
      this.waiters.push({
        match: (m) => "replyTo" in m && m.replyTo === id,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
    this.socket.send(JSON.stringify({ ...message, id }));
    return reply;
  }

  /** The whole stored record behind a pushed summary (`record.get`). */
  async record<W extends WorkerId>(worker: W, iteration: number): Promise<Extract<IterationRecord, { worker: W }>> {
    const reply = await this.request({ type: "record.get", worker, iteration });
    if (reply.type !== "record") throw new Error(`record.get ${worker} #${iteration}: ${reply.type === "error" ? reply.message : reply.type}`);
    return reply.record as Extract<IterationRecord, { worker: W }>;
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close();
    });
  }
}
