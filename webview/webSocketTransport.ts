import type { ClientMessage } from "../server/protocol";
import { ReconnectingTransport } from "./reconnectingTransport";

/** Same-origin `/ws`, reconnecting with exponential backoff; the token (if any) goes in `?token=`. */
export class WebSocketTransport extends ReconnectingTransport {
  private socket: WebSocket | null = null;
  private retryTimer: number | undefined;
  private closedByUs = false;
  private greeted = false;

  constructor(private readonly url: string) {
    super();
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
      this.connected();
      this.emitMessage(String(event.data));
    });
    socket.addEventListener("close", (event) => {
      if (this.closedByUs) return;
      const reason = this.greeted
        ? `connection lost (${event.code}${event.reason ? `: ${event.reason}` : ""})`
        : "the server refused the connection or is not running: if it requires a token, open this page as /#token=YOUR_TOKEN";
      const retryInMs = this.nextRetryMs();
      this.emitState({ kind: "closed", reason, retryInMs });
      this.retryTimer = window.setTimeout(() => this.connect(), retryInMs);
    });
  }
}
