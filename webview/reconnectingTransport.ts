import type { ClientMessage } from "../server/protocol";
import type { ConnectionState, Transport } from "./transport";

const MIN_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * What every WebSocket transport keeps whatever socket it wraps (the page's platform WebSocket,
 * the extension host's `ws`): its listeners, the parsing of what arrives, and the exponential
 * backoff between reconnects.
 */
export abstract class ReconnectingTransport implements Transport {
  private retryMs = MIN_RETRY_MS;
  private readonly messageListeners: ((m: unknown) => void)[] = [];
  private readonly stateListeners: ((s: ConnectionState) => void)[] = [];

  abstract send(message: ClientMessage): void;
  abstract close(): void;

  onMessage(listener: (m: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onState(listener: (s: ConnectionState) => void): void {
    this.stateListeners.push(listener);
  }

  /** A message as text: parsed, or passed on as `{ unparsable }` for the protocol layer to report. */
  protected emitMessage(text: string): void {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = { unparsable: text };
    }
    for (const listener of this.messageListeners) listener(data);
  }

  protected emitState(state: ConnectionState): void {
    for (const listener of this.stateListeners) listener(state);
  }

  /** The wait before the next attempt; each failure doubles it, up to 30 s. */
  protected nextRetryMs(): number {
    const wait = this.retryMs;
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    return wait;
  }

  protected connected(): void {
    this.retryMs = MIN_RETRY_MS;
  }
}
