import { WebSocket } from "ws";
import type { ClientMessage } from "../server/protocol";
import { ReconnectingTransport } from "../webview/reconnectingTransport";

export interface NodeWebSocketTransportOptions {
  /** The server's base URL, http(s)://host:port. */
  url: string;
  token: string | null;
  /** Sent as-is: a private Hugging Face Space reads its own token from `X-HF-Authorization`. */
  extraHeaders?: Record<string, string>;
}

/**
 * The extension host's side of the protocol: `ws` rather than the platform WebSocket, because
 * only `ws` sends an Authorization header, so the token never appears in a URL (and logs).
 * Reconnects with exponential backoff and says why each connection ended.
 */
export class NodeWebSocketTransport extends ReconnectingTransport {
  private socket: WebSocket | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private closedByUs = false;

  constructor(private readonly options: NodeWebSocketTransportOptions) {
    super();
    // Listeners are attached by the caller right after construction; connect on the next tick
    // so they see the first state change.
    queueMicrotask(() => this.connect());
  }

  send(message: ClientMessage): void {
    if (this.socket?.readyState !== WebSocket.OPEN) throw new Error("not connected to the Autocoder server");
    this.socket.send(JSON.stringify(message));
  }

  close(): void {
    this.closedByUs = true;
    clearTimeout(this.retryTimer);
    this.socket?.terminate();
    this.socket = null;
  }

  private connect(): void {
    if (this.closedByUs) return;
    this.emitState({ kind: "connecting" });
    const headers: Record<string, string> = { ...this.options.extraHeaders };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const socket = new WebSocket(this.options.url.replace(/^http/, "ws").replace(/\/$/, "") + "/ws", {
      headers,
      handshakeTimeout: 10_000,
    });
    this.socket = socket;
    let why: string | null = null;
    socket.on("open", () => {
      this.connected();
      this.emitState({ kind: "open" });
    });
    socket.on("message", (data) => this.emitMessage(data.toString()));
    socket.on("unexpected-response", (_req, res) => {
      why = res.statusCode === 401 ? "token rejected (401): set it with Autocoder: Set Server Token" : `the server refused the connection (HTTP ${res.statusCode})`;
      res.resume();
      socket.terminate();
    });
    socket.on("error", (err: NodeJS.ErrnoException) => {
      why ??= err.code === "ECONNREFUSED" ? `connection refused at ${this.options.url}` : /timed out|timeout/i.test(err.message) ? `timed out connecting to ${this.options.url}` : err.message;
    });
    socket.on("close", (code, reason) => {
      if (this.closedByUs || this.socket !== socket) return;
      const retryInMs = this.nextRetryMs();
      this.emitState({ kind: "closed", reason: why ?? `connection lost (${code}${reason.length ? `: ${reason.toString()}` : ""})`, retryInMs });
      this.retryTimer = setTimeout(() => this.connect(), retryInMs);
    });
  }
}
