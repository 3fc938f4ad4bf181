import { z } from "zod";

/**
 * What running a unit on one planned input showed, as the characterization probe (a child
 * process running workspace code) reports it on stdout: a value the tests can assert, an error
 * it threw or rejected with, or why the outcome cannot be asserted faithfully.
 */
export const CaseObservation = z.discriminatedUnion("outcome", [
  z.object({
    outcome: z.literal("returns"),
    /** The value as a JavaScript expression that rebuilds it (`[1, "a"]`, `new Map([...])`). */
    literal: z.string(),
    /** Whether the call returned a promise, awaited to get the value. */
    awaited: z.boolean(),
    /** Whether the value is an object (compared deeply) rather than a primitive (compared with Object.is). */
    deep: z.boolean(),
  }),
  z.object({ outcome: z.literal("throws"), name: z.string(), message: z.string(), awaited: z.boolean() }),
  z.object({ outcome: z.literal("unassertable"), reason: z.string() }),
]);
export type CaseObservation = z.infer<typeof CaseObservation>;

/** One line of the probe's output: the case it ran and what it saw. */
export const ProbeLine = z.object({ case: z.string(), observation: CaseObservation });
export type ProbeLine = z.infer<typeof ProbeLine>;
