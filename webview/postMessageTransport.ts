import type { ClientMessage, Range } from "../server/protocol";
import { HostToPage, type PageToHost } from "./panelMessages";
import type { ConnectionState, Transport } from "./transport";

/** What `acquireVsCodeApi()` gives a webview. */
export interface WebviewApi {
  postMessage(message: unknown): void;
}

/**
 * The dashboard inside VS Code: the extension holds the server connection and relays protocol
 * messages both ways. Posts `ready` once its listener is in place, so nothing the host sends
 * in answer is lost.
 */
export class PostMessageTransport implements Transport {
  private readonly messageListeners: ((m: unknown) => void)[] = [];
  private readonly stateListeners: ((s: ConnectionState) => void)[] = [];
  private state: ConnectionState = { kind: "connecting" };

  constructor(private readonly api: WebviewApi, target: Window, private readonly problem: (text: string) => void) {
    target.addEventListener("message", (event: MessageEvent) => this.received(event.data));
    // Deferred so the page's listeners are attached before the host can answer.
    queueMicrotask(() => this.post({ kind: "ready" }));
  }

  send(message: ClientMessage): void {
    if (this.state.kind !== "open") throw new Error("not connected to the Autocoder server");
    this.post({ kind: "request", message });
  }

  openFile(file: string, range?: Range): void {
    this.post(range ? { kind: "open", file, range } : { kind: "open", file });
  }

  onMessage(listener: (m: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onState(listener: (s: ConnectionState) => void): void {
    this.stateListeners.push(listener);
  }

  close(): void {
    // The host owns the connection; the panel closing ends it there.
  }

  private post(message: PageToHost): void {
    this.api.postMessage(message);
  }

  private received(data: unknown): void {
    const parsed = HostToPage.safeParse(data);
    if (!parsed.success) {
      this.problem(`the editor sent the dashboard a message it does not understand: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      return;
    }
    if (parsed.data.kind === "state") {
      this.state = parsed.data.state;
      for (const listener of this.stateListeners) listener(this.state);
    } else {
      for (const listener of this.messageListeners) listener(parsed.data.message);
    }
  }
}
