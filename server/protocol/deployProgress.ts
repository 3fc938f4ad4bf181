import { z } from "zod";

/**
 * One line of `autocoder deploy-space|deploy-dashboard --progress json` on stdout: the
 * extension runs the CLI and shows these under a progress notification.
 */
export const DeployProgressEvent = z.discriminatedUnion("type", [
  /** A step begins. */
  z
    .object({ type: z.literal("step"), step: z.number().int().min(1), steps: z.number().int().min(1), message: z.string() })
    .refine((e) => e.step <= e.steps, { message: "step is past the number of steps" }),
  /** What happened within the current step (the Space's stage, a file count). */
  z.object({ type: z.literal("note"), message: z.string() }),
  /** The server token deploy-space made up; sent once, never again retrievable. */
  z.object({ type: z.literal("generated-token"), token: z.string().min(16) }),
  z.object({ type: z.literal("done"), url: z.string().url() }),
  /** `status` is the Hub's HTTP status when it refused (401 token, 402 plan), else null. */
  z.object({ type: z.literal("failed"), message: z.string(), status: z.number().int().nullable() }),
]);
export type DeployProgressEvent = z.infer<typeof DeployProgressEvent>;
