import { z } from "zod";
import { Finding } from "./findings";
import { CumulativeInsights, TestPlan } from "./plans";
import { ImplementationRecord, IterationRecord } from "./records";
import { ServerStatus, WorkerIdSchema } from "./status";
import { IterationSummary } from "./summaries";

/** Bumped on any incompatible change; sent in the first server message. */
export const PROTOCOL_VERSION = 2;

/** Largest client message the server reads; bigger frames close the connection (1009). */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

// Every request may carry a sequence number `id`; its one reply carries it back as `replyTo`.
const requestId = z.number().int().min(0).optional();

export const ClientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("subscribe"), id: requestId }).strict(),
  z.object({ type: z.literal("status.get"), id: requestId }).strict(),
  z.object({ type: z.literal("worker.start"), id: requestId, worker: WorkerIdSchema }).strict(),
  /** One whole stored record (pushes carry only its summary); among each worker's latest 200. */
  z.object({ type: z.literal("record.get"), id: requestId, worker: WorkerIdSchema, iteration: z.number().int().min(0) }).strict(),
  z.object({ type: z.literal("worker.stop"), id: requestId, worker: WorkerIdSchema }).strict(),
  z
    .object({
      type: z.literal("implementation.request"),
      id: requestId,
      findingId: z.string().min(1).max(512).optional(),
      planId: z.string().min(1).max(512).optional(),
    })
    .strict()
    .refine((m) => (m.findingId === undefined) !== (m.planId === undefined), {
      message: "give exactly one of findingId or planId",
    }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

const replyTo = z.number().int().min(0).optional();

export const ServerMessage = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("hello"),
    protocol: z.number().int(),
    version: z.string(),
    workspace: z.string(),
  }),
  z.object({ type: z.literal("status"), replyTo, status: ServerStatus }),
  /** Pushed when an iteration is stored: its summary, not the record. */
  z.object({ type: z.literal("iteration"), summary: IterationSummary }),
  /** Sent on subscribe: each worker's recent summaries, oldest first. */
  z.object({ type: z.literal("history"), replyTo, summaries: z.array(IterationSummary) }),
  /** The reply to `record.get`. */
  z.object({ type: z.literal("record"), replyTo, record: IterationRecord }),
  z.object({ type: z.literal("findings"), replyTo, iteration: z.number().int().nullable(), findings: z.array(Finding) }),
  z.object({
    type: z.literal("testPlans"),
    replyTo,
    iteration: z.number().int().nullable(),
    plans: z.array(TestPlan),
    cumulative_insights: CumulativeInsights,
  }),
  z.object({ type: z.literal("implementation"), replyTo, records: z.array(ImplementationRecord) }),
  z.object({ type: z.literal("error"), replyTo, code: z.string(), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string; replyTo?: number };

/** Describes zod issues as one line a developer can act on: `worker: Invalid option …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

function parseWith<T>(schema: z.ZodType<T>, raw: string, what: string): ParseResult<T> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    return { ok: false, error: `${what} is not valid JSON: ${(err as Error).message}` };
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  // Echo the sequence number when it is readable, so a request promise still settles.
  const id = typeof data === "object" && data !== null ? (data as { id?: unknown }).id : undefined;
  const parsed: ParseResult<T> = { ok: false, error: `invalid ${what}: ${describeIssues(result.error)}` };
  // Only a number the reply schema accepts: echoing 1e300 would make the server break its own protocol.
  if (typeof id === "number" && Number.isSafeInteger(id) && id >= 0) parsed.replyTo = id;
  return parsed;
}

export function parseClientMessage(raw: string): ParseResult<ClientMessage> {
  return parseWith(ClientMessage, raw, "message");
}

export function parseServerMessage(raw: string): ParseResult<ServerMessage> {
  return parseWith(ServerMessage, raw, "server message");
}
