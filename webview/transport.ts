import type { ClientMessage, ServerMessage } from "../server/protocol";

export type ConnectionState =
  | { kind: "connecting" }
  | { kind: "open" }
  | { kind: "closed"; reason: string; retryInMs: number | null };

/**
 * How the page talks to the server. The page knows only this and the protocol: a WebSocket in
 * a browser, postMessage inside VS Code.
 */
export interface Transport {
  send(message: ClientMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onState(listener: (state: ConnectionState) => void): void;
  close(): void;
}

export type { ServerMessage };
