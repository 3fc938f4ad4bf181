import type { ClientMessage } from "../server/protocol";
import type { ConnectionState, Transport } from "./transport";

const MIN_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/** Same-origin `/ws`, reconnecting with exponential backoff; the token (if any) goes in `?token=`. */
export class WebSocketTransport implements Transport {
  private socket: WebSocket | null = null;
  private retryMs = MIN_RETRY_MS;
  private retryTimer: number | undefined;
  private closedByUs = false;
  private greeted = false;
  private readonly messageListeners: ((m: unknown) => void)[] = [];
  private readonly stateListeners: ((s: ConnectionState) => void)[] = [];

  constructor(private readonly url: string) {
    this.connect();
  }

  static forPage(location: Location, token: string | null): WebSocketTransport {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const query = token ? `?token=${encodeURIComponent(token)}` : "";
    return new WebSocketTransport(`${scheme}//${location.host}/ws${query}`);
  }

  send(message: ClientMessage): void {
    if (this.socket?.readyState !== WebSocket.OPEN) throw new Error("not connected to the server");
    this.socket.send(JSON.stringify(message));
  }

  onMessage(listener: (m: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onState(listener: (s: ConnectionState) => void): void {
    this.stateListeners.push(listener);
  }

  close(): void {
    this.closedByUs = true;
    clearTimeout(this.retryTimer);
    this.socket?.close();
  }

  private connect(): void {
    this.greeted = false;
    this.emitState({ kind: "connecting" });
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => this.emitState({ kind: "open" }));
    socket.addEventListener("message", (event) => {
      this.greeted = true;
      this.retryMs = MIN_RETRY_MS;
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        data = { unparsable: String(event.data) };
      }
      for (const listener of this.messageListeners) listener(data);
    });
    socket.addEventListener("close", (event) => {
      if (this.closedByUs) return;
      const reason = this.greeted
        ? `connection lost (${event.code}${event.reason ? `: ${event.reason}` : ""})`
        : "the server refused the connection or is not running: if it requires a token, open this page as /#token=YOUR_TOKEN";
      const retryInMs = this.retryMs;
      this.emitState({ kind: "closed", reason, retryInMs });
      this.retryTimer = window.setTimeout(() => this.connect(), retryInMs);
      this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    });
  }

  private emitState(state: ConnectionState): void {
    for (const listener of this.stateListeners) listener(state);
  }
}
