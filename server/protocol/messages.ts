import { z } from "zod";
import { Finding } from "./findings";
import { ModuleGraphView } from "./graph";
import { CumulativeInsights, TestPlan } from "./plans";
import { ImplementationRecord, IterationRecord } from "./records";
import { ServerStatus, WorkerIdSchema } from "./status";
import { IterationSummary } from "./summaries";

/** Bumped on any incompatible change; sent in the first server message. */
export const PROTOCOL_VERSION = 3;

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
  // Runs the six analysis perspectives now; `analysis.progress` follows, then the findings as the reply.
  z.object({ type: z.literal("analysis.run"), id: requestId }).strict(),
  // Stops this connection's analysis.run at the next perspective; that request then gets a `cancelled` error.
  z.object({ type: z.literal("analysis.cancel"), id: requestId }).strict(),
  /** The module import graph from the latest architecture pass (for the dashboard's picture). */
  z.object({ type: z.literal("graph.get"), id: requestId }).strict(),
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
  /**
   * Pushed when a pass changes the finding set: what is new or different, and what is gone.
   * A subscriber got the whole set on subscribe (`findings`) and applies these in order.
   */
  z.object({
    type: z.literal("findings.changed"),
    iteration: z.number().int().nullable(),
    upserted: z.array(Finding),
    removed: z.array(z.string()),
  }),
  /** The same for the merged test plans, with the running totals as they now stand. */
  z.object({
    type: z.literal("testPlans.changed"),
    iteration: z.number().int().nullable(),
    upserted: z.array(TestPlan),
    removed: z.array(z.string()),
    cumulative_insights: CumulativeInsights,
  }),
  z.object({ type: z.literal("implementation"), replyTo, records: z.array(ImplementationRecord) }),
  z.object({
    type: z.literal("analysis.progress"),
    /**
     * The id of the analysis.run request this belongs to; null for the analysis worker's first
     * pass of a large workspace, told to every subscriber.
     */
    run: z.number().int().min(0).nullable(),
    /** The perspective under way (or the last one, once all are done). */
    perspective: z.object({ id: z.string(), name: z.string() }),
    perspectives_done: z.number().int().min(0),
    perspectives_total: z.number().int().min(1),
    /** Files of the workspace read and parsed for this perspective; a perspective then checks them all. */
    files_done: z.number().int().min(0),
    files_total: z.number().int().min(0),
    /** Perspectives that failed so far, each with its reason. */
    failed: z.array(z.string()),
  }),
  /** The reply to `graph.get`; null until an architecture pass has run since the server started. */
  z.object({ type: z.literal("graph"), replyTo, graph: ModuleGraphView.nullable() }),
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
