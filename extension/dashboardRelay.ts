import type { ClientMessage } from "../server/protocol";
import type { HostToPage } from "../webview/panelMessages";
import { NodeWebSocketTransport, type NodeWebSocketTransportOptions } from "./nodeWebSocketTransport";

/**
 * The dashboard panel's own connection to the server the session talks to. Protocol messages
 * pass through unchanged both ways: the page's ProtocolClient numbers its requests and the
 * server answers each with `replyTo`, so one connection per page keeps every reply with the
 * request it answers. No `vscode` import: tested in plain Node against the real server.
 */
export class DashboardRelay {
  private transport: NodeWebSocketTransport | null = null;
  private target: NodeWebSocketTransportOptions | null = null;
  /** Set once the page has said `ready`: from then on the relay follows the session. */
  private wanted = false;

  constructor(private readonly post: (message: HostToPage) => void) {}

  /** (Re)connects to `target`; a page that (re)loaded gets a fresh subscription and so the whole state. */
  connect(target: NodeWebSocketTransportOptions): void {
    this.close();
    this.target = target;
    const transport = new NodeWebSocketTransport(target);
    this.transport = transport;
    transport.onState((state) => this.transport === transport && this.post({ kind: "state", state }));
    transport.onMessage((message) => this.transport === transport && this.post({ kind: "message", message }));
  }

  /**
   * The page is ready: connects to `target`, or, while the session has no server yet, tells the
   * page why and connects as soon as `follow` hands it one.
   */
  start(target: NodeWebSocketTransportOptions | null, whyNot: string): void {
    this.wanted = true;
    if (target) this.connect(target);
    else {
      this.close();
      this.target = null;
      this.post({ kind: "state", state: { kind: "closed", reason: whyNot, retryInMs: null } });
    }
  }

  /** Follows the session to its server once it has one, or to a new address (a restarted local server listens on another port). */
  follow(target: NodeWebSocketTransportOptions | null): void {
    if (!target || !this.wanted) return;
    if (target.url === this.target?.url && target.token === this.target.token) return;
    this.connect(target);
  }

  send(message: ClientMessage): void {
    if (!this.transport) throw new Error("the dashboard is not connected to the Autocoder server");
    this.transport.send(message);
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }

  /** The panel is gone: no more following. */
  dispose(): void {
    this.wanted = false;
    this.transport?.close();
    this.transport = null;
  }
}
