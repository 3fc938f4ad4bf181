import { parseServerMessage, PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from "../server/protocol";
import type { ConnectionState, Transport } from "./transport";

type Request = ClientMessage extends infer M ? (M extends unknown ? Omit<M, "id"> : never) : never;

/**
 * Requests over a Transport: each gets a sequence number and settles exactly once — with its
 * reply, with the server's `error` reply as a rejection, or with a rejection on disconnect.
 * Every incoming message is validated against the protocol before anyone sees it.
 */
export class ProtocolClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: ServerMessage) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: ServerMessage) => void)[] = [];
  private readonly problems: ((text: string) => void)[] = [];

  constructor(private readonly transport: Transport) {
    transport.onMessage((raw) => this.received(raw));
    transport.onState((state) => this.stateChanged(state));
  }

  onMessage(listener: (m: ServerMessage) => void): void {
    this.listeners.push(listener);
  }

  /** Messages that failed validation or a protocol mismatch, in words. */
  onProblem(listener: (text: string) => void): void {
    this.problems.push(listener);
  }

  request(message: Request): Promise<ServerMessage> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.transport.send({ ...message, id } as ClientMessage);
      } catch (err) {
        this.pending.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private received(raw: unknown): void {
    const parsed = parseServerMessage(JSON.stringify(raw));
    if (!parsed.ok) {
      for (const p of this.problems) p(parsed.error);
      return;
    }
    const message = parsed.value;
    if (message.type === "hello" && message.protocol !== PROTOCOL_VERSION) {
      for (const p of this.problems) {
        p(`the server speaks protocol ${message.protocol}, this page ${PROTOCOL_VERSION}: reload the page or update the server`);
      }
      return;
    }
    const replyTo = "replyTo" in message ? message.replyTo : undefined;
    if (replyTo !== undefined && this.pending.has(replyTo)) {
      const waiter = this.pending.get(replyTo)!;
      this.pending.delete(replyTo);
      if (message.type === "error") waiter.reject(new Error(message.message));
      else waiter.resolve(message);
    }
    for (const listener of this.listeners) listener(message);
  }

  private stateChanged(state: ConnectionState): void {
    if (state.kind !== "closed") return;
    for (const [, waiter] of this.pending) waiter.reject(new Error(`disconnected: ${state.reason}`));
    this.pending.clear();
  }
}
