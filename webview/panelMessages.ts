import { z } from "zod";
import { ClientMessage, Range } from "../server/protocol";

// What the dashboard page and the VS Code extension say to each other through postMessage.
// The page posts `ready` first; its protocol requests carry their sequence number inside
// `message.id` and each gets exactly one reply, relayed from the server with `replyTo`.

export const PageToHost = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ready") }).strict(),
  z.object({ kind: z.literal("request"), message: ClientMessage }).strict(),
  /** Open a workspace file at a range (a finding's, a module's). */
  z.object({ kind: z.literal("open"), file: z.string().min(1).max(4096), range: Range.optional() }).strict(),
]);
export type PageToHost = z.infer<typeof PageToHost>;

export const ConnectionStateSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("connecting") }),
  z.object({ kind: z.literal("open") }),
  z.object({ kind: z.literal("closed"), reason: z.string(), retryInMs: z.number().nullable() }),
]);

export const HostToPage = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("state"), state: ConnectionStateSchema }),
  /** One server message as the server sent it; the page's ProtocolClient validates it. */
  z.object({ kind: z.literal("message"), message: z.unknown() }),
]);
export type HostToPage = z.infer<typeof HostToPage>;
